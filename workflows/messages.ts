import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow'
import type { MoveDecisionMessage, Signed } from '../lib/signed-messages.js'
import type { RelayerRemoval } from '../policies/availability.js'
import type { Plan } from '../policies/plan.js'

/**
 * A signed decision on one move that waits for approval: the EIP-712 `MoveDecision` message (plan, move,
 * ends, amount, policy sha, plan hash, decision, deadline) and its signature. The signer is recovered, not
 * claimed: it must be an approver of the policy (`approvals.approvers[].address`).
 */
export type MoveDecision = {
  signed: Signed<MoveDecisionMessage>
  reason?: string
}

/** The exact move an approver decides on (flags of `sll approve`, compared before signing). */
export type ExpectedMove = {
  from?: string | undefined
  to?: string | undefined
  amount?: string | undefined
  policySha?: string | undefined
}

/** What the approve / reject update returns: the request's state after the vote. */
export type MoveDecisionResult = {
  moveIndex: number
  state: 'approved' | 'rejected' | 'pending-approval'
  /** Id of the approver whose key signed this decision. */
  approver: string
  /** Distinct approvers that approved so far, and how many the policy needs. */
  approvals: number
  threshold: number
}

/** One counted vote, as kept in the request's status (the signature is in the Update's history event). */
export type ApprovalVote = {
  approver: string
  address: string
  decision: 'approve' | 'reject'
  signature: string
}

/**
 * Approve or reject a pending move, sent to its `approvalRequest` workflow (`<plan-id>/move-<n>/approval`).
 * Validator: the signed message is this exact move (plan hash and policy sha included), the deadline has not
 * passed (workflow time), the move is still pending. Handler: the signer is recovered (activity) and must be
 * an approver that has not voted yet; `threshold` distinct approvals approve, one rejection rejects.
 */
export const decideMoveUpdate = defineUpdate<MoveDecisionResult, [MoveDecision]>('decideMove')

/** Stop sending new transactions (in-flight bridges still complete). */
export const pauseSignal = defineSignal<[{ by: string; reason?: string }]>('pause')

/** Allow transactions again. */
export const resumeSignal = defineSignal<[{ by: string }]>('resume')

/** Where one move of a plan stands. */
export type MoveState =
  /** Waiting for the moves whose arrival it spends (`dependsOn`). */
  | 'waiting'
  /** A move it depends on did not complete: its money is not there, so it never started. */
  | 'blocked'
  /** It depends on a move needing approval: left to a later cycle, which plans it again. */
  | 'deferred'
  /** Handed to its own `approvalRequest` workflow (`approvalWorkflowId`); the cycle does not wait. */
  | 'approval-requested'
  /** A later cycle planned again before anyone decided (`supersededBy`). */
  | 'superseded'
  | 'pending-approval'
  | 'approved'
  | 'rejected'
  | 'expired'
  | 'running'
  | 'completed'
  | 'parked'
  | 'failed'
  | 'skipped-paused'
  | 'skipped-relayer-removed'

/** The status of a cycle as `sll status` shows it. */
export type CycleStatus = {
  planId: string
  phase:
    | 'reading'
    | 'planning'
    | 'awaiting-approval'
    | 'executing'
    | 'completed'
    | 'nothing-to-do'
    | 'paused'
    | 'skipped'
    | 'relayer-removed'
  paused: boolean
  /**
   * Chains whose controller no longer grants RELAYER to the signer (FREEZER), seen by this cycle's snapshot
   * or by a move's step: nothing further is sent until governance grants the role again.
   */
  relayerRemoved?: RelayerRemoval[]
  policy?: { name: string; sha256: string }
  /** The whole plan, once made. */
  plan?: Plan
  /** When the cycle began waiting for approvals and when they expire (ISO times; metrics, alerts). */
  approvalWindow?: { since: string; deadline: string }
  moves: Array<{
    index: number
    from: string
    to: string
    amount: string
    needsApproval: boolean
    state: MoveState
    /** Indices of the moves of this plan whose arrival this move spends; it starts after them. */
    dependsOn: number[]
    approver?: string
    moveWorkflowId?: string
    /** For a move needing approval: the workflow that holds it until decided. */
    approvalWorkflowId?: string
  }>
}

/** Current status of a cycle. */
export const cycleStatusQuery = defineQuery<CycleStatus>('cycleStatus')

/** Where a move stands, step by step. */
export type MoveProgress = {
  step:
    | 'preparing'
    | 'withdrawing'
    | 'converting'
    | 'bridging'
    | 'awaiting-delivery'
    | 'depositing'
    | 'waiting-for-rate-limit'
    | 'done'
  paused: boolean
  guid?: string
  /** While `waiting-for-rate-limit`: the key, the timer's seconds, and the shortfall as one line. */
  rateLimitWait?: { chain: string; key: string; label: string; seconds: number; text: string }
}

/** Current progress of a move. */
export const moveProgressQuery = defineQuery<MoveProgress>('moveProgress')

/** The id of the workflow that holds move `index` of a plan until an approver decides. */
export function approvalWorkflowId(planId: string, index: number): string {
  return `${planId}/move-${index}/approval`
}

/** The id of the `executeMove` workflow of move `index` of a plan. */
export function moveWorkflowId(planId: string, index: number): string {
  return `${planId}/move-${index}`
}

/** Where an approval request stands, as `sll status` shows it. */
export type ApprovalRequestStatus = {
  planId: string
  index: number
  from: string
  to: string
  amount: string
  policy: { name: string; sha256: string }
  /** sha256 of the plan's moves, which a signed decision binds (`lib/signed-messages.ts`). */
  planHash: string
  dependsOn: number[]
  /** Distinct approvals a move needs (`approvals.threshold`), and the votes counted so far. */
  threshold: number
  votes: ApprovalVote[]
  state:
    | 'pending-approval'
    | 'approved'
    | 'rejected'
    | 'expired'
    | 'superseded'
    | 'running'
    | MoveOutcomeStatus
  /** ISO time after which the move expires unless decided. */
  expiresAt: string
  approver?: string
  reason?: string
  supersededBy?: string
  moveWorkflowId?: string
  paused: boolean
}

/** Final states of a move that ran. */
export type MoveOutcomeStatus = 'completed' | 'parked' | 'failed'

/** Current status of an approval request. */
export const approvalRequestStatusQuery = defineQuery<ApprovalRequestStatus>('approvalRequestStatus')

/** What a supersede request answers: `superseded`, or the state that kept the request alive. */
export type SupersedeResult = { state: ApprovalRequestStatus['state']; supersededBy?: string }

/**
 * Sent by a later cycle before it plans: a still-pending request becomes `superseded` (the newer plan
 * re-plans that money); a request already approved keeps running and says so.
 */
export const supersedeUpdate = defineUpdate<SupersedeResult, [{ byPlanId: string }]>('supersede')

/**
 * Why a request cannot be decided any more (superseded: names the newer plan; expired; decided), or
 * undefined while it is pending. The request's Update validator and `sll approve` (for a request that has
 * closed) say the same.
 */
export function notPendingReason(status: ApprovalRequestStatus): string | undefined {
  const label = `move ${status.index} of plan ${status.planId}`
  switch (status.state) {
    case 'pending-approval':
      return undefined
    case 'superseded':
      return `${label} was superseded by plan ${status.supersededBy}: that plan re-planned this money; decide on its moves instead (sll status)`
    case 'expired':
      return `${label} expired at ${status.expiresAt} without a decision; a later cycle plans it again (sll status)`
    default:
      return `${label} is ${status.state}, not pending approval`
  }
}
