import {
  ActivityFailure,
  ApplicationFailure,
  condition,
  log,
  proxyActivities,
  setHandler,
  upsertMemo,
  upsertSearchAttributes,
} from '@temporalio/workflow'
import type { AuthorizedMove } from '../activities/approval-verification.js'
import type { Activities } from '../activities/index.js'
import type { RateLimitPrediction } from '../activities/moves/controller.js'
import type { RelayerRemoval } from '../policies/availability.js'
import { idleEnd } from '../policies/move-end.js'
import type { MoveRoute } from '../policies/route.js'
import { searchAttributes } from '../temporal.config.js'
import { type MoveProgress, moveProgressQuery, pauseSignal, resumeSignal } from './messages.js'
import { NON_RETRYABLE_TYPES } from './retry.js'

const reads = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: {
    initialInterval: '1 second',
    maximumInterval: '30 seconds',
    nonRetryableErrorTypes: NON_RETRYABLE_TYPES,
  },
})

// Transaction steps: sign once per step (journal + heartbeat), so a retry is always safe. The heartbeat
// timeout lets another worker take over quickly after a crash.
const transactions = proxyActivities<Activities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '10 seconds',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '1 minute',
    nonRetryableErrorTypes: NON_RETRYABLE_TYPES,
  },
})

// Delivery is polled: each attempt long-polls for a few seconds (heartbeating) and fails (benign) until
// the message has arrived; the retry policy spaces out further attempts.
const delivery = proxyActivities<Activities>({
  startToCloseTimeout: '15 seconds',
  heartbeatTimeout: '5 seconds',
  scheduleToCloseTimeout: '24 hours',
  retry: { initialInterval: '500 milliseconds', backoffCoefficient: 1.5, maximumInterval: '15 seconds' },
})

/**
 * Input of one move (amount in whole USD, decimal string) and its authorization (policy, plan hash,
 * auto-approval or signed approvals), which every step re-verifies before it signs.
 */
export type ExecuteMoveInput = AuthorizedMove

/**
 * How a move ended. `parked`: the money sits idle on `parkedAt` (`idle:<chain>`), or is still in flight
 * (`in-flight:<guid>`) after a day without delivery; an operator must look. `failed`: nothing moved.
 */
export type MoveOutcome = {
  status: 'completed' | 'parked' | 'failed'
  route?: MoveRoute
  txHashes: string[]
  /** Per rate-limit key each step drew on, its predicted state right after the step (in step order). */
  rateLimits?: RateLimitPrediction[]
  guid?: string
  amountDelivered?: string
  parkedAt?: string
  /** What sits at `parkedAt` (base units of `asset`), when the move stopped because the RELAYER was removed. */
  parkedAmount?: { asset: string; amount: string }
  /** Why the move stopped early: the FREEZER removed the RELAYER (no retry, nothing sent after it). */
  reason?: 'relayer-removed'
  relayerRemoved?: RelayerRemoval
  error?: string
}

/** The `RelayerRemovedError` behind a failed activity, if that is what stopped it. */
function relayerRemoval(error: unknown): RelayerRemoval | undefined {
  const cause = error instanceof ActivityFailure ? error.cause : undefined
  if (!(cause instanceof ApplicationFailure) || cause.type !== 'RelayerRemovedError') return undefined
  const context = (cause.details?.[0] ?? {}) as { chain?: string; controller?: string; relayer?: string }
  return {
    chain: (context.chain ?? 'unknown') as RelayerRemoval['chain'],
    controller: context.controller ?? 'unknown',
    ...(context.relayer ? { relayer: context.relayer } : {}),
    seenAt: Math.floor(Date.now() / 1000).toString(),
    reason: cause.message.split('\n')[0] ?? cause.message,
  }
}

function errorText(error: unknown): string {
  if (error instanceof ActivityFailure && error.cause) return error.cause.message
  return error instanceof Error ? error.message : String(error)
}

/**
 * Carries out one move through the chains' SLL controllers (the money stays in the ALMProxies): withdraw ->
 * (PSM convert) -> LayerZero transfer -> wait for delivery -> (convert) -> deposit. Every transaction step is idempotent (sign once per step key), and the
 * workflow id is derived from plan id + move index, so no twin can run. A failure after the bridge send
 * never tries to undo it: the money is parked idle on the destination chain and the outcome says so.
 * While paused (signal), no new transaction starts; a bridge already sent still completes.
 */
export async function executeMove(input: ExecuteMoveInput): Promise<MoveOutcome> {
  const outcome = await runMove(input)
  // Operators filter on this in the Web UI, e.g. SllStatus = "parked".
  upsertSearchAttributes([{ key: searchAttributes.status, value: outcome.status }])
  return outcome
}

