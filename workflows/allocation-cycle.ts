import {
  allHandlersFinished,
  condition,
  getExternalWorkflowHandle,
  log,
  ParentClosePolicy,
  proxyActivities,
  setHandler,
  startChild,
  upsertMemo,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow'
import type { Activities } from '../activities/index.js'
import { assembleRateLimits } from '../activities/markets/rate-limit-section.js'
import { chainNames } from '../chains/names.js'
import { availabilityFrom, type RelayerRemoval } from '../policies/availability.js'
import { moveEndChain } from '../policies/move-end.js'
import { breachKey, type Plan } from '../policies/plan.js'
import { durationToMs } from '../policies/policy-schema.js'
import { withRouteUsage } from '../policies/route-usage.js'
import type { Snapshot } from '../policies/snapshot.js'
import { searchAttributes } from '../temporal.config.js'
import { type ExecuteMoveInput, executeMove, type MoveOutcome } from './execute-move.js'
import {
  type CycleStatus,
  cycleStatusQuery,
  decideMoveUpdate,
  type MoveState,
  pauseSignal,
  resumeSignal,
} from './messages.js'
import { NON_RETRYABLE_TYPES } from './retry.js'

// The planner is pure, but it runs as an activity so that its result is recorded in history: a newer
// optimizer on the worker must never change the decisions of a cycle that is already running (replay).
const { loadPolicy, readControlState, planAllocation, readRecentRouteUsage } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumAttempts: 5, nonRetryableErrorTypes: NON_RETRYABLE_TYPES },
})

const { readChainMarkets } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '2 seconds', maximumAttempts: 5, nonRetryableErrorTypes: NON_RETRYABLE_TYPES },
})

/** Input of one allocation cycle. */
export type AllocationCycleInput = {
  policyPath: string
  /** Who started it: the schedule, or an operator (`sll rebalance`). */
  trigger?: { kind: 'schedule' } | { kind: 'manual'; by: string }
  /** Plan only: stop after planning (preview). */
  dryRun?: boolean
}

/** What one cycle did. */
export type AllocationCycleResult = {
  planId: string
  policy: { name: string; sha256: string }
  /** Absent when the cycle was skipped. */
  plan?: Plan
  /** Set when another cycle was running and this one did nothing. */
  skippedFor?: string
  /** Set when a controller no longer grants RELAYER to the signer (see README, "FREEZER"). */
  relayerRemoved?: RelayerRemoval[]
  outcomes: Array<{ index: number; state: MoveState; outcome?: MoveOutcome }>
}

/**
 * One allocation cycle: pin the policy by content hash -> read the six chains in parallel (one activity
 * per chain) -> plan (the pure engine, run as an activity so the plan is recorded) -> for each move:
 * auto-approve within the policy's limit, or wait for an approval Update until the policy's timeout
 * (expired and rejected moves are not executed) -> run each approved move as a child workflow whose id is
 * plan id + move index. Search attributes (plan id, status, chains, total USD) and a memo with the plan
 * summary let operators filter in the Web UI.
 */
