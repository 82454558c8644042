import type { Hex } from 'viem'
import { z } from 'zod'

/**
 * Circle's attestation API response (`GET /v1/attestations/{messageHash}`, CCTP V1): `PENDING` while the
 * source burn waits for confirmations, the attestation (hex, 65 bytes per attester signature) once complete.
 * The API answers 404 for a hash it has not seen (yet).
 */
export const attestationResponseSchema = z.union([
  z.object({ attestation: z.literal('PENDING'), status: z.literal('pending_confirmations') }),
  z.object({
    attestation: z.string().regex(/^0x([0-9a-fA-F]{130})+$/, 'expected 65-byte signatures'),
    status: z.literal('complete'),
  }),
])

/** A parsed attestation API response. */
export type AttestationResponse =
  | { attestation: 'PENDING'; status: 'pending_confirmations' }
  | { attestation: Hex; status: 'complete' }

/** What one poll of the attestation API says about a message. */
export type AttestationPoll =
  | { state: 'complete'; attestation: Hex }
  | { state: 'pending' }
  /** 404: the API has not seen the message (yet: it may still be indexing the burn). */
  | { state: 'unknown' }
  /** 5xx or 429: the API is down or throttling; poll again later. */
  | { state: 'unavailable'; httpStatus: number }

/** Maps an HTTP status and JSON body of the attestation API to an {@link AttestationPoll}. */
export function interpretAttestationResponse(httpStatus: number, body: unknown): AttestationPoll {
  if (httpStatus === 404) return { state: 'unknown' }
  if (httpStatus === 429 || httpStatus >= 500) return { state: 'unavailable', httpStatus }
  if (httpStatus !== 200) throw new Error(`attestation API answered HTTP ${httpStatus}`)
  const parsed = attestationResponseSchema.parse(body) as AttestationResponse
  return parsed.status === 'complete'
    ? { state: 'complete', attestation: parsed.attestation }
    : { state: 'pending' }
}

/** Path of a message hash on a Circle-shaped attestation API (V1), relative to its base URL. */
export function attestationPath(messageHash: Hex): string {
  return `/v1/attestations/${messageHash}`
}
