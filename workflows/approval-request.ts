import {
  condition,
  getExternalWorkflowHandle,
  log,
  ParentClosePolicy,
  setHandler,
  sleep,
  startChild,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow'
import { moveEndChain } from '../policies/move-end.js'
import { searchAttributes } from '../temporal.config.js'
import { executeMove, type MoveOutcome } from './execute-move.js'
import {
  type ApprovalRequestStatus,
  approvalRequestStatusQuery,
  decideMoveUpdate,
  type ExpectedMove,
  moveWorkflowId,
  notPendingReason,
  pauseSignal,
  resumeSignal,
  supersedeUpdate,
} from './messages.js'

/** Input of one approval request: the exact move of the plan, and the policy's approval rules. */
export type ApprovalRequestInput = {
  planId: string
  index: number
  from: string
  to: string
  /** Whole USD, decimal string. */
  amount: string
  policy: { name: string; sha256: string }
  dependsOn: number[]
  approvers: string[]
  /** Milliseconds from the start of the request until the move expires. */
  timeoutMs: number
  /** The cycle was paused when it asked. */
  paused?: boolean
}

/** What an approval request ended with. */
export type ApprovalRequestResult = {
  state: ApprovalRequestStatus['state']
  supersededBy?: string
  outcome?: MoveOutcome
}

function mismatch(status: ApprovalRequestStatus, expected: ExpectedMove | undefined): string | undefined {
  if (!expected) return undefined
  const differs: string[] = []
  if (expected.from !== undefined && expected.from !== status.from) differs.push(`from ${status.from}`)
  if (expected.to !== undefined && expected.to !== status.to) differs.push(`to ${status.to}`)
  if (expected.amount !== undefined && Number(expected.amount) !== Number(status.amount))
    differs.push(`amount ${status.amount} USD`)
  if (expected.policySha !== undefined && !status.policy.sha256.startsWith(expected.policySha))
    differs.push(`policy sha ${status.policy.sha256}`)
  return differs.length > 0 ? differs.join(', ') : undefined
}

/**
 * One move waiting for a human, durable on its own so that its cycle can finish and later cycles keep
 * planning (issue 11). Started by the cycle with ParentClosePolicy ABANDON and id
 * `<plan-id>/move-<n>/approval`; holds the exact move (ends, amount, policy sha). Until decided it is
 * `awaiting-approval` in `SllStatus`, which `readControlState` does not count as money in flight. Ends:
 * - approved (Update `decideMove`): runs the move as the `executeMove` child `<plan-id>/move-<n>` (the same
 *   id, hence the same transaction keys, as a move the cycle runs itself); `SllStatus` is `approved`
 *   while it runs, so later cycles wait for it;
 * - rejected, or expired after the policy's `approvals.timeout`: nothing moves;
 * - superseded (Update `supersede` from a later cycle, before it plans): nothing moves, and an approval
 *   sent afterwards is refused with the newer plan's id.
 */
export async function approvalRequest(input: ApprovalRequestInput): Promise<ApprovalRequestResult> {
  const startedAt = workflowInfo().startTime.getTime()
  const status: ApprovalRequestStatus = {
    planId: input.planId,
    index: input.index,
    from: input.from,
    to: input.to,
    amount: input.amount,
    policy: input.policy,
    dependsOn: input.dependsOn,
    state: 'pending-approval',
    expiresAt: new Date(startedAt + input.timeoutMs).toISOString(),
    paused: input.paused ?? false,
  }
  setHandler(approvalRequestStatusQuery, () => status)
  setHandler(pauseSignal, async (args) => {
    status.paused = true
    if (status.moveWorkflowId)
      await getExternalWorkflowHandle(status.moveWorkflowId).signal(pauseSignal, args)
  })
  setHandler(resumeSignal, async (args) => {
    status.paused = false
    if (status.moveWorkflowId) {
      await getExternalWorkflowHandle(status.moveWorkflowId)
        .signal(resumeSignal, args)
        .catch(() => undefined)
    }
  })
  setHandler(
    decideMoveUpdate,
    (decision) => {
      status.state = decision.decision === 'approve' ? 'approved' : 'rejected'
      status.approver = decision.approver
      if (decision.reason) status.reason = decision.reason
      log.info('move decided', { ...decision })
      return { moveIndex: input.index, state: status.state, approver: decision.approver }
    },
    {
      validator: (decision) => {
        if (!input.approvers.includes(decision.approver)) {
          throw new Error(
            `approver "${decision.approver}" is not allowed by the policy (approvals.approvers: ${input.approvers.join(', ') || 'none'})`,
          )
        }
        if (decision.moveIndex !== input.index) {
          throw new Error(
            `this request holds move ${input.index} of plan ${input.planId}, not move ${decision.moveIndex}`,
          )
        }
        const notPending = notPendingReason(status)
        if (notPending) throw new Error(notPending)
        const differs = mismatch(status, decision.expected)
        if (differs) {
          throw new Error(
            `move ${input.index} of plan ${input.planId} is not the move you decided on: it has ${differs}; check sll status ${input.planId} and decide again`,
          )
        }
      },
    },
  )
  setHandler(supersedeUpdate, ({ byPlanId }) => {
    if (status.state === 'pending-approval' || status.state === 'superseded') {
      if (status.state === 'pending-approval') {
        status.state = 'superseded'
        status.supersededBy = byPlanId
        log.info('approval request superseded', { byPlanId })
      }
      return { state: 'superseded', ...(status.supersededBy ? { supersededBy: status.supersededBy } : {}) }
    }
    return { state: status.state }
  })

  upsertSearchAttributes([
    { key: searchAttributes.planId, value: input.planId },
    { key: searchAttributes.policySha, value: input.policy.sha256 },
    { key: searchAttributes.status, value: 'awaiting-approval' },
    { key: searchAttributes.chains, value: [...new Set([moveEndChain(input.from), moveEndChain(input.to)])] },
    { key: searchAttributes.totalUsd, value: Number(input.amount) },
  ])
  const decided = await condition(
    () => status.state !== 'pending-approval',
    Math.max(1, startedAt + input.timeoutMs - Date.now()),
  )
  if (!decided) status.state = 'expired'
  if (status.state !== 'approved') {
    upsertSearchAttributes([{ key: searchAttributes.status, value: status.state }])
    if (status.state !== 'rejected') {
      // Stay open a while so that a late approval gets the validator's refusal naming the newer plan or the
      // expiry (a closed workflow only answers "not found"): a superseded request until its own deadline,
      // an expired one for as long again (at most an hour). Neither holds money meanwhile.
      const lingerUntil =
        status.state === 'superseded'
          ? startedAt + input.timeoutMs
          : Date.now() + Math.min(input.timeoutMs, 3_600_000)
      await sleep(Math.max(1, lingerUntil - Date.now()))
    }
    return { state: status.state, ...(status.supersededBy ? { supersededBy: status.supersededBy } : {}) }
  }

  // Approved: from now on this is money in flight; later cycles wait for it (readControlState).
  upsertSearchAttributes([{ key: searchAttributes.status, value: 'approved' }])
  await condition(() => !status.paused)
  const id = moveWorkflowId(input.planId, input.index)
  const child = await startChild(executeMove, {
    workflowId: id,
    args: [
      { planId: input.planId, index: input.index, from: input.from, to: input.to, amount: input.amount },
    ],
    parentClosePolicy: ParentClosePolicy.ABANDON,
    typedSearchAttributes: [
      { key: searchAttributes.planId, value: input.planId },
      {
        key: searchAttributes.chains,
        value: [...new Set([moveEndChain(input.from), moveEndChain(input.to)])],
      },
      { key: searchAttributes.totalUsd, value: Number(input.amount) },
    ],
  })
  status.moveWorkflowId = id
  status.state = 'running'
  if (status.paused) {
    await getExternalWorkflowHandle(id)
      .signal(pauseSignal, { by: 'approval request (paused)' })
      .catch(() => undefined)
  }
  const outcome = await child.result()
  status.state = outcome.status
  upsertSearchAttributes([{ key: searchAttributes.status, value: outcome.status }])
  return { state: outcome.status, outcome }
}