export async function allocationCycle(input: AllocationCycleInput): Promise<AllocationCycleResult> {
  const planId = workflowInfo().workflowId
  const status: CycleStatus = { planId, phase: 'reading', paused: false, moves: [] }
  let approvers: string[] = []
  const running = new Set<string>()
  setHandler(cycleStatusQuery, () => status)
  setHandler(pauseSignal, async (args) => {
    status.paused = true
    log.info('cycle paused', { by: args.by })
    await Promise.all([...running].map((id) => getExternalWorkflowHandle(id).signal(pauseSignal, args)))
  })
  setHandler(resumeSignal, async (args) => {
    status.paused = false
    log.info('cycle resumed', { by: args.by })
    await Promise.all([...running].map((id) => getExternalWorkflowHandle(id).signal(resumeSignal, args)))
  })
  setHandler(
    decideMoveUpdate,
    (decision) => {
      const move = status.moves[decision.moveIndex] as CycleStatus['moves'][number]
      move.state = decision.decision === 'approve' ? 'approved' : 'rejected'
      move.approver = decision.approver
      log.info('move decided', { ...decision })
      return { moveIndex: decision.moveIndex, state: move.state, approver: decision.approver }
    },
    {
      validator: (decision) => {
        if (!approvers.includes(decision.approver)) {
          throw new Error(
            `approver "${decision.approver}" is not allowed by the policy (approvals.approvers: ${approvers.join(', ') || 'none'})`,
          )
        }
        const move = status.moves[decision.moveIndex]
        if (!move) throw new Error(`plan ${planId} has no move ${decision.moveIndex}`)
        if (move.state !== 'pending-approval') {
          throw new Error(
            `move ${decision.moveIndex} of plan ${planId} is ${move.state}, not pending approval`,
          )
        }
      },
    },
  )

  const { policy, ref } = await loadPolicy({ path: input.policyPath })
  approvers = policy.approvals?.approvers ?? []
  upsertSearchAttributes([
    { key: searchAttributes.planId, value: planId },
    { key: searchAttributes.policySha, value: ref.sha256 },
    { key: searchAttributes.status, value: 'reading' },
  ])
  status.policy = { name: ref.name, sha256: ref.sha256 }

  const control = await readControlState()
  if (control.paused) status.paused = true
  if (control.earlierCycle) {
    // Another cycle (scheduled or manual) is still working on the same money: leave it alone.
    log.info('another cycle is running; skipping', { earlierCycle: control.earlierCycle })
    status.phase = 'skipped'
    upsertSearchAttributes([{ key: searchAttributes.status, value: 'skipped' }])
    return {
      planId,
      policy: { name: ref.name, sha256: ref.sha256 },
      outcomes: [],
      skippedFor: control.earlierCycle,
    }
  }

  const perChain = await Promise.all(chainNames.map((chain) => readChainMarkets({ chain })))
  const snapshot: Snapshot = {
    version: 1,
    takenAt: new Date().toISOString(),
    markets: perChain.flatMap((c) => c.markets),
    idle: perChain.map((c) => ({ chain: c.chain, amount: c.idle })),
  }
  const rateLimits = assembleRateLimits(perChain)
  if (rateLimits) snapshot.rateLimits = rateLimits

  // Pre-flight (read in the same multicalls): a chain whose controller refused the RELAYER role stops the
  // whole cycle (the same signer relays on every chain: a freeze is an incident, not a routing detail).
  const availability = availabilityFrom(perChain.map((c) => c.preflight))
  if (availability.relayerRemoved.length > 0) {
    status.relayerRemoved = availability.relayerRemoved
    log.warn('RELAYER role missing: nothing is planned or sent', {
      chains: availability.relayerRemoved.map((r) => r.chain),
    })
    upsertMemo({ relayerRemoved: availability.relayerRemoved.map(relayerRemovedLine) })
    status.phase = 'relayer-removed'
    upsertSearchAttributes([{ key: searchAttributes.status, value: 'relayer-removed' }])
    return {
      planId,
      policy: { name: ref.name, sha256: ref.sha256 },
      outcomes: [],
      relayerRemoved: availability.relayerRemoved,
    }
  }

  status.phase = 'planning'
  // Daily route limits hold across cycles: what moves of the last 24 h used is no longer available.
  const limitsRoutes = policy.routes?.some((r) => r.maxUsdPerDay !== undefined) ?? false
  const planningPolicy = limitsRoutes
    ? withRouteUsage(policy, await readRecentRouteUsage({ hours: 24 }))
    : policy
  const plan = await planAllocation({
    snapshot,
    policy: planningPolicy,
    policyRef: { name: ref.name, sha256: ref.sha256 },
    availability,
  })
  status.plan = plan
  status.moves = plan.moves.map((m, index) => ({
    index,
    from: m.from,
    to: m.to,
    amount: m.amount,
    needsApproval: m.needsApproval,
    state: m.needsApproval ? 'pending-approval' : 'approved',
  }))
  const chains = [...new Set(plan.moves.flatMap((m) => [moveEndChain(m.from), moveEndChain(m.to)]))].sort()
  const totalUsd = plan.moves.reduce((sum, m) => sum + Number(m.amount), 0)
  upsertSearchAttributes([
    { key: searchAttributes.chains, value: chains },
    { key: searchAttributes.totalUsd, value: totalUsd },
    { key: searchAttributes.breaches, value: (plan.breaches ?? []).map(breachKey) },
  ])
  upsertMemo({
    plan: {
      policy: ref,
      managedUsd: plan.summary.managedUsd,
      currentApr: plan.summary.currentApr,
      plannedApr: plan.summary.plannedApr,
      moves: plan.moves.map(
        (m) => `${m.from} -> ${m.to}: ${m.amount} USD${m.needsApproval ? ' (needs approval)' : ''}`,
      ),
      breaches: plan.breaches ?? [],
      unavailable: (plan.unavailable ?? []).map((u) => `${u.subject} (${u.what}): ${u.reason}`),
    },
  })

  const finish = (phase: CycleStatus['phase']): AllocationCycleResult => {
    // A move that stopped because the RELAYER was removed makes the whole cycle `relayer-removed`.
    const frozen = outcomes.flatMap((o) => (o?.relayerRemoved ? [o.relayerRemoved] : []))
    if (frozen.length > 0) {
      phase = 'relayer-removed'
      status.relayerRemoved = frozen
      upsertMemo({ relayerRemoved: frozen.map(relayerRemovedLine) })
    }
    status.phase = phase
    upsertSearchAttributes([{ key: searchAttributes.status, value: phase }])
    return {
      planId,
      policy: status.policy as { name: string; sha256: string },
      plan,
      ...(frozen.length > 0 ? { relayerRemoved: frozen } : {}),
      outcomes: status.moves.map((m, index) => ({
        index,
        state: m.state,
        ...(outcomes[index] ? { outcome: outcomes[index] } : {}),
      })),
    }
  }
  const outcomes: Array<MoveOutcome | undefined> = []
  if (plan.moves.length === 0) return finish('nothing-to-do')
  if (input.dryRun) return finish('completed')

  const execute = async (index: number) => {
    const move = status.moves[index] as CycleStatus['moves'][number]
    await condition(() => !status.paused)
    if (outcomes.some((o) => o?.reason === 'relayer-removed')) {
      // Frozen: nothing further is sent until the role is back (a later cycle starts from the real state).
      move.state = 'skipped-relayer-removed'
      return
    }
    const moveWorkflowId = `${planId}/move-${index}`
    move.state = 'running'
    move.moveWorkflowId = moveWorkflowId
    const args: ExecuteMoveInput = { planId, index, from: move.from, to: move.to, amount: move.amount }
    const child = await startChild(executeMove, {
      workflowId: moveWorkflowId,
      args: [args],
      parentClosePolicy: ParentClosePolicy.ABANDON,
      typedSearchAttributes: [
        { key: searchAttributes.planId, value: planId },
        {
          key: searchAttributes.chains,
          value: [...new Set([moveEndChain(move.from), moveEndChain(move.to)])],
        },
        { key: searchAttributes.totalUsd, value: Number(move.amount) },
      ],
    })
    running.add(moveWorkflowId)
    const outcome = await child.result()
    running.delete(moveWorkflowId)
    outcomes[index] = outcome
    move.state = outcome.status
  }

  status.phase = 'executing'
  upsertSearchAttributes([{ key: searchAttributes.status, value: 'executing' }])
  for (const move of status.moves) if (!move.needsApproval) await execute(move.index)

  const pending = status.moves.filter((m) => m.needsApproval)
  if (pending.length > 0) {
    status.phase = 'awaiting-approval'
    upsertSearchAttributes([{ key: searchAttributes.status, value: 'awaiting-approval' }])
    const deadline = Date.now() + durationToMs(policy.approvals?.timeout ?? '24h')
    status.approvalWindow = { since: new Date().toISOString(), deadline: new Date(deadline).toISOString() }
    for (const move of pending) {
      const decided = await condition(
        () => move.state !== 'pending-approval',
        Math.max(1, deadline - Date.now()),
      )
      if (!decided) {
        move.state = 'expired'
        continue
      }
      if (move.state === 'approved') {
        status.phase = 'executing'
        upsertSearchAttributes([{ key: searchAttributes.status, value: 'executing' }])
        await execute(move.index)
      }
    }
  }
  await condition(() => running.size === 0 && allHandlersFinished())
  return finish('completed')
}

function relayerRemovedLine(r: RelayerRemoval): string {
  return `${r.chain}: controller ${r.controller} does not grant RELAYER to ${r.relayer ?? 'the signer'} (seen at ${r.seenAt})`
}
