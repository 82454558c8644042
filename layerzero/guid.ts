import type { Address, Hex } from 'viem'
import { encodePacked, keccak256, pad } from 'viem/utils'

/** The fields that identify one LayerZero V2 message. */
export interface GuidInput {
  nonce: bigint
  srcEid: number
  /** Sender OApp: a 20-byte address (left-padded) or a 32-byte id. */
  sender: Address | Hex
  dstEid: number
  /** Receiver OApp: a 20-byte address (left-padded) or a 32-byte id. */
  receiver: Address | Hex
}

/** Left-pads a 20-byte address to the 32-byte form LayerZero uses; 32-byte values pass through. */
export function toBytes32(value: Address | Hex): Hex {
  return pad(value, { size: 32 })
}

/**
 * The message GUID as EndpointV2 computes it:
 * `keccak256(abi.encodePacked(uint64 nonce, uint32 srcEid, bytes32 sender, uint32 dstEid, bytes32 receiver))`.
 */
export function computeGuid(input: GuidInput): Hex {
  return keccak256(
    encodePacked(
      ['uint64', 'uint32', 'bytes32', 'uint32', 'bytes32'],
      [input.nonce, input.srcEid, toBytes32(input.sender), input.dstEid, toBytes32(input.receiver)],
    ),
  )
}
