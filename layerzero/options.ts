import { Options } from '@layerzerolabs/lz-v2-utilities'
import type { Hex } from 'viem'
import { hexToNumber, size, slice } from 'viem/utils'

/**
 * Builds LayerZero type-3 options carrying one executor `lzReceive` option:
 * `Options.newOptions().addExecutorLzReceiveOption(gas, value).toHex()` from `@layerzerolabs/lz-v2-utilities`,
 * typed for viem. Layout: `0x0003 | workerId(1)=01 | size(2) | optionType(1)=01 | uint128 gas [| uint128 value]`
 * (the value is omitted when it is zero).
 *
 * @example
 * executorLzReceiveOptions(200_000n) // '0x00030100110100000000000000000000000000030d40'
 */
export function executorLzReceiveOptions(gas: bigint, value = 0n): Hex {
  return Options.newOptions().addExecutorLzReceiveOption(gas, value).toHex() as Hex
}

/** The executor `lzReceive` gas and value requested by type-3 options (summed over repeated options). */
export interface LzReceiveRequest {
  gas: bigint
  value: bigint
}

/**
 * Reads the total executor `lzReceive` gas and value from type-3 options (what a relayer executes with),
 * with `Options.fromOptions(options).decodeExecutorLzReceiveOption()` from `@layerzerolabs/lz-v2-utilities`.
 * Returns zeros when the options carry no `lzReceive` option.
 *
 * @throws {Error} on options that are not type 3 (legacy type 1 / 2 included) or that the library cannot
 * decode (e.g. truncated).
 */
export function decodeExecutorLzReceive(options: Hex): LzReceiveRequest {
  if (size(options) < 2 || hexToNumber(slice(options, 0, 2)) !== 3) {
    throw new Error(`options are not type 3: ${options}`)
  }
  const decoded = Options.fromOptions(options).decodeExecutorLzReceiveOption()
  return decoded ? { gas: decoded.gas, value: decoded.value } : { gas: 0n, value: 0n }
}
