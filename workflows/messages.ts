import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow'
import type { RelayerRemoval } from '../policies/availability.js'
import type { Plan } from '../policies/plan.js'

/** A human decision on one move that waits for approval. */
export type MoveDecision = {
  moveIndex: number
  approver: string
  decision: 'approve' | 'reject'
  reason?: string
}

/** What the approve / reject update returns. */
export type MoveDecisionResult = { moveIndex: number; state: 'approved' | 'rejected'; approver: string }

/** Approve or reject a pending move (validator: approver allowlisted, move still pending). */
export const decideMoveUpdate = defineUpdate<MoveDecisionResult, [MoveDecision]>('decideMove')

/** Stop sending new transactions (in-flight bridges still complete). */
export const pauseSignal = defineSignal<[{ by: string; reason?: string }]>('pause')

/** Allow transactions again. */
export const resumeSignal = defineSignal<[{ by: string }]>('resume')

/** Where one move of a plan stands. */
export type MoveState =
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
    approver?: string
    moveWorkflowId?: string
  }>
}

/** Current status of a cycle. */
export const cycleStatusQuery = defineQuery<CycleStatus>('cycleStatus')

/** Where a move stands, step by step. */
export type MoveProgress = {
  step: 'preparing' | 'withdrawing' | 'converting' | 'bridging' | 'awaiting-delivery' | 'depositing' | 'done'
  paused: boolean
  guid?: string
}

/** Current progress of a move. */
export const moveProgressQuery = defineQuery<MoveProgress>('moveProgress')
