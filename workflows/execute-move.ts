import {
  ActivityFailure,
  ApplicationFailure,
  condition,
  log,
  patched,
  proxyActivities,
  setHandler,
  sleep,
  upsertMemo,
  upsertSearchAttributes,
} from '@temporalio/workflow'
import type { AuthorizedMove } from '../activities/approval-verification.js'
import type { Activities } from '../activities/index.js'
import type { CctpBurn } from '../activities/moves/burn-via-cctp.js'
import type { RateLimitPrediction } from '../activities/moves/controller.js'
import type { ChainName } from '../chains/names.js'
import { arrivalAmounts } from '../policies/arrival.js'
import type { RelayerRemoval } from '../policies/availability.js'
import { idleEnd } from '../policies/move-end.js'
import type { MoveRoute } from '../policies/route.js'
import { searchAttributes } from '../temporal.config.js'
import { cctpInFlight, completeCctpTransfer } from './cctp-transfer.js'
import { type MoveProgress, moveProgressQuery, pauseSignal, resumeSignal } from './messages.js'
import { mayWait, type RateLimitParkReason, rateLimitedText, rateLimitRefusal } from './rate-limit-step.js'
import { moveDeliveryOptions, moveReadOptions, moveTransactionOptions } from './retry.js'

const reads = proxyActivities<Activities>(moveReadOptions)
const transactions = proxyActivities<Activities>(moveTransactionOptions)
const delivery = proxyActivities<Activities>(moveDeliveryOptions)

/**
 * Input of one move (amount in whole USD, decimal string) and its authorization (policy, plan hash,
 * auto-approval or signed approvals), which every step re-verifies before it signs. `bridge`: the plan's
 * bridge for a cross-chain move (`cctp` for USDC through Circle CCTP; absent / `layerzero` = LayerZero OFT).
 * `convertOn`: the chain the plan converts on when not the default (the source chain when it has a PSM).
 * `cctpAttestationWaitMs` bounds the wait for CCTP attestations (default 24 h).
 */
