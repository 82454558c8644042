import { log, proxyActivities, sleep } from '@temporalio/workflow'
import type { AuthorizedMove } from '../activities/approval-verification.js'
import type { Activities } from '../activities/index.js'
import type { CctpBurn } from '../activities/moves/burn-via-cctp.js'
import type { MoveRoute } from '../policies/route.js'
import { NON_RETRYABLE_TYPES } from './retry.js'

// One poll of the attestation API per activity (no sleeping inside): the waiting is done with durable
// workflow timers below. A poll that keeps failing (e.g. malformed answers) gives up after a few minutes
// and counts as "unavailable".
const attestations = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  scheduleToCloseTimeout: '5 minutes',
  retry: {
    initialInterval: '1 second',
    maximumInterval: '30 seconds',
    nonRetryableErrorTypes: NON_RETRYABLE_TYPES,
  },
})

/** How long a move waits for Circle's attestations before it parks in flight (Ethereum finality ~13-19 min). */
export const CCTP_ATTESTATION_WAIT_MS = 24 * 60 * 60 * 1000
/** First and largest pause between two polls of the attestation API (grows by 1.5x). */
const FIRST_POLL_MS = 1_000
const MAX_POLL_MS = 60_000

/** How the CCTP part of a move ended. */
export type CctpCompletion =
  | { status: 'minted'; txHashes: string[]; amountReceived: string; alreadyReceived: string[] }
  | { status: 'stalled'; pending: CctpBurn[]; lastAnswer: string }

/** `in-flight:cctp:<domain>-<nonce>,…`: where a stalled move's money is (burned, not minted). */
export function cctpInFlight(burns: CctpBurn[]): string {
  return `in-flight:cctp:${burns.map((b) => `${b.sourceDomain}-${b.nonce}`).join(',')}`
}

/**
 * After the burns of a CCTP move (recorded in history by the burn step): polls the attestation API for all
 * of them with durable timers (1 s growing to 60 s; one activity per poll, so a worker crash or an API
 * outage only delays), bounded by `waitMs` (default {@link CCTP_ATTESTATION_WAIT_MS}; then `stalled`, the
 * money in flight). Then mints each burn on the destination (`receiveCctpMessage`: at most once per
 * nonce, checked on chain). Completes when every burn is minted; the amount received is their sum.
 */
export async function completeCctpTransfer(args: {
  moveKey: string
  route: MoveRoute
  burns: CctpBurn[]
  /** The caller's transaction-step proxy of `receiveCctpMessage` (sign once, heartbeat, retries). */
  receive: Activities['receiveCctpMessage']
  /** The move with its authorization: the mint step re-verifies it before it signs. */
  move: AuthorizedMove
  waitMs?: number
}): Promise<CctpCompletion> {
  const { moveKey, route, burns, receive, move } = args
  const deadline = Date.now() + (args.waitMs ?? CCTP_ATTESTATION_WAIT_MS)
  const attested = new Map<string, `0x${string}`>()
  let pause = FIRST_POLL_MS
  let lastAnswer = 'not polled yet'
  for (;;) {
    const pending = burns.filter((b) => !attested.has(b.messageHash))
    if (pending.length === 0) break
    try {
      const polls = await attestations.fetchCctpAttestations({
        moveKey,
        messageHashes: pending.map((b) => b.messageHash),
      })
      polls.forEach((poll, i) => {
        const burn = pending[i]
        if (burn && poll.state === 'complete') attested.set(burn.messageHash, poll.attestation)
        else lastAnswer = poll.state === 'unavailable' ? `unavailable (HTTP ${poll.httpStatus})` : poll.state
      })
    } catch (error) {
      lastAnswer = `poll failed: ${error instanceof Error ? error.message : String(error)}`
    }
    if (burns.every((b) => attested.has(b.messageHash))) break
    if (Date.now() + pause > deadline) {
      const left = burns.filter((b) => !attested.has(b.messageHash))
      log.error('CCTP attestation did not complete in time; the burned USDC is in flight', {
        nonces: left.map((b) => b.nonce),
        lastAnswer,
      })
      return { status: 'stalled', pending: left, lastAnswer }
    }
    await sleep(pause)
    pause = Math.min(MAX_POLL_MS, Math.round(pause * 1.5))
  }
  const txHashes: string[] = []
  const alreadyReceived: string[] = []
  let amountReceived = 0n
  for (const burn of burns) {
    const received = await receive({
      moveKey,
      route,
      move,
      burn,
      attestation: attested.get(burn.messageHash) as `0x${string}`,
    })
    txHashes.push(...received.txHashes)
    if (received.outcome === 'already-received') alreadyReceived.push(received.nonce)
    amountReceived += BigInt(received.amount)
  }
  return { status: 'minted', txHashes, amountReceived: amountReceived.toString(), alreadyReceived }
}
