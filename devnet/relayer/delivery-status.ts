import { type Address, createPublicClient, type Hex, http, type PublicClient } from 'viem'
import {
  classifyDelivery,
  type DeliveryFacts,
  type DeliveryStatusName,
} from '../../layerzero/delivery-status.js'
import {
  inboundPayloadHashAbi,
  lazyInboundNonceAbi,
  lzReceiveAlertEventAbi,
} from '../../layerzero/endpoint-abi.js'
import { oftReceivedEventAbi } from '../../layerzero/oft-abi.js'

/** Where and what to look for on the destination chain. */
export interface DeliveryStatusQuery {
  /** RPC of the destination chain. */
  rpcUrl: string
  /** Destination EndpointV2. */
  endpoint: Address
  guid: Hex
  /** Destination OFT (the packet receiver). */
  receiver: Address
  /** Origin of the message (from the source `PacketSent`); lets verified-but-unexecuted show as CONFIRMING. */
  origin?: { srcEid: number; sender: Hex; nonce: bigint }
  /** First destination block to search logs from (default 0). */
  fromBlock?: bigint
  /** Reuse a client instead of opening one from `rpcUrl`. */
  client?: PublicClient
}

/**
 * Delivery status of an OFT message read from destination chain state only (no relayer needed): gathers
 * `OFTReceived` / `LzReceiveAlert` logs for the GUID and, with `origin`, the endpoint inbound state, then
 * applies {@link classifyDelivery}. Only viem + `activities/layerzero` imports, so an activity can reuse it.
 */
export async function getDeliveryStatus(query: DeliveryStatusQuery): Promise<DeliveryStatusName> {
  const client = query.client ?? createPublicClient({ transport: http(query.rpcUrl) })
  const fromBlock = query.fromBlock ?? 0n
  const received = await client.getLogs({
    address: query.receiver,
    event: oftReceivedEventAbi[0],
    args: { guid: query.guid },
    fromBlock,
    toBlock: 'latest',
  })
  const alerts =
    received.length > 0
      ? []
      : await client.getLogs({
          address: query.endpoint,
          event: lzReceiveAlertEventAbi[0],
          args: { receiver: query.receiver },
          fromBlock,
          toBlock: 'latest',
        })
  const facts: DeliveryFacts = {
    oftReceived: received.length > 0,
    lzReceiveAlert: alerts.some((a) => a.args.guid?.toLowerCase() === query.guid.toLowerCase()),
  }
  if (!facts.oftReceived && !facts.lzReceiveAlert && query.origin) {
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
  return classifyDelivery(facts)
}
