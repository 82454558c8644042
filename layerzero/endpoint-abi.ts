/**
 * EndpointV2 event and view fragments used to follow a LayerZero V2 message
 * (source: `@layerzerolabs/lz-evm-protocol-v2` `ILayerZeroEndpointV2.sol`), as `as const` ABIs.
 */

/** Components of LayerZero's `Origin { srcEid, sender, nonce }` struct. */
export const originComponents = [
  { name: 'srcEid', type: 'uint32' },
  { name: 'sender', type: 'bytes32' },
  { name: 'nonce', type: 'uint64' },
] as const

/** `PacketSent(encodedPayload, options, sendLibrary)` on the source endpoint. */
export const packetSentEventAbi = [
  {
    type: 'event',
    name: 'PacketSent',
    inputs: [
      { name: 'encodedPayload', type: 'bytes', indexed: false },
      { name: 'options', type: 'bytes', indexed: false },
      { name: 'sendLibrary', type: 'address', indexed: false },
    ],
  },
] as const

/** `PacketVerified(origin, receiver, payloadHash)` on the destination endpoint. */
export const packetVerifiedEventAbi = [
  {
    type: 'event',
    name: 'PacketVerified',
    inputs: [
      { name: 'origin', type: 'tuple', indexed: false, components: originComponents },
      { name: 'receiver', type: 'address', indexed: false },
      { name: 'payloadHash', type: 'bytes32', indexed: false },
    ],
  },
] as const

/** `PacketDelivered(origin, receiver)` on the destination endpoint. */
export const packetDeliveredEventAbi = [
  {
    type: 'event',
    name: 'PacketDelivered',
    inputs: [
      { name: 'origin', type: 'tuple', indexed: false, components: originComponents },
      { name: 'receiver', type: 'address', indexed: false },
    ],
  },
] as const

/** `LzReceiveAlert(...)`: the executor's `lzReceive` failed; the payload stays stored and retryable. */
export const lzReceiveAlertEventAbi = [
  {
    type: 'event',
    name: 'LzReceiveAlert',
    inputs: [
      { name: 'receiver', type: 'address', indexed: true },
      { name: 'executor', type: 'address', indexed: true },
      { name: 'origin', type: 'tuple', indexed: false, components: originComponents },
      { name: 'guid', type: 'bytes32', indexed: false },
      { name: 'gas', type: 'uint256', indexed: false },
      { name: 'value', type: 'uint256', indexed: false },
      { name: 'message', type: 'bytes', indexed: false },
      { name: 'extraData', type: 'bytes', indexed: false },
      { name: 'reason', type: 'bytes', indexed: false },
    ],
  },
] as const

/** `inboundPayloadHash(receiver, srcEid, sender, nonce)`: non-zero while a verified payload awaits delivery. */
export const inboundPayloadHashAbi = [
  {
    type: 'function',
    name: 'inboundPayloadHash',
    stateMutability: 'view',
    inputs: [
      { name: '_receiver', type: 'address' },
      { name: '_srcEid', type: 'uint32' },
      { name: '_sender', type: 'bytes32' },
      { name: '_nonce', type: 'uint64' },
    ],
    outputs: [{ name: 'payloadHash', type: 'bytes32' }],
  },
] as const

/** `lazyInboundNonce(receiver, srcEid, sender)`: highest nonce delivered or skipped in order. */
export const lazyInboundNonceAbi = [
  {
    type: 'function',
    name: 'lazyInboundNonce',
    stateMutability: 'view',
    inputs: [
      { name: '_receiver', type: 'address' },
      { name: '_srcEid', type: 'uint32' },
      { name: '_sender', type: 'bytes32' },
    ],
    outputs: [{ name: 'nonce', type: 'uint64' }],
  },
] as const

/** Every endpoint fragment above in one ABI. */
export const endpointAbi = [
  ...packetSentEventAbi,
  ...packetVerifiedEventAbi,
  ...packetDeliveredEventAbi,
  ...lzReceiveAlertEventAbi,
  ...inboundPayloadHashAbi,
  ...lazyInboundNonceAbi,
] as const
