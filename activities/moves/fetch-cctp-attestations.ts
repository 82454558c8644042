import type { Hex } from 'viem'
import {
  type AttestationPoll,
  attestationPath,
  interpretAttestationResponse,
} from '../../cctp/attestation.js'
import { crashIfChaos } from '../tx/chaos.js'
import { resolveJournalDir } from '../tx/journal.js'
import type { StepContext } from './step-context.js'

/** How long one attestation request may take before it counts as `unavailable`. */
const REQUEST_TIMEOUT_MS = 10_000

/**
 * Asks the attestation API (Circle's V1 shape, base URL from `SLL_CCTP_ATTESTATION_URL`) once about each
 * message hash and says what it answered: `complete` with the attestation, `pending`, `unknown` (not indexed
 * yet) or `unavailable` (HTTP 5xx / 429, or no answer: network error, timeout). One request per hash, no
 * waiting: the workflow polls with durable timers, so a stalled API costs no worker slot.
 */
export function createFetchCctpAttestations(ctx: StepContext, baseUrl: () => string) {
  const { network } = ctx
  return async function fetchCctpAttestations(input: {
    moveKey: string
    messageHashes: Hex[]
  }): Promise<AttestationPoll[]> {
    crashIfChaos(
      'awaiting-attestation',
      `${input.moveKey}/cctp-attestation`,
      resolveJournalDir(network.journalDir),
    )
    const url = baseUrl()
    return Promise.all(
      input.messageHashes.map(async (hash): Promise<AttestationPoll> => {
        let response: Response
        try {
          response = await fetch(`${url}${attestationPath(hash)}`, {
            signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
          })
        } catch {
          return { state: 'unavailable', httpStatus: 0 }
        }
        const body: unknown = await response.json().catch(() => undefined)
        return interpretAttestationResponse(response.status, body)
      }),
    )
  }
}
