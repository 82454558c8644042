import {
  allHandlersFinished,
  condition,
  getExternalWorkflowHandle,
  log,
  ParentClosePolicy,
  patched,
  proxyActivities,
  setHandler,
  startChild,
  upsertMemo,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow'
import { sha256, stringToBytes } from 'viem/utils'
import type { Activities } from '../activities/index.js'
import { assembleCosts, cctpUnavailableItems } from '../activities/markets/cost-section.js'
import { assembleRateLimits } from '../activities/markets/rate-limit-section.js'
import { chainNames } from '../chains/names.js'
import { planMovesText } from '../lib/signed-messages.js'
import { availabilityFrom, type RelayerRemoval } from '../policies/availability.js'
import { moveDependencies, waitsForApproval } from '../policies/move-dependencies.js'
import { moveEndChain } from '../policies/move-end.js'
import { breachKey, type Plan } from '../policies/plan.js'
import { durationToMs } from '../policies/policy-schema.js'
import { rateLimitOrder } from '../policies/rate-limit-claims.js'
import { withRouteUsage } from '../policies/route-usage.js'
import type { Snapshot } from '../policies/snapshot.js'
import { searchAttributes } from '../temporal.config.js'
import { type ApprovalRequestInput, approvalRequest } from './approval-request.js'
import { type ExecuteMoveInput, executeMove, type MoveOutcome } from './execute-move.js'
import {
  approvalWorkflowId,
  type CycleStatus,
  cycleStatusQuery,
  type MoveState,
  moveWorkflowId,
  pauseSignal,
  resumeSignal,
} from './messages.js'
import { NON_RETRYABLE_TYPES } from './retry.js'

// The planner is pure, but it runs as an activity so that its result is recorded in history: a newer
// optimizer on the worker must never change the decisions of a cycle that is already running (replay).
const { loadPolicy, readControlState, planAllocation, readRecentRouteUsage, supersedeApprovalRequests } =
  proxyActivities<Activities>({
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
  /** Set when another cycle (or an approved move) was running and this one did nothing. */
  skippedFor?: string
  /** Set when a controller no longer grants RELAYER to the signer (see README, "FREEZER"). */
  relayerRemoved?: RelayerRemoval[]
  /** Approval requests of earlier plans this cycle superseded before planning. */
  superseded?: string[]
  outcomes: Array<{ index: number; state: MoveState; outcome?: MoveOutcome }>
}

/**
 * One allocation cycle: pin the policy by content hash -> skip when an earlier cycle or an approved move
 * is still running -> supersede approval requests of earlier plans nobody decided -> read the six chains
 * in parallel (one activity per chain) -> plan (the pure engine, run as an activity so the plan is
 * recorded) -> run the moves concurrently, each as soon as the moves whose arrival it spends
 * (`dependsOn`, `policies/move-dependencies.ts`) have completed. A move within the policy's auto-approve
 * limit runs as an `executeMove` child (`<plan-id>/move-<n>`); a larger one is handed to its own
 * `approvalRequest` workflow (`<plan-id>/move-<n>/approval`, ABANDON), which waits for the approval
 * Update and runs the move itself, so the cycle finishes without waiting for approvers and later cycles
 * keep planning. A move that depends on a move needing approval is deferred to a later cycle.
 *
 * History: about 10 events per move plus about 40 (see README, "history size"); the policy schema caps a
 * plan at 500 moves (`moves.maxMovesPerCycle`, at most 500 markets), well inside Temporal's limits, so a
 * cycle never needs continue-as-new.
 */
export async function allocationCycle(input: AllocationCycleInput): Promise<AllocationCycleResult> {
  const planId = workflowInfo().workflowId
  const status: CycleStatus = { planId, phase: 'reading', paused: false, moves: [] }
  const running = new Set<string>()
  // Approval requests this cycle started: pause / resume reach them too while the cycle runs (afterwards
  // `sll pause` signals them itself).
  const requests = new Set<string>()
  setHandler(cycleStatusQuery, () => status)
  const relay = async (signal: typeof pauseSignal | typeof resumeSignal, args: { by: string }) => {
    // A move may finish meanwhile: a failed relay must not fail the cycle.
    await Promise.all(
      [...running, ...requests].map((id) =>
        getExternalWorkflowHandle(id)
          .signal(signal as typeof pauseSignal, args)
          .catch(() => undefined),
      ),
    )
  }
  setHandler(pauseSignal, async (args) => {
    status.paused = true
    log.info('cycle paused', { by: args.by })
    await relay(pauseSignal, args)
  })
  setHandler(resumeSignal, async (args) => {
    status.paused = false
    log.info('cycle resumed', { by: args.by })
    await relay(resumeSignal, args)
  })

  const { policy, ref } = await loadPolicy({ path: input.policyPath })
  upsertSearchAttributes([
    { key: searchAttributes.planId, value: planId },
    { key: searchAttributes.policySha, value: ref.sha256 },
    { key: searchAttributes.status, value: 'reading' },
  ])
  status.policy = { name: ref.name, sha256: ref.sha256 }
  const skip = (skippedFor: string, superseded?: string[]): AllocationCycleResult => {
    // Another cycle (scheduled or manual), or an approved move, is still working on the same money.
    log.info('money in flight elsewhere; skipping', { skippedFor })
    status.phase = 'skipped'
    upsertSearchAttributes([{ key: searchAttributes.status, value: 'skipped' }])
    return {
      planId,
      policy: { name: ref.name, sha256: ref.sha256 },
      outcomes: [],
      skippedFor,
      ...(superseded?.length ? { superseded } : {}),
    }
  }

  const control = await readControlState()
  if (control.paused) status.paused = true
  if (control.earlierCycle) return skip(control.earlierCycle)
  // Pending approvals of earlier plans hold no money: supersede them, then plan that money again.
  const superseded = input.dryRun
    ? { superseded: [], inFlight: [] }
    : await supersedeApprovalRequests({ planId })
  if (superseded.inFlight[0]) return skip(superseded.inFlight[0], superseded.superseded)

  const perChain = await Promise.all(chainNames.map((chain) => readChainMarkets({ chain })))
  const snapshot: Snapshot = {
    version: 1,
    takenAt: new Date().toISOString(),
    markets: perChain.flatMap((c) => c.markets),
    idle: perChain.map((c) => ({ chain: c.chain, amount: c.idle })),
  }
  const rateLimits = assembleRateLimits(perChain)
  if (rateLimits) snapshot.rateLimits = rateLimits
  // Live move costs (gas, LayerZero fees, CCTP where available); histories read before costs have none.
  const costs = assembleCosts(perChain)
  if (costs) snapshot.costs = costs

  // Pre-flight (read in the same multicalls): a chain whose controller refused the RELAYER role stops the
  // whole cycle (the same signer relays on every chain: a freeze is an incident, not a routing detail).
  const availability = availabilityFrom(perChain.map((c) => c.preflight))
  availability.unavailable.push(...cctpUnavailableItems(perChain))
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
  // What a signed approval binds besides its move: the whole plan (pure JS sha256, deterministic).
  const planHash = sha256(stringToBytes(planMovesText(plan.moves))).slice(2)
  const dependsOn = moveDependencies(plan.moves)
  const deferred = waitsForApproval(plan.moves, dependsOn)
  // Rate-limit reservations: moves claiming a common key run one after the other (`policies/rate-limit-claims.ts`).
  const coin = new Map(snapshot.markets.map((m) => [m.id, m.asset === 'USDC' ? 'USDC' : 'USDS'] as const))
  // Histories recorded before reservations replay without them (patch marker).
  const waitsForKeys = patched('rate-limit-reservations')
    ? rateLimitOrder(plan.moves, dependsOn, deferred, (id) => coin.get(id), {
        cctp: patched('rate-limit-claims-cctp'),
        // Moves spending one idle balance run one after the other (histories before: concurrently).
        idle: patched('idle-spenders-ordered'),
        // Only claims the keys cannot hold for all their moves order them (histories before: every claim).
        section: patched('rate-limit-claims-contended') ? snapshot.rateLimits : undefined,
      })
    : []
  status.moves = plan.moves.map((m, index) => ({
    index,
    from: m.from,
    to: m.to,
    amount: m.amount,
    needsApproval: m.needsApproval,
    dependsOn: dependsOn[index] ?? [],
    state: deferred[index] ? 'deferred' : 'waiting',
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
      moves: plan.moves.map((m, i) => {
        const after = dependsOn[i]?.length ? ` (after ${dependsOn[i].map((d) => `#${d}`).join(', ')})` : ''
        const approval = m.needsApproval ? ' (needs approval)' : deferred[i] ? ' (deferred)' : ''
        return `#${i} ${m.from} -> ${m.to}: ${m.amount} USD${approval}${after}`
      }),
      dependsOn,
      breaches: plan.breaches ?? [],
      unavailable: (plan.unavailable ?? []).map((u) => `${u.subject} (${u.what}): ${u.reason}`),
    },
    ...(superseded.superseded.length ? { superseded: superseded.superseded } : {}),
  })

  const outcomes: Array<MoveOutcome | undefined> = []
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
      ...(superseded.superseded.length ? { superseded: superseded.superseded } : {}),
      outcomes: status.moves.map((m, index) => ({
        index,
        state: m.state,
        ...(outcomes[index] ? { outcome: outcomes[index] } : {}),
      })),
    }
  }
  if (plan.moves.length === 0) return finish('nothing-to-do')
  if (input.dryRun) return finish('completed')

  const chainsOf = (move: CycleStatus['moves'][number]) => [
    ...new Set([moveEndChain(move.from), moveEndChain(move.to)]),
  ]
  const frozen = () => outcomes.some((o) => o?.reason === 'relayer-removed')
  // The plan's bridge (CCTP for USDC when chosen) and conversion chain (when not the default), for the
  // move whether it runs now or once approved; absent keeps the defaults (LayerZero, source's PSM).
  const planBridge = (index: number): Pick<ExecuteMoveInput, 'bridge' | 'convertOn'> => {
    const planned = plan.moves[index]
    return {
      ...(planned?.bridge === 'cctp' ? { bridge: 'cctp' as const } : {}),
      ...(planned?.convertOn ? { convertOn: planned.convertOn } : {}),
    }
  }
  const execute = async (move: CycleStatus['moves'][number]) => {
    await condition(() => !status.paused)
    if (frozen()) {
      // Frozen: nothing further is sent until the role is back (a later cycle starts from the real state).
      move.state = 'skipped-relayer-removed'
      return
    }
    const id = moveWorkflowId(planId, move.index)
    const args: ExecuteMoveInput = {
      planId,
      index: move.index,
      from: move.from,
      to: move.to,
      amount: move.amount,
      authorization: {
        policyPath: input.policyPath,
        policySha256: ref.sha256,
        planHash,
        approval: { kind: 'auto' },
      },
      ...planBridge(move.index),
    }
    const child = await startChild(executeMove, {
      workflowId: id,
      args: [args],
      parentClosePolicy: ParentClosePolicy.ABANDON,
      typedSearchAttributes: [
        { key: searchAttributes.planId, value: planId },
        { key: searchAttributes.chains, value: chainsOf(move) },
        { key: searchAttributes.totalUsd, value: Number(move.amount) },
      ],
    })
    move.state = 'running'
    move.moveWorkflowId = id
    running.add(id)
    // A pause that arrived while the child was starting did not reach it.
    if (status.paused) {
      await getExternalWorkflowHandle(id)
        .signal(pauseSignal, { by: 'cycle (paused)' })
        .catch(() => undefined)
    }
    const outcome = await child.result()
    running.delete(id)
    outcomes[move.index] = outcome
    move.state = outcome.status
  }
  const requestApproval = async (move: CycleStatus['moves'][number]) => {
    const id = approvalWorkflowId(planId, move.index)
    const request: ApprovalRequestInput = {
      planId,
      index: move.index,
      from: move.from,
      to: move.to,
      amount: move.amount,
      policy: { name: ref.name, sha256: ref.sha256 },
      dependsOn: move.dependsOn,
      policyPath: input.policyPath,
      planHash,
      approvers: policy.approvals?.approvers ?? [],
      threshold: policy.approvals?.threshold ?? 1,
      timeoutMs: durationToMs(policy.approvals?.timeout ?? '24h'),
      paused: status.paused,
      ...planBridge(move.index),
    }
    await startChild(approvalRequest, {
      workflowId: id,
      args: [request],
      parentClosePolicy: ParentClosePolicy.ABANDON,
      typedSearchAttributes: [
        { key: searchAttributes.planId, value: planId },
        { key: searchAttributes.status, value: 'awaiting-approval' },
        { key: searchAttributes.chains, value: chainsOf(move) },
        { key: searchAttributes.totalUsd, value: Number(move.amount) },
      ],
    })
    move.state = 'approval-requested'
    move.approvalWorkflowId = id
    requests.add(id)
  }
  const inProgress: MoveState[] = ['waiting', 'running']
  const run = async (move: CycleStatus['moves'][number]) => {
    if (move.state === 'deferred') return
    await condition(() =>
      [...move.dependsOn, ...(waitsForKeys[move.index] ?? [])].every(
        (i) => !inProgress.includes(status.moves[i]?.state ?? 'waiting'),
      ),
    )
    const missing = move.dependsOn.find((i) => status.moves[i]?.state !== 'completed')
    if (missing !== undefined) {
      log.warn('move blocked: a move it spends did not complete', { index: move.index, dependsOn: missing })
      move.state = 'blocked'
      return
    }
    if (move.needsApproval && frozen()) move.state = 'skipped-relayer-removed'
    else if (move.needsApproval) await requestApproval(move)
    else await execute(move)
  }

  status.phase = 'executing'
  upsertSearchAttributes([{ key: searchAttributes.status, value: 'executing' }])
  await Promise.all(status.moves.map((move) => run(move)))
  await condition(() => running.size === 0 && allHandlersFinished())
  return finish('completed')
}

function relayerRemovedLine(r: RelayerRemoval): string {
  return `${r.chain}: controller ${r.controller} does not grant RELAYER to ${r.relayer ?? 'the signer'} (seen at ${r.seenAt})`
}
