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
