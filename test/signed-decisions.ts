import type { Client } from '@temporalio/client'
import type { Hex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { devnetApprovers } from '../chains/devnet-approvers.js'
import { signMoveDecision } from '../lib/approver-key.js'
import {
  approvalRequestStatusQuery,
  approvalWorkflowId,
  type ExpectedMove,
  type MoveDecision,
} from '../workflows/messages.js'

/** A key of nobody in any policy (account 15 of the anvil mnemonic: never an approver). */
export const MALLORY_KEY: Hex = '0xc9c6e5f3c5f2b4f9d8a0a2f8f9f6d4c0e7b3a1f2e4d6c8b0a9f7e5d3c1b2a4f6'

/** The devnet approver key of a test approver name (`alice` = `ops-alice`, …), else Mallory's. */
export function keyOf(approver: string): Hex {
  const id = (approver.startsWith('ops-') ? approver : `ops-${approver}`) as keyof typeof devnetApprovers
  return devnetApprovers[id]?.privateKey ?? MALLORY_KEY
}

/** A decision as tests write it: who signs, and optionally a move other than the one held. */
export type TestDecision = {
  moveIndex: number
  approver: string
  decision: 'approve' | 'reject'
  reason?: string
  expected?: ExpectedMove
  /** Unix seconds; default in 10 minutes. */
  deadline?: number
  planHash?: string
}

/**
 * Signs a decision on the move an approval request holds (or on `expected` instead), the way `sll approve`
 * does, with the approver's devnet key.
 */
export async function signedDecision(client: Client, planId: string, d: TestDecision): Promise<MoveDecision> {
  const held = await client.workflow
    .getHandle(approvalWorkflowId(planId, d.moveIndex))
    .query(approvalRequestStatusQuery)
  const signed = await signMoveDecision(privateKeyToAccount(keyOf(d.approver)), {
    planId,
    moveIndex: d.moveIndex,
    from: d.expected?.from ?? held.from,
    to: d.expected?.to ?? held.to,
    amount: d.expected?.amount ?? held.amount,
    policySha256: d.expected?.policySha ?? held.policy.sha256,
    planHash: d.planHash ?? held.planHash,
    decision: d.decision,
    deadline: d.deadline ?? Math.floor(Date.now() / 1000) + 600,
  })
  return { signed, ...(d.reason ? { reason: d.reason } : {}) }
}
