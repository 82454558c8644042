/**
 * The EIP-712 messages operators sign (`sll approve | reject | pause | resume`). Pure data: the CLI signs
 * them (viem `signTypedData`), the approval verification activity recovers the signer from them, and the
 * workflows carry the signatures in their history. Nothing here signs or recovers.
 */

/** The EIP-712 domain of every operator message (no chain: the message binds plan and policy instead). */
export const operatorDomain = { name: 'sll-orchestrator', version: '1' } as const

/** EIP-712 types of a decision on one move, and of a pause / resume. */
export const operatorTypes = {
  MoveDecision: [
    { name: 'planId', type: 'string' },
    { name: 'moveIndex', type: 'uint256' },
    { name: 'from', type: 'string' },
    { name: 'to', type: 'string' },
    { name: 'amount', type: 'string' },
    { name: 'policySha256', type: 'bytes32' },
    { name: 'planHash', type: 'bytes32' },
    { name: 'decision', type: 'string' },
    { name: 'deadline', type: 'uint256' },
  ],
  OperatorAction: [
    { name: 'action', type: 'string' },
    { name: 'reason', type: 'string' },
    { name: 'policySha256', type: 'bytes32' },
    { name: 'nonce', type: 'string' },
    { name: 'deadline', type: 'uint256' },
  ],
} as const

/** What an approver decides on: the exact move (amounts in whole USD, decimal string as in the plan). */
export type MoveDecisionMessage = {
  planId: string
  moveIndex: number
  from: string
  to: string
  amount: string
  /** sha256 (hex, 64 digits, no 0x) of the policy file the plan was made under. */
  policySha256: string
  /** sha256 (hex, no 0x) of the plan's moves ({@link planMovesText}). */
  planHash: string
  decision: 'approve' | 'reject'
  /** Unix seconds after which the signature is refused (checked against workflow time). */
  deadline: number
}

/** A pause or resume of the whole orchestrator. `nonce` makes each action's signature single-use. */
export type OperatorActionMessage = {
  action: 'pause' | 'resume'
  reason: string
  /** sha256 of the policy file whose approvers may pause (the worker must accept that file). */
  policySha256: string
  nonce: string
  deadline: number
}

/** A message with its 65-byte signature (0x hex). */
export type Signed<T> = { message: T; signature: `0x${string}` }

const bytes32 = (hex: string): `0x${string}` => `0x${hex.replace(/^0x/, '')}`

/** The typed-data arguments (domain, types, primaryType, message) of a move decision, for viem. */
export function moveDecisionTypedData(m: MoveDecisionMessage) {
  return {
    domain: operatorDomain,
    types: operatorTypes,
    primaryType: 'MoveDecision' as const,
    message: {
      planId: m.planId,
      moveIndex: BigInt(m.moveIndex),
      from: m.from,
      to: m.to,
      amount: m.amount,
      policySha256: bytes32(m.policySha256),
      planHash: bytes32(m.planHash),
      decision: m.decision,
      deadline: BigInt(m.deadline),
    },
  }
}

/** The typed-data arguments of a pause / resume, for viem. */
export function operatorActionTypedData(m: OperatorActionMessage) {
  return {
    domain: operatorDomain,
    types: operatorTypes,
    primaryType: 'OperatorAction' as const,
    message: {
      action: m.action,
      reason: m.reason,
      policySha256: bytes32(m.policySha256),
      nonce: m.nonce,
      deadline: BigInt(m.deadline),
    },
  }
}

/**
 * The canonical text of a plan's moves that {@link MoveDecisionMessage.planHash} hashes (sha256): one line
 * per move, `index from to amount needsApproval`. An approver signs the whole plan, not only one move.
 */
export function planMovesText(
  moves: ReadonlyArray<{ from: string; to: string; amount: string; needsApproval: boolean }>,
): string {
  return moves.map((m, i) => `${i} ${m.from} ${m.to} ${m.amount} ${m.needsApproval}`).join('\n')
}
