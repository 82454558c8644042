import { resolve } from 'node:path'
import { getAddress, type Hex, recoverTypedDataAddress } from 'viem'
import { NonRetryableError } from '../lib/errors.js'
import {
  type MoveDecisionMessage,
  moveDecisionTypedData,
  type OperatorActionMessage,
  operatorActionTypedData,
  type Signed,
} from '../lib/signed-messages.js'
import type { Policy } from '../policies/policy-schema.js'
import { loadPolicy } from './policy-file.js'

/** A signature that does not recover to an approver of the policy, or a move nobody may execute. */
export class ApprovalRefusedError extends NonRetryableError {
  override readonly name = 'ApprovalRefusedError'
  readonly context: Record<string, unknown>
  constructor(message: string, context: Record<string, unknown>, instruction: string) {
    super(message, { instruction })
    this.context = context
  }
}

/** A move an activity refuses to sign for: it carries no valid authorization of an accepted policy. */
export class UnauthorizedMoveError extends NonRetryableError {
  override readonly name = 'UnauthorizedMoveError'
  readonly context: Record<string, unknown>
  constructor(message: string, context: Record<string, unknown>) {
    super(message, {
      instruction:
        'Moves run only as children of an allocationCycle (auto-approved within approvals.autoApproveMaxUsd) or of an approvalRequest with the policy threshold of signed approvals. Nothing was signed; start a cycle instead (sll rebalance).',
    })
    this.context = context
  }
}

/** Why a move may be executed: within the auto-approve limit, or the signed approvals of its request. */
export type MoveApproval = { kind: 'auto' } | { kind: 'signed'; votes: Array<Signed<MoveDecisionMessage>> }

/**
 * The authorization a move carries into every step that signs a transaction: the policy it was planned
 * under (path and sha256: the worker reloads the file and checks both), the plan hash and the approval.
 */
export type MoveAuthorization = {
  policyPath: string
  policySha256: string
  planHash: string
  approval: MoveApproval
}

/** The move an authorization is checked against (the fields of `ExecuteMoveInput`). */
export type AuthorizedMove = {
  planId: string
  index: number
  from: string
  to: string
  amount: string
  authorization?: MoveAuthorization
}

/**
 * The policy files this worker accepts (`SLL_ACCEPTED_POLICIES`, comma-separated paths), or undefined when
 * unset (development: any file the worker can read). A cycle or a move under any other file is refused.
 */
export function acceptedPolicyPaths(env: NodeJS.ProcessEnv = process.env): string[] | undefined {
  const raw = env.SLL_ACCEPTED_POLICIES?.trim()
  if (!raw) return undefined
  return raw
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p.length > 0)
    .map((p) => resolve(p))
}

/**
 * Loads a policy the worker accepts: the path must be listed in `SLL_ACCEPTED_POLICIES` (when set) and,
 * when `sha256` is given, the file must still hash to it.
 *
 * @throws {UnauthorizedMoveError} when the path is not accepted or the file changed.
 */
export async function loadAcceptedPolicy(
  path: string,
  sha256?: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ policy: Policy; sha256: string }> {
  const accepted = acceptedPolicyPaths(env)
  if (accepted && !accepted.includes(resolve(path))) {
    throw new UnauthorizedMoveError(
      `policy ${path} is not accepted by this worker (SLL_ACCEPTED_POLICIES: ${accepted.join(', ')})`,
      { policyPath: path },
    )
  }
  const { policy, ref } = await loadPolicy(path)
  if (sha256 !== undefined && ref.sha256 !== sha256) {
    throw new UnauthorizedMoveError(
      `policy ${path} has sha256 ${ref.sha256}, not ${sha256}: the file changed since the plan was made`,
      { policyPath: path, expected: sha256, actual: ref.sha256 },
    )
  }
  return { policy, sha256: ref.sha256 }
}

async function recover(
  typedData: ReturnType<typeof moveDecisionTypedData> | ReturnType<typeof operatorActionTypedData>,
  signature: string,
): Promise<`0x${string}`> {
  if (!/^0x[0-9a-fA-F]{130}$/.test(signature)) {
    throw new ApprovalRefusedError(
      'the signature is not 65 bytes of 0x-prefixed hex',
      { signature: signature.slice(0, 20) },
      'Sign again with `sll approve` (or `sll pause`) and an approver key.',
    )
  }
  try {
    return getAddress(await recoverTypedDataAddress({ ...typedData, signature: signature as Hex }))
  } catch (error) {
    throw new ApprovalRefusedError(
      `the signature does not recover to any address (${(error as Error).message.split('\n')[0]})`,
      {},
      'Sign again with `sll approve` (or `sll pause`) and an approver key.',
    )
  }
}

