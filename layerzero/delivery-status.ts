import type { Address, Hex, PublicClient } from 'viem'
import { inboundPayloadHashAbi, lazyInboundNonceAbi, lzReceiveAlertEventAbi } from './endpoint-abi.js'
import { oftReceivedEventAbi } from './oft-abi.js'

/**
 * Delivery status names of a LayerZero message, the same as LayerZero Scan's `status.name`
 * (the devnet relayer, the on-chain reader and the Scan client use these names).
 * - `INFLIGHT`: sent on the source, not yet verified on the destination.
 * - `CONFIRMING`: verification under way or done, not yet executed.
 * - `DELIVERED`: executed on the destination (`OFTReceived` emitted).
 * - `FAILED`: the relayer (or Scan) gave up on the message.
 * - `PAYLOAD_STORED`: executed but `lzReceive` failed (`LzReceiveAlert`); the payload stays stored, retryable.
 * - `BLOCKED`: Scan reports the pathway blocked (never read from chain state).
 */
export const deliveryStatusNames = [
  'INFLIGHT',
  'CONFIRMING',
  'DELIVERED',
  'FAILED',
  'PAYLOAD_STORED',
  'BLOCKED',
] as const

/** One of {@link deliveryStatusNames}. */
export type DeliveryStatusName = (typeof deliveryStatusNames)[number]

/** The statuses destination chain state can show ({@link readDeliveryStatus}); FAILED / BLOCKED need a worker or Scan. */
export type ChainDeliveryStatusName = Exclude<DeliveryStatusName, 'FAILED' | 'BLOCKED'>

/** True when `name` is one of {@link deliveryStatusNames}. */
export function isDeliveryStatusName(name: string): name is DeliveryStatusName {
  return (deliveryStatusNames as readonly string[]).includes(name)
}

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
export function classifyDelivery(facts: DeliveryFacts): ChainDeliveryStatusName {
  if (facts.oftReceived) return 'DELIVERED'
  if (facts.lzReceiveAlert) return 'PAYLOAD_STORED'
  if (facts.inbound?.payloadHashStored) return 'CONFIRMING'
  if (facts.inbound?.nonceConsumed) return 'DELIVERED'
  return 'INFLIGHT'
}

/** LayerZero's `Origin { srcEid, sender, nonce }` of a message (from the source `PacketSent`). */
export interface MessageOrigin {
  srcEid: number
  /** Sender OApp as bytes32. */
  sender: Hex
  nonce: bigint
}

/** Where and what {@link readDeliveryStatus} looks for on the destination chain. */
export interface ReadDeliveryStatusQuery {
  /** Destination EndpointV2. */
  endpoint: Address
  /** Destination OApp (the packet receiver; for a transfer, the destination OFT). */
  receiver: Address
  guid: Hex
  /** Origin of the message; with it, verified-but-unexecuted shows as CONFIRMING (two endpoint reads). */
  origin?: MessageOrigin
  /** First destination block to search logs from (default 0). */
  fromBlock?: bigint
}

/** The `OFTReceived` log of a delivered transfer. */
export interface OftArrival {
  /** `amountReceivedLD` credited on the destination (0 if the log carries none). */
  amountReceivedLD: bigint
  /** Destination transaction that emitted `OFTReceived`. */
  txHash: Hex
  blockNumber: bigint
  /** Who was credited (`OFTReceived.toAddress`), when the log carries it. */
  toAddress?: Address
}

/** Result of {@link readDeliveryStatus}: the status and, when `OFTReceived` was found, the arrival. */
export interface ReadDeliveryStatusReturnType {
  status: ChainDeliveryStatusName
  /** Set when `status` is DELIVERED because of an `OFTReceived` log (absent for a consumed nonce only). */
  arrival?: OftArrival
}

/** The client calls {@link readDeliveryStatus} makes (any viem `PublicClient` fits). */
export type DeliveryStatusClient = Pick<PublicClient, 'getLogs' | 'readContract'>

/**
 * Classifies one LayerZero message from destination chain state only (no relayer, no Scan): `OFTReceived`
 * logs for the GUID on the receiver, else `LzReceiveAlert` logs of the endpoint for the receiver and GUID,
 * else (with `origin`) the endpoint's `inboundPayloadHash` and `lazyInboundNonce`; then
 * {@link classifyDelivery}. Reads only through `client`.
 *
 * @example
 * const { status, arrival } = await readDeliveryStatus(client, { endpoint, receiver: oft, guid })
 */
export async function readDeliveryStatus(
  client: DeliveryStatusClient,
  query: ReadDeliveryStatusQuery,
): Promise<ReadDeliveryStatusReturnType> {
  const fromBlock = query.fromBlock ?? 0n
  const [received] = await client.getLogs({
    address: query.receiver,
    event: oftReceivedEventAbi[0],
    args: { guid: query.guid },
    fromBlock,
    toBlock: 'latest',
  })
  if (received) {
    return {
      status: classifyDelivery({ oftReceived: true, lzReceiveAlert: false }),
      arrival: {
        amountReceivedLD: received.args.amountReceivedLD ?? 0n,
        txHash: received.transactionHash,
        blockNumber: received.blockNumber,
        ...(received.args.toAddress ? { toAddress: received.args.toAddress } : {}),
      },
    }
  }
  const alerts = await client.getLogs({
    address: query.endpoint,
    event: lzReceiveAlertEventAbi[0],
    args: { receiver: query.receiver },
    fromBlock,
    toBlock: 'latest',
  })
  const facts: DeliveryFacts = {
    oftReceived: false,
    lzReceiveAlert: alerts.some((a) => a.args.guid?.toLowerCase() === query.guid.toLowerCase()),
  }
  if (!facts.lzReceiveAlert && query.origin) {
    const { srcEid, sender, nonce } = query.origin
    const [payloadHash, lazyNonce] = await Promise.all([
      client.readContract({
        address: query.endpoint,
        abi: inboundPayloadHashAbi,
        functionName: 'inboundPayloadHash',
        args: [query.receiver, srcEid, sender, nonce],
      }),
      client.readContract({
        address: query.endpoint,
        abi: lazyInboundNonceAbi,
        functionName: 'lazyInboundNonce',
        args: [query.receiver, srcEid, sender],
      }),
    ])
    facts.inbound = { payloadHashStored: BigInt(payloadHash) !== 0n, nonceConsumed: lazyNonce >= nonce }
  }
  return { status: classifyDelivery(facts) }
}
