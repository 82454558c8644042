import type { Address, Hex } from 'viem'
import { getAddress, hexToBigInt, hexToNumber, keccak256, size, slice } from 'viem/utils'

/** Byte length of the PacketV1 header: version 1, nonce 8, srcEid 4, sender 32, dstEid 4, receiver 32. */
export const packetHeaderLength = 81

/** A decoded LayerZero PacketV1 (`encodedPayload` of EndpointV2 `PacketSent`). */
export interface DecodedPacket {
  version: number
  nonce: bigint
  srcEid: number
  /** Sender OApp as bytes32. */
  sender: Hex
  dstEid: number
  /** Receiver OApp as bytes32. */
  receiver: Hex
  /** Receiver as an EVM address (low 20 bytes). */
  receiverAddress: Address
  guid: Hex
  /** The OApp message (for an OFT: recipient bytes32 | amountSD uint64 [| compose]). */
  message: Hex
  /** The 81-byte header that the DVN verifies. */
  header: Hex
  /** `guid | message`, the payload whose hash the DVN verifies. */
  payload: Hex
  /** `keccak256(payload)`. */
  payloadHash: Hex
}

/**
 * Decodes a PacketV1 `encodedPayload` (same fields as `PacketV1Codec` in `@layerzerolabs/lz-v2-utilities`).
 * Throws when the blob is shorter than header + guid or the version is not 1.
 */
export function decodePacket(encodedPayload: Hex): DecodedPacket {
  if (size(encodedPayload) < packetHeaderLength + 32) {
    throw new Error(`packet too short (${size(encodedPayload)} bytes)`)
  }
  const version = hexToNumber(slice(encodedPayload, 0, 1))
  if (version !== 1) throw new Error(`unsupported packet version ${version}`)
  const receiver = slice(encodedPayload, 49, 81)
  const payload = slice(encodedPayload, packetHeaderLength)
  const message =
    size(encodedPayload) > packetHeaderLength + 32 ? slice(encodedPayload, packetHeaderLength + 32) : '0x'
  return {
    version,
    nonce: hexToBigInt(slice(encodedPayload, 1, 9)),
    srcEid: hexToNumber(slice(encodedPayload, 9, 13)),
    sender: slice(encodedPayload, 13, 45),
    dstEid: hexToNumber(slice(encodedPayload, 45, 49)),
    receiver,
    receiverAddress: getAddress(slice(receiver, 12, 32)),
    guid: slice(encodedPayload, packetHeaderLength, packetHeaderLength + 32),
    message,
    header: slice(encodedPayload, 0, packetHeaderLength),
    payload,
    payloadHash: keccak256(payload),
  }
}
