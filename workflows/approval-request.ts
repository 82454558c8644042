import {
  ActivityFailure,
  ApplicationFailure,
  allHandlersFinished,
  condition,
  getExternalWorkflowHandle,
  log,
  ParentClosePolicy,
  proxyActivities,
  setHandler,
  sleep,
  startChild,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow'
import type { Activities } from '../activities/index.js'
import type { MoveDecisionMessage, Signed } from '../lib/signed-messages.js'
import { moveEndChain } from '../policies/move-end.js'
import { searchAttributes } from '../temporal.config.js'
import { type ExecuteMoveInput, executeMove, type MoveOutcome } from './execute-move.js'
import {
  type ApprovalRequestStatus,
  approvalRequestStatusQuery,
  decideMoveUpdate,
  type MoveDecisionResult,
  moveWorkflowId,
  notPendingReason,
  pauseSignal,
  resumeSignal,
  supersedeUpdate,
} from './messages.js'
import { NON_RETRYABLE_TYPES } from './retry.js'

/**
 * Input of one approval request: the exact move of the plan, and the policy's approval rules. `bridge`,
 * `convertOn` and `cctpAttestationWaitMs` are what the plan says about how the move runs: passed on to its
 * `executeMove` unchanged (an approved USDC move planned over CCTP takes CCTP).
 */
export type ApprovalRequestInput = {
  planId: string
  index: number
  from: string
  to: string
  /** Whole USD, decimal string. */
  amount: string
  policy: { name: string; sha256: string }
  dependsOn: number[]
  /** The policy file the plan was made under (the move's steps reload and check it). */
  policyPath: string
  /** sha256 of the plan's moves (`planMovesText`): what a signed decision binds besides the move. */
  planHash: string
  /** Who may sign (`approvals.approvers`) and how many distinct approvals a move needs. */
  approvers: Array<{ id: string; address: string }>
  threshold: number
  /** Milliseconds from the start of the request until the move expires. */
  timeoutMs: number
  /** The cycle was paused when it asked. */
  paused?: boolean
} & Pick<ExecuteMoveInput, 'bridge' | 'convertOn' | 'cctpAttestationWaitMs'>

/** What an approval request ended with. */
export type ApprovalRequestResult = {
  state: ApprovalRequestStatus['state']
  supersededBy?: string
  outcome?: MoveOutcome
}

const { recoverMoveDecisionSigner } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumAttempts: 3, nonRetryableErrorTypes: NON_RETRYABLE_TYPES },
})

/** Why a signed decision is not about the move this request holds, or undefined when it is. */
function mismatch(status: ApprovalRequestStatus, m: MoveDecisionMessage): string | undefined {
  const differs: string[] = []
  if (m.planId !== status.planId) differs.push(`plan ${status.planId}`)
  if (m.moveIndex !== status.index) differs.push(`move index ${status.index}`)
  if (m.from !== status.from) differs.push(`from ${status.from}`)
  if (m.to !== status.to) differs.push(`to ${status.to}`)
  if (Number(m.amount) !== Number(status.amount)) differs.push(`amount ${status.amount} USD`)
  if (m.policySha256 !== status.policy.sha256) differs.push(`policy sha ${status.policy.sha256}`)
  if (m.planHash !== status.planHash) differs.push(`plan hash ${status.planHash}`)
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
    planHash: input.planHash,
    dependsOn: input.dependsOn,
    threshold: input.threshold,
    votes: [],
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
  // The signed decisions counted (message + signature): the approved ones authorize the move's steps.
  const signedVotes: Array<Signed<MoveDecisionMessage>> = []
  const refuse = (message: string) => ApplicationFailure.nonRetryable(message, 'DecisionRefused')
  setHandler(
    decideMoveUpdate,
    async ({ signed, reason }) => {
      // The signer is recovered in an activity (recorded in history), then checked against the policy.
      // A signature that recovers to no address fails the activity (final): refuse with its reason.
      const signer = await recoverMoveDecisionSigner(signed).catch((error: unknown) => {
        if (error instanceof ActivityFailure && error.cause) throw refuse(error.cause.message)
        throw error
      })
      const approver = input.approvers.find((a) => a.address.toLowerCase() === signer.toLowerCase())
      if (!approver) {
        throw refuse(
          `the decision was signed by ${signer}, which is not an approver of policy ${input.policy.name} (approvals.approvers: ${input.approvers.map((a) => a.id).join(', ') || 'none'})`,
        )
      }
      // Another decision may have landed while the signer was recovered.
      const notPending = notPendingReason(status)
      if (notPending) throw refuse(notPending)
      if (status.votes.some((v) => v.address === approver.address)) {
        throw refuse(
          `${approver.id} (${approver.address}) already voted on move ${input.index}: one vote per approver`,
        )
      }
      const decision = signed.message.decision
      signedVotes.push(signed)
      status.votes.push({
        approver: approver.id,
        address: approver.address,
        decision,
        signature: signed.signature,
      })
      const approvals = status.votes.filter((v) => v.decision === 'approve').length
      if (decision === 'reject') status.state = 'rejected'
      else if (approvals >= input.threshold) status.state = 'approved'
      status.approver = status.votes.map((v) => v.approver).join(', ')
      if (reason) status.reason = reason
      log.info('move vote counted', { approver: approver.id, address: approver.address, decision, approvals })
      return {
        moveIndex: input.index,
        state: status.state as MoveDecisionResult['state'],
        approver: approver.id,
        approvals,
        threshold: input.threshold,
      }
    },
    {
      validator: ({ signed }) => {
        const m = signed?.message
        if (!m || typeof signed.signature !== 'string') {
          throw refuse('a decision must be signed: use `sll approve` / `sll reject` with an approver key')
        }
        if (m.decision !== 'approve' && m.decision !== 'reject')
          throw refuse(`unknown decision ${JSON.stringify(m.decision)}`)
        const notPending = notPendingReason(status)
        if (notPending) throw refuse(notPending)
        const differs = mismatch(status, m)
        if (differs) {
          throw refuse(
            `move ${input.index} of plan ${input.planId} is not the move you signed: it has ${differs}; check sll status ${input.planId} and decide again`,
          )
        }
        if (!Number.isSafeInteger(m.deadline) || m.deadline * 1000 <= Date.now()) {
          throw refuse(
            `the signed decision expired at ${new Date(m.deadline * 1000).toISOString()}: sign it again`,
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
    () => status.state !== 'pending-approval' && allHandlersFinished(),
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
  const approvedVotes = signedVotes.filter((v) => v.message.decision === 'approve')
  const child = await startChild(executeMove, {
    workflowId: id,
    args: [
      {
        planId: input.planId,
        index: input.index,
        from: input.from,
        to: input.to,
        amount: input.amount,
        ...(input.bridge === undefined ? {} : { bridge: input.bridge }),
        ...(input.convertOn === undefined ? {} : { convertOn: input.convertOn }),
        ...(input.cctpAttestationWaitMs === undefined
          ? {}
          : { cctpAttestationWaitMs: input.cctpAttestationWaitMs }),
        authorization: {
          policyPath: input.policyPath,
          policySha256: input.policy.sha256,
          planHash: input.planHash,
          approval: {
            kind: 'signed',
            votes: approvedVotes,
          },
        },
      },
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
