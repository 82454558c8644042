import { type Address, encodeFunctionData, encodePacked, type Hex, keccak256 } from 'viem'
import type { PrivateKeyAccount } from 'viem/accounts'
import type { DecodedPacket } from '../../layerzero/packet.js'
import { receiveUlnAbi } from '../../layerzero/worker-abis.js'

/** One `DVN.execute` instruction. */
export interface DvnExecuteParam {
  vid: number
  target: Address
  callData: Hex
  expiration: bigint
  signatures: Hex
}

/**
 * Builds the signed DVN instruction that makes the destination DVN call `ReceiveUln302.verify(header,
 * payloadHash, confirmations)`. The signer signs (EIP-191) `keccak256(abi.encodePacked(uint32 vid, address
 * target, uint256 expiration, bytes callData))`, as `DVN.execute` checks with a quorum of 1.
 */
export async function signedVerifyInstruction(args: {
  packet: DecodedPacket
  vid: number
  receiveLib: Address
  confirmations: bigint
  expiration: bigint
  signer: PrivateKeyAccount
}): Promise<DvnExecuteParam> {
  const callData = encodeFunctionData({
    abi: receiveUlnAbi,
    functionName: 'verify',
    args: [args.packet.header, args.packet.payloadHash, args.confirmations],
  })
  const hash = keccak256(
    encodePacked(
      ['uint32', 'address', 'uint256', 'bytes'],
      [args.vid, args.receiveLib, args.expiration, callData],
    ),
  )
  const signatures = await args.signer.signMessage({ message: { raw: hash } })
  return { vid: args.vid, target: args.receiveLib, callData, expiration: args.expiration, signatures }
}