/** The address that signed a move decision (EIP-712). Pure JS (viem), no I/O. */
export function recoverMoveDecisionSigner(signed: Signed<MoveDecisionMessage>): Promise<`0x${string}`> {
  return recover(moveDecisionTypedData(signed.message), signed.signature)
}

/** The address that signed a pause / resume (EIP-712). */
export function recoverOperatorActionSigner(signed: Signed<OperatorActionMessage>): Promise<`0x${string}`> {
  return recover(operatorActionTypedData(signed.message), signed.signature)
}

/** The approver of `policy` whose key is `address`, if any. */
export function approverOf(policy: Policy, address: string): { id: string; address: string } | undefined {
  return policy.approvals?.approvers.find((a) => a.address.toLowerCase() === address.toLowerCase())
}

/**
 * Re-verifies, in the activity that is about to sign, that a move may be executed: its policy is accepted
 * and unchanged, and it is auto-approved within that policy's limit, or carries signed approvals of the
 * exact move (plan, index, ends, amount, policy sha, plan hash) by `threshold` distinct approvers of that
 * policy. A forged `executeMove` input, or one a rogue poller made up, gets nothing signed.
 *
 * @throws {UnauthorizedMoveError} naming what is missing.
 */
export async function verifyMoveAuthorization(
  move: AuthorizedMove,
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ kind: 'auto' | 'signed'; approvers: string[] }> {
  const where = { planId: move.planId, index: move.index, amount: move.amount }
  const auth = move.authorization
  if (!auth) {
    throw new UnauthorizedMoveError(
      `move ${move.index} of plan ${move.planId} carries no authorization (policy and approval)`,
      where,
    )
  }
  const { policy } = await loadAcceptedPolicy(auth.policyPath, auth.policySha256, env)
  const limit = policy.approvals?.autoApproveMaxUsd ?? 0
  const amount = Number(move.amount)
  if (!Number.isFinite(amount) || amount < 0) {
    throw new UnauthorizedMoveError(`move amount ${JSON.stringify(move.amount)} is not a USD amount`, where)
  }
  if (auth.approval.kind === 'auto') {
    if (policy.approvals && amount <= limit) return { kind: 'auto', approvers: [] }
    throw new UnauthorizedMoveError(
      `move ${move.index} of plan ${move.planId} (${move.amount} USD) is above the auto-approve limit of ${policy.name} (${policy.approvals ? `${limit} USD` : 'none: every move needs approval'}) and carries no signed approval`,
      where,
    )
  }
  const threshold = policy.approvals?.threshold ?? 1
  const signers = new Set<string>()
  const ids: string[] = []
  for (const vote of auth.approval.votes) {
    const m = vote.message
    const same =
      m.planId === move.planId &&
      m.moveIndex === move.index &&
      m.from === move.from &&
      m.to === move.to &&
      Number(m.amount) === amount &&
      m.policySha256 === auth.policySha256 &&
      m.planHash === auth.planHash &&
      m.decision === 'approve'
    if (!same) continue
    const signer = await recoverMoveDecisionSigner(vote).catch(() => undefined)
    const approver = signer ? approverOf(policy, signer) : undefined
    if (!signer || !approver || signers.has(signer)) continue
    signers.add(signer)
    ids.push(approver.id)
  }
  if (signers.size < threshold) {
    throw new UnauthorizedMoveError(
      `move ${move.index} of plan ${move.planId} carries ${signers.size} valid signed approval(s) of this exact move by approvers of ${policy.name}; the policy needs ${threshold}`,
      { ...where, valid: ids, threshold },
    )
  }
  return { kind: 'signed', approvers: ids }
}

/**
 * Verifies a signed pause / resume: the policy file is accepted and hashes to the signed sha, and the
 * signer is one of its approvers. Returns that approver.
 *
 * @throws {ApprovalRefusedError} when the signer is not an approver of the policy.
 */
export async function verifyOperatorAction(
  input: { signed: Signed<OperatorActionMessage>; policyPath: string },
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ id: string; address: string }> {
  const { policy } = await loadAcceptedPolicy(input.policyPath, input.signed.message.policySha256, env)
  const signer = await recoverOperatorActionSigner(input.signed)
  const approver = approverOf(policy, signer)
  if (!approver) {
    throw new ApprovalRefusedError(
      `${input.signed.message.action} refused: it was signed by ${signer}, which is not an approver of ${policy.name} (approvals.approvers)`,
      { signer, policy: policy.name },
      'Sign with the key of an approver listed in the policy (--key-file or SLL_APPROVER_KEY).',
    )
  }
  return { id: approver.id, address: approver.address }
}
