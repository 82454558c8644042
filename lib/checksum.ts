import { getAddress } from 'viem/utils'

/**
 * Whether `address` (0x + 40 hex digits) is written with its EIP-55 checksum. Pure (keccak in JS), so the
 * policy schema can use it wherever it is bundled.
 */
export function isChecksummed(address: string): boolean {
  try {
    return getAddress(address) === address
  } catch {
    return false
  }
}
