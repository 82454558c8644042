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
import type { Activities } from '../activities/index.js'
import type { CctpBurn } from '../activities/moves/burn-via-cctp.js'
import type { RateLimitPrediction } from '../activities/moves/controller.js'
import type { RelayerRemoval } from '../policies/availability.js'
import { idleEnd } from '../policies/move-end.js'
import type { MoveRoute } from '../policies/route.js'
import { searchAttributes } from '../temporal.config.js'
import { cctpInFlight, completeCctpTransfer } from './cctp-transfer.js'
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
 * Input of one move (amount in whole USD, decimal string). `bridge`: the plan's bridge for a cross-chain
 * move (`cctp` for USDC through Circle CCTP; absent / `layerzero` = LayerZero OFT). `cctpAttestationWaitMs`
 * bounds the wait for CCTP attestations (default 24 h).
 */
export type ExecuteMoveInput = {
  planId: string
  index: number
  from: string
  to: string
  amount: string
  bridge?: 'layerzero' | 'cctp' | 'none'
  cctpAttestationWaitMs?: number
}

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
  /** CCTP moves: every burn (nonce, message hash, amount), as recorded right after the burn step. */
  cctpBurns?: CctpBurn[]
  /**
   * Why the move stopped early: the FREEZER removed the RELAYER (no retry, nothing sent after it), or
   * Circle's attestations did not complete within the wait (the USDC is burned, not yet minted).
   */
  reason?: 'relayer-removed' | 'cctp-attestation-stalled'
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
  const route = await reads.prepareMove({
    from: input.from,
    to: input.to,
    amountUsd: input.amount,
    ...(input.bridge === 'cctp' ? { bridge: input.bridge } : {}),
  })
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
  const step = { moveKey, route }

  let arrived = route.destination.amount
  let guid: string | undefined
  let burns: CctpBurn[] | undefined
  let convertedAtSource = false
  try {
    await beforeTransaction('withdrawing')
    record(await transactions.withdrawFromMarket(step))
    if (route.convert && route.convert.chain === route.source.chain) {
      await beforeTransaction('converting')
      record(await transactions.convertViaPsm(step))
      convertedAtSource = true
    }
    if (route.bridge?.via === 'cctp') {
      await beforeTransaction('bridging')
      const burned = await transactions.burnViaCctp(step)
      record(burned)
      burns = burned.burns
      arrived = burns.reduce((sum, b) => sum + BigInt(b.amount), 0n).toString()
    } else if (route.bridge) {
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

  if (burns) {
    /** The burned USDC is in flight (not minted): park there, the operator follows the nonces up. */
    const cctpParked = (pending: CctpBurn[], error: string): MoveOutcome => ({
      status: 'parked',
      route,
      txHashes,
      rateLimits,
      cctpBurns: burns ?? [],
      parkedAt: cctpInFlight(pending),
      parkedAmount: { asset: 'USDC', amount: arrived },
      error,
    })
    // Burned: the USDC exists again only when minted on the destination. Only forward recovery.
    progress.step = 'awaiting-delivery'
    let minted: Awaited<ReturnType<typeof completeCctpTransfer>>
    try {
      minted = await completeCctpTransfer({
        moveKey,
        route,
        burns,
        receive: transactions.receiveCctpMessage,
        ...(input.cctpAttestationWaitMs === undefined ? {} : { waitMs: input.cctpAttestationWaitMs }),
      })
    } catch (error) {
      log.error('CCTP mint failed; the burned USDC is in flight, an operator must follow it up', {
        nonces: burns.map((b) => b.nonce),
      })
      return cctpParked(burns, errorText(error))
    }
    if (minted.status === 'stalled') {
      const nonces = minted.pending.map((b) => b.nonce).join(', ')
      return {
        ...cctpParked(
          minted.pending,
          `CCTP attestation not complete for nonce(s) ${nonces}: ${minted.lastAnswer}`,
        ),
        reason: 'cctp-attestation-stalled',
      }
    }
    txHashes.push(...minted.txHashes)
    arrived = minted.amountReceived
  } else if (route.bridge) {
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
    ...(burns ? { cctpBurns: burns } : {}),
    amountDelivered: arrived,
  }
}
