import { type Hex, keccak256, toHex } from 'viem'

/** `keccak256("RELAYER")`: may call the controllers' relayer functions (this orchestrator's signer). */
export const RELAYER_ROLE: Hex = '0xab4f864e5201b0fde9b5ee3e4cf96384802b0ffdfcf7f9de4699ce21a30afc4f'
/** `keccak256("FREEZER")`: may call `removeRelayer(address)` (the kill switch). */
export const FREEZER_ROLE: Hex = '0x0ac42a08299cbc4428ec38ad4a8e7d7440779fbbb20ea90bd10c094a406cfa6f'
/** `keccak256("CONTROLLER")`: held by the controller on the ALMProxy and on RateLimits. */
export const CONTROLLER_ROLE: Hex = '0x70546d1c92f8c2132ae23a23f5177aa8526356051c7510df99f50e012d221529'
/** OpenZeppelin AccessControl's admin role (governance). */
export const DEFAULT_ADMIN_ROLE: Hex = '0x0000000000000000000000000000000000000000000000000000000000000000'

/** `keccak256(name)` as AccessControl role ids are made. */
export function roleId(name: string): Hex {
  return keccak256(toHex(name))
}