export type ExecuteMoveInput = AuthorizedMove & {
  bridge?: 'layerzero' | 'cctp' | 'none'
  convertOn?: ChainName
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
  /**
   * What sits at `parkedAt` (base units of `asset`), when the move stopped because the RELAYER was removed
   * or a rate limit had no capacity.
   */
  parkedAmount?: { asset: string; amount: string }
  /** CCTP moves: every burn (nonce, message hash, amount), as recorded right after the burn step. */
  cctpBurns?: CctpBurn[]
  /**
   * Why the move stopped early: the FREEZER removed the RELAYER (no retry, nothing sent after it); a step's
   * rate-limit key lacked capacity beyond the wait bound (`rate-limited`) or was set to 0 (`rate-limit-unset`);
   * Circle's attestations did not complete within the wait (`cctp-attestation-stalled`: the USDC is burned,
   * not yet minted).
   */
  reason?: 'relayer-removed' | RateLimitParkReason | 'cctp-attestation-stalled'
  relayerRemoved?: RelayerRemoval
  /** The rate limit that parked the move: the key, capacity, needed, slope, and how long the move waited. */
  rateLimit?: { text: string; waitedSeconds: number; key?: string; label?: string; chain?: string }
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

/** A step refused by a rate limit beyond what the move may wait: the move parks where its money is. */
class RateLimitParked extends Error {
  constructor(
    readonly reason: RateLimitParkReason,
    readonly detail: NonNullable<MoveOutcome['rateLimit']>,
  ) {
    super(`${reason}: ${detail.text}`)
  }
}

function errorText(error: unknown): string {
  if (error instanceof ActivityFailure && error.cause) {
    const type = error.cause instanceof ApplicationFailure ? error.cause.type : undefined
    // RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED / _TIMEOUT: the bound of workflows/retry.ts ended it.
    const state = String(error.retryState ?? '')
    const bounded = /MAXIMUM_ATTEMPTS|TIMEOUT/.test(state)
      ? `; gave up: ${state.replace('RETRY_STATE_', '')}`
      : ''
    return `${error.activityType ?? 'step'}: ${error.cause.message}${type ? ` (${type}${bounded})` : ''}`
  }
  return error instanceof Error ? error.message : String(error)
}

/** The hash a failed bridge step carries (`BridgeSendUnsettledError` details): the send was signed. */
function unsettledSendHash(error: unknown): string | undefined {
  const cause = error instanceof ActivityFailure ? error.cause : undefined
  if (!(cause instanceof ApplicationFailure) || cause.type !== 'BridgeSendUnsettledError') return undefined
  return (cause.details?.[0] as { hash?: string } | undefined)?.hash
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
  // A step refused by the durable pause: the move shows `paused` and checks the fact every 10 s (or at a
  // resume signal) until it is lifted. Nothing was signed.
  const waitForResume = async () => {
    progress.paused = true
    upsertSearchAttributes([{ key: searchAttributes.status, value: 'paused' }])
    log.info('step refused by the durable pause: waiting for the resume')
    for (;;) {
      await condition(() => !progress.paused, '10 seconds')
      const fact = await reads.readPauseFact()
      if (!fact.paused) break
      progress.paused = true
    }
    progress.paused = false
    upsertSearchAttributes([{ key: searchAttributes.status, value: 'running' }])
  }
  // Rate limits: a step whose key another actor consumed since planning sends nothing and reports the
  // exact regeneration wait; the move waits on a durable timer (total bounded by SLL_RATE_LIMIT_MAX_WAIT),
  // then the step checks again. Beyond the bound, or for a key set to 0, the move parks.
  let waitedSeconds = 0
  const gated = async <T>(step: MoveProgress['step'], run: () => Promise<T>): Promise<T> => {
    let races = 0
    for (;;) {
      await beforeTransaction(step)
      try {
        return await run()
      } catch (error) {
        // The durable pause (the step read it before signing): wait here, not in activity retries, for as
        // long as it lasts, then run the step again. Histories before this replay without it.
        if (isPausedFailure(error) && patched('paused-step-waits')) {
          await waitForResume()
          continue
        }
        const refusal = rateLimitRefusal(error)
        if (!refusal) throw error
        if (refusal.kind === 'unset') {
          throw new RateLimitParked('rate-limit-unset', {
            text: refusal.message.split('\n')[0] ?? refusal.message,
            waitedSeconds,
            ...refusal.context,
          })
        }
        if (refusal.kind === 'race') {
          // Capacity fell between the gate and the simulation (nothing signed): gate again shortly.
          if (++races > 3) throw new RateLimitParked('rate-limited', { text: refusal.message, waitedSeconds })
          await sleep('1 second')
          waitedSeconds += 1
          continue
        }
        const short = refusal.context
        const where = { key: short.key, label: short.label, chain: short.chain }
        if (!mayWait(short, waitedSeconds)) {
          throw new RateLimitParked('rate-limited', {
            text: rateLimitedText(short, waitedSeconds),
            waitedSeconds,
            ...where,
          })
        }
        const seconds = Number(short.waitSeconds)
        progress.step = 'waiting-for-rate-limit'
        progress.rateLimitWait = { ...where, seconds, text: rateLimitedText(short, waitedSeconds) }
        log.info('waiting for rate-limit regeneration', { ...where, seconds })
        upsertMemo({ rateLimitWait: progress.rateLimitWait.text })
        upsertSearchAttributes([{ key: searchAttributes.status, value: 'waiting-for-rate-limit' }])
        await sleep(seconds * 1000)
        waitedSeconds += seconds
        delete progress.rateLimitWait
        upsertSearchAttributes([{ key: searchAttributes.status, value: 'running' }])
      }
    }
  }
  const parkOnRateLimit = (
    parked: RateLimitParked,
    at: { parkedAt: string; parkedAmount: { asset: string; amount: string } },
    extra: Partial<MoveOutcome>,
  ): MoveOutcome => {
    log.warn('move parked on a rate limit', { reason: parked.reason, text: parked.detail.text })
    upsertMemo({ rateLimitWait: null, rateLimitParked: `${parked.reason}: ${parked.detail.text}` })
    return {
      status: 'parked',
      route,
      txHashes,
      rateLimits,
      ...extra,
      ...at,
      reason: parked.reason,
      rateLimit: parked.detail,
      error: parked.message,
    }
  }

  /** After a failed bridge step: the mined send, nothing sent, or `unknown` (signed, fate not seen). */
  const locateSend = async (step: { moveKey: string; route: MoveRoute }, failure: unknown) => {
    const hash = unsettledSendHash(failure)
    try {
      return await reads.locateBridgeSend({ ...step, ...(hash ? { hash } : {}) })
    } catch {
      return 'unknown' as const
    }
  }
  /** A signed send whose fate the reads could not see: in flight as far as anyone knows. */
  const inFlightUnconfirmed = (error: unknown): MoveOutcome => {
    const hash = unsettledSendHash(error) ?? 'unknown'
    log.error('bridge send signed but not confirmed; an operator must follow it up', { hash })
    return {
      status: 'parked',
      route,
      txHashes: [...txHashes, ...(hash === 'unknown' ? [] : [hash])],
      rateLimits,
      parkedAt: `in-flight:tx:${hash}`,
      error: errorText(error),
    }
  }

  upsertSearchAttributes([{ key: searchAttributes.status, value: 'running' }])
  // A move without a valid authorization fails here (final), before anything is read or signed; every
  // transaction step checks it again in the activity (a rogue poller's own workflow code skips this line).
  await reads.authorizeMove(input)
  let route: MoveRoute
  try {
    route = await reads.prepareMove({
      from: input.from,
      to: input.to,
      amountUsd: input.amount,
      ...(input.bridge === 'cctp' ? { bridge: input.bridge } : {}),
      ...(input.convertOn ? { convertOn: input.convertOn } : {}),
    })
  } catch (error) {
    // Nothing was sent: a route that cannot be carried out, or reads that gave up (dead RPC).
    return { status: 'failed', txHashes: [], error: errorText(error) }
  }
  const txHashes: string[] = []
  const rateLimits: RateLimitPrediction[] = []
  upsertMemo({
    route: { from: route.from, to: route.to, bridge: route.bridge ?? null, convert: route.convert ?? null },
  })
  // `rateLimits` is absent from step results recorded before controller mode (replay of old histories).
  const record = (result: { txHashes: string[]; rateLimits?: RateLimitPrediction[] }) => {
    txHashes.push(...result.txHashes)
    rateLimits.push(...(result.rateLimits ?? []))
  }
  const step = { moveKey, route, move: input }

  let arrived = route.destination.amount
  let guid: string | undefined
  let deliveryFromBlock: string | undefined
  let burns: CctpBurn[] | undefined
  let convertedAtSource = false
  try {
    record(await gated('withdrawing', () => transactions.withdrawFromMarket(step)))
    if (route.convert && route.convert.chain === route.source.chain) {
      record(await gated('converting', () => transactions.convertViaPsm(step)))
      convertedAtSource = true
    }
    if (route.bridge?.via === 'cctp') {
      const burned = await gated('bridging', () => transactions.burnViaCctp(step))
      record(burned)
      burns = burned.burns
      arrived = burns.reduce((sum, b) => sum + BigInt(b.amount), 0n).toString()
    } else if (route.bridge) {
      let sent: { txHashes: string[]; guid: string; amountReceived: string; deliveryFromBlock?: string }
      try {
        sent = await gated('bridging', () => transactions.bridgeViaOft(step))
      } catch (error) {
        if (error instanceof RateLimitParked) throw error // refused before signing: nothing was sent
        // Money that left the source is never reported there: find out whether the send was mined.
        const located = await locateSend(step, error)
        if (located === 'unknown') return inFlightUnconfirmed(error)
        if (located.state !== 'sent') throw error
        sent = {
          txHashes: [located.hash],
          guid: located.guid,
          amountReceived: located.amountReceived,
          deliveryFromBlock: located.deliveryFromBlock,
        }
        log.warn('bridge step failed after its send was mined; following the send to delivery', {
          guid: sent.guid,
        })
      }
      record(sent)
      guid = sent.guid
      progress.guid = guid
      arrived = sent.amountReceived
      deliveryFromBlock = sent.deliveryFromBlock
    }
  } catch (error) {
    if (error instanceof RateLimitParked) {
      // Nothing was sent for the refused step: the money is still in the market, or idle on the source.
      const moved = txHashes.length > 0
      return parkOnRateLimit(
        error,
        {
          parkedAt: moved ? idleEnd(route.source.chain) : input.from,
          parkedAmount:
            convertedAtSource && route.convert
              ? { asset: route.convert.toAsset, amount: route.convert.amountOut }
              : { asset: route.source.asset, amount: route.source.amount },
        },
        {},
      )
    }
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
        move: input,
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
      const delivered = await delivery.checkOftDelivery({
        route,
        guid: guid as `0x${string}`,
        ...(deliveryFromBlock ? { fromBlock: deliveryFromBlock } : {}),
      })
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

  // What arrived, not the plan: converted on the destination if needed, deposited in its asset's units.
  const after = arrivalAmounts(route, arrived)
  try {
    if (after.convert) {
      const amounts = after.convert
      record(await gated('converting', () => transactions.convertViaPsm({ ...step, amounts })))
    }
    record(await gated('depositing', () => transactions.depositToMarket({ ...step, amount: after.deposit })))
  } catch (error) {
    if (error instanceof RateLimitParked) {
      return parkOnRateLimit(
        error,
        {
          parkedAt: idleEnd(route.destination.chain),
          parkedAmount: { asset: route.destination.asset, amount: arrived },
        },
        { ...(guid ? { guid } : {}), amountDelivered: arrived },
      )
    }
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

/** Whether an activity failed because the orchestrator is paused (`PausedError` of the step guard). */
function isPausedFailure(error: unknown): boolean {
  return (
    error instanceof ActivityFailure &&
    error.cause instanceof ApplicationFailure &&
    error.cause.type === 'PausedError'
  )
}
