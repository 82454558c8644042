/**
 * Delivery status names of a LayerZero message, the same as LayerZero Scan's `status.name`
 * (the devnet relayer and the on-chain tracker use the same names).
 * - `INFLIGHT`: sent on the source, not yet verified on the destination.
 * - `CONFIRMING`: verification under way or done, not yet executed.
 * - `DELIVERED`: executed on the destination (`OFTReceived` emitted).
 * - `FAILED`: the relayer gave up on the message.
 * - `PAYLOAD_STORED`: executed but `lzReceive` failed (`LzReceiveAlert`); the payload stays stored, retryable.
 */
export const deliveryStatusNames = [
  'INFLIGHT',
  'CONFIRMING',
  'DELIVERED',
  'FAILED',
  'PAYLOAD_STORED',
] as const

/** One of {@link deliveryStatusNames}. */
export type DeliveryStatusName = (typeof deliveryStatusNames)[number]

/** What the destination chain shows about one message (see {@link classifyDelivery}). */
export interface DeliveryFacts {
  /** An `OFTReceived` log with the GUID exists on the receiver. */
  oftReceived: boolean
  /** An endpoint `LzReceiveAlert` log for the GUID exists. */
  lzReceiveAlert: boolean
  /** Endpoint state for the origin, when known: `inboundPayloadHash != 0` and `lazyInboundNonce >= nonce`. */
  inbound?: { payloadHashStored: boolean; nonceConsumed: boolean }
}

/**
 * Scan-style status from destination facts: OFTReceived -> DELIVERED; else LzReceiveAlert ->
 * PAYLOAD_STORED; else a stored payload hash -> CONFIRMING (verified, not executed); a consumed nonce
 * without a stored hash -> DELIVERED (e.g. a non-OFT receiver); otherwise INFLIGHT.
 */
export function classifyDelivery(facts: DeliveryFacts): DeliveryStatusName {
  if (facts.oftReceived) return 'DELIVERED'
  if (facts.lzReceiveAlert) return 'PAYLOAD_STORED'
  if (facts.inbound?.payloadHashStored) return 'CONFIRMING'
  if (facts.inbound?.nonceConsumed) return 'DELIVERED'
  return 'INFLIGHT'
}
