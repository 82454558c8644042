import type { Address, Hex, PublicClient, TransactionReceipt } from 'viem'
import { parseEventLogs } from 'viem'
import { messageTransmitterAbi } from './abi.js'
import { type CctpMessage, cctpMessageHash, decodeCctpMessage, usedNonceKey } from './message.js'

/** A `MessageSent` found in a receipt: the raw message, its hash and its decoding. */
export interface SentCctpMessage {
  message: Hex
  messageHash: Hex
  decoded: CctpMessage
  /** The MessageTransmitter that emitted it. */
  transmitter: Address
  logIndex: number
}

/**
 * Every CCTP `MessageSent` of a source transaction, in log order (one per burn: a `transferUSDCToCCTP` above
 * the per-message burn limit emits several). Pass `transmitter` to ignore look-alike events of other contracts.
 */
export function cctpMessagesOfReceipt(
  receipt: Pick<TransactionReceipt, 'logs'>,
  transmitter?: Address,
): SentCctpMessage[] {
  const logs = parseEventLogs({ abi: messageTransmitterAbi, eventName: 'MessageSent', logs: receipt.logs })
  return logs
    .filter((log) => !transmitter || log.address.toLowerCase() === transmitter.toLowerCase())
    .map((log) => ({
      message: log.args.message,
      messageHash: cctpMessageHash(log.args.message),
      decoded: decodeCctpMessage(log.args.message),
      transmitter: log.address,
      logIndex: log.logIndex,
    }))
}

/** True when the destination MessageTransmitter has received (sourceDomain, nonce): minted, cannot mint again. */
export async function readCctpNonceUsed(
  client: Pick<PublicClient, 'readContract'>,
  args: {
    messageTransmitter: Address
    sourceDomain: number
    nonce: bigint
    blockTag?: 'latest' | 'safe' | 'finalized'
  },
): Promise<boolean> {
  const used = await client.readContract({
    address: args.messageTransmitter,
    abi: messageTransmitterAbi,
    functionName: 'usedNonces',
    args: [usedNonceKey(args.sourceDomain, args.nonce)],
    ...(args.blockTag ? { blockTag: args.blockTag } : {}),
  })
  return used !== 0n
}

/** Where a CCTP message stands on its destination chain. */
export type CctpDestinationStatus = 'received' | 'not-received'

/**
 * Reads the destination state of a message: `received` once `receiveMessage` succeeded for its
 * (sourceDomain, nonce). Throws when `destinationTransmitter` is on another domain than the message's.
 */
export async function readCctpStatus(
  client: Pick<PublicClient, 'readContract'>,
  args: { messageTransmitter: Address; message: Hex | CctpMessage; destinationDomain?: number },
): Promise<CctpDestinationStatus> {
  const decoded = typeof args.message === 'string' ? decodeCctpMessage(args.message) : args.message
  if (args.destinationDomain !== undefined && args.destinationDomain !== decoded.destinationDomain) {
    throw new Error(
      `message goes to domain ${decoded.destinationDomain}, not ${args.destinationDomain}: wrong destination chain`,
    )
  }
  const used = await readCctpNonceUsed(client, {
    messageTransmitter: args.messageTransmitter,
    sourceDomain: decoded.sourceDomain,
    nonce: decoded.nonce,
  })
  return used ? 'received' : 'not-received'
}
