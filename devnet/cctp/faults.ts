import { z } from 'zod'

/**
 * Fault modes of the devnet attestation service (all off by default), settable at start and at runtime:
 * - `delayMs`: how long after the service saw a `MessageSent` its attestation stays `pending_confirmations`
 *   (Circle waits for source-chain finality: about 13-19 minutes from Ethereum, seconds from L2s). Read at
 *   query time, so changing it also moves messages that are still pending.
 * - `outage`: every attestation request answers HTTP 503 (the control endpoints keep working); messages are
 *   still watched, so clearing it serves them at once.
 */
export const attestationFaultsSchema = z.strictObject({
  delayMs: z.number().int().nonnegative().default(0),
  outage: z.boolean().default(false),
})

/** The current fault settings. */
export type AttestationFaults = z.infer<typeof attestationFaultsSchema>

/** No faults. */
export const noAttestationFaults: AttestationFaults = { delayMs: 0, outage: false }