async function runMove(input: ExecuteMoveInput): Promise<MoveOutcome> {
  const moveKey = `${input.planId}/move-${input.index}`
  const progress: MoveProgress = { step: 'preparing', paused: false }
  setHandler(moveProgressQuery, () => progress)
  setHandler(pauseSignal, ({ by }) => {
    progress.paused = true
    log.info('move paused', { by })
  })
  setHandler(resumeSignal, ({ by }) => {
    progress.paused = false
    log.info('move resumed', { by })
  })
  const beforeTransaction = async (step: MoveProgress['step']) => {
    await condition(() => !progress.paused)
    progress.step = step
  }

  upsertSearchAttributes([{ key: searchAttributes.status, value: 'running' }])
  // A move without a valid authorization fails here (final), before anything is read or signed; every
  // transaction step checks it again in the activity (a rogue poller's own workflow code skips this line).
  await reads.authorizeMove(input)
  const route = await reads.prepareMove({ from: input.from, to: input.to, amountUsd: input.amount })
  upsertMemo({
    route: { from: route.from, to: route.to, bridge: route.bridge ?? null, convert: route.convert ?? null },
  })
  const txHashes: string[] = []
  const rateLimits: RateLimitPrediction[] = []
  // `rateLimits` is absent from step results recorded before controller mode (replay of old histories).
  const record = (result: { txHashes: string[]; rateLimits?: RateLimitPrediction[] }) => {
    txHashes.push(...result.txHashes)
    rateLimits.push(...(result.rateLimits ?? []))
  }
  const step = { moveKey, route, move: input }

  let arrived = route.destination.amount
  let guid: string | undefined
  let convertedAtSource = false
  try {
    await beforeTransaction('withdrawing')
    record(await transactions.withdrawFromMarket(step))
    if (route.convert && route.convert.chain === route.source.chain) {
      await beforeTransaction('converting')
      record(await transactions.convertViaPsm(step))
      convertedAtSource = true
    }
    if (route.bridge) {
      await beforeTransaction('bridging')
      const sent = await transactions.bridgeViaOft(step)
      record(sent)
      guid = sent.guid
      progress.guid = guid
      arrived = sent.amountReceived
    }
  } catch (error) {
    const removed = relayerRemoval(error)
    if (removed) {
      // The FREEZER stopped us: the money stays where it is (still in the market, or idle on the source).
      log.warn('RELAYER removed: move parked where its money is', { chain: removed.chain })
      const moved = txHashes.length > 0
      const held =
        convertedAtSource && route.convert
          ? { asset: route.convert.toAsset, amount: route.convert.amountOut }
          : { asset: route.source.asset, amount: route.source.amount }
      return {
        status: 'parked',
        route,
        txHashes,
        rateLimits,
        parkedAt: moved ? idleEnd(route.source.chain) : input.from,
        parkedAmount: held,
        reason: 'relayer-removed',
        relayerRemoved: removed,
        error: errorText(error),
      }
    }
    // Nothing crossed a chain: whatever was withdrawn or converted is idle on the source chain.
    const parked = txHashes.length > 0
    return {
      status: parked ? 'parked' : 'failed',
      route,
      txHashes,
      rateLimits,
      ...(parked ? { parkedAt: idleEnd(route.source.chain) } : {}),
      error: errorText(error),
    }
  }

  if (route.bridge) {
    // From here on the money is on its way: only forward recovery.
    progress.step = 'awaiting-delivery'
    try {
      const delivered = await delivery.checkOftDelivery({ route, guid: guid as `0x${string}` })
      arrived = delivered.amountReceived
    } catch (error) {
      log.error('bridge message not delivered in time; an operator must follow it up', { guid })
      return {
        status: 'parked',
        route,
        txHashes,
        ...(guid ? { guid } : {}),
        parkedAt: `in-flight:${guid}`,
        error: errorText(error),
      }
    }
  }

  try {
    if (route.convert && route.convert.chain !== route.source.chain) {
      await beforeTransaction('converting')
      record(await transactions.convertViaPsm(step))
    }
    await beforeTransaction('depositing')
    record(await transactions.depositToMarket({ ...step, amount: arrived }))
  } catch (error) {
    log.error('deposit failed; money parked idle on the destination', { error: errorText(error) })
    const removed = relayerRemoval(error)
    return {
      status: 'parked',
      route,
      txHashes,
      rateLimits,
      ...(guid ? { guid } : {}),
      amountDelivered: arrived,
      parkedAt: idleEnd(route.destination.chain),
      ...(removed
        ? {
            parkedAmount: { asset: route.destination.asset, amount: arrived },
            reason: 'relayer-removed' as const,
            relayerRemoved: removed,
          }
        : {}),
      error: errorText(error),
    }
  }
  progress.step = 'done'
  return {
    status: 'completed',
    route,
    txHashes,
    rateLimits,
    ...(guid ? { guid } : {}),
    amountDelivered: arrived,
  }
}
