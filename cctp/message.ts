import type { Address, Hex } from 'viem'
import {
  concat,
  encodePacked,
  getAddress,
  hexToBigInt,
  hexToNumber,
  keccak256,
  pad,
  size,
  slice,
} from 'viem/utils'

/** Byte length of the CCTP V1 message header (version 4, domains 4+4, nonce 8, sender/recipient/caller 32 each). */
export const cctpMessageHeaderLength = 116
/** Byte length of a V1 burn message body (version 4, burnToken 32, mintRecipient 32, amount 32, sender 32). */
export const burnMessageLength = 132

/** A CCTP V1 burn message (the TokenMessenger's message body). */
export interface BurnMessage {
  version: number
  /** Burned token on the source chain, as bytes32. */
  burnToken: Hex
  /** Mint recipient on the destination chain, as bytes32. */
  mintRecipient: Hex
  /** Low 20 bytes of `mintRecipient`. */
  mintRecipientAddress: Address
  amount: bigint
  /** The caller of `depositForBurn` (for the SLL: the source ALMProxy), as bytes32. */
  messageSender: Hex
}

/** A decoded CCTP V1 message (the `message` of `MessageSent`). */
export interface CctpMessage {
  version: number
  sourceDomain: number
  destinationDomain: number
  nonce: bigint
  /** Sending contract (the source TokenMessenger), bytes32. */
  sender: Hex
  /** Receiving contract (the destination TokenMessenger), bytes32. */
  recipient: Hex
  /** bytes32(0) when anyone may call `receiveMessage`. */
  destinationCaller: Hex
  messageBody: Hex
  /** The body decoded as a burn message, when it has the burn-message length. */
  burn: BurnMessage | undefined
}

/** The message is not a well-formed CCTP V1 message. */
export class InvalidCctpMessageError extends Error {
  override readonly name = 'InvalidCctpMessageError'
}

/** `bytes32` of an address (left-padded), as CCTP encodes senders and recipients. */
export function addressToBytes32(address: Address): Hex {
  return pad(address.toLowerCase() as Hex, { size: 32 })
}

/** The address in the low 20 bytes of a CCTP bytes32. */
export function bytes32ToAddress(value: Hex): Address {
  return getAddress(slice(value, 12, 32))
}

/** Decodes a V1 burn message body; throws {@link InvalidCctpMessageError} on a wrong length. */
export function decodeBurnMessage(body: Hex): BurnMessage {
  if (size(body) !== burnMessageLength) {
    throw new InvalidCctpMessageError(`burn message is ${size(body)} bytes, expected ${burnMessageLength}`)
  }
  const mintRecipient = slice(body, 36, 68)
  return {
    version: hexToNumber(slice(body, 0, 4)),
    burnToken: slice(body, 4, 36),
    mintRecipient,
    mintRecipientAddress: bytes32ToAddress(mintRecipient),
    amount: hexToBigInt(slice(body, 68, 100)),
    messageSender: slice(body, 100, 132),
  }
}

/** Decodes a CCTP V1 message; throws {@link InvalidCctpMessageError} when it is shorter than the header. */
export function decodeCctpMessage(message: Hex): CctpMessage {
  const length = size(message)
  if (length < cctpMessageHeaderLength) {
    throw new InvalidCctpMessageError(
      `message is ${length} bytes, shorter than the ${cctpMessageHeaderLength}-byte header`,
    )
  }
  const messageBody = length === cctpMessageHeaderLength ? '0x' : slice(message, cctpMessageHeaderLength)
  return {
    version: hexToNumber(slice(message, 0, 4)),
    sourceDomain: hexToNumber(slice(message, 4, 8)),
    destinationDomain: hexToNumber(slice(message, 8, 12)),
    nonce: hexToBigInt(slice(message, 12, 20)),
    sender: slice(message, 20, 52),
    recipient: slice(message, 52, 84),
    destinationCaller: slice(message, 84, 116),
    messageBody,
    burn: size(messageBody) === burnMessageLength ? decodeBurnMessage(messageBody) : undefined,
  }
}

/** Encodes a V1 burn message body (the inverse of {@link decodeBurnMessage}). */
export function encodeBurnMessage(burn: Omit<BurnMessage, 'mintRecipientAddress'>): Hex {
  return encodePacked(
    ['uint32', 'bytes32', 'bytes32', 'uint256', 'bytes32'],
    [burn.version, burn.burnToken, burn.mintRecipient, burn.amount, burn.messageSender],
  )
}

/** Encodes a V1 message (the inverse of {@link decodeCctpMessage}). */
export function encodeCctpMessage(message: Omit<CctpMessage, 'burn'>): Hex {
  return concat([
    encodePacked(
      ['uint32', 'uint32', 'uint32', 'uint64', 'bytes32', 'bytes32', 'bytes32'],
      [
        message.version,
        message.sourceDomain,
        message.destinationDomain,
        message.nonce,
        message.sender,
        message.recipient,
        message.destinationCaller,
      ],
    ),
    message.messageBody,
  ])
}

/** `keccak256(message)`: the hash Circle's attestation API is keyed by and the attesters sign. */
export function cctpMessageHash(message: Hex): Hex {
  return keccak256(message)
}

/** Key of `usedNonces` on the destination MessageTransmitter: `keccak256(abi.encodePacked(uint32 sourceDomain, uint64 nonce))`. */
export function usedNonceKey(sourceDomain: number, nonce: bigint): Hex {
  return keccak256(encodePacked(['uint32', 'uint64'], [sourceDomain, nonce]))
}
