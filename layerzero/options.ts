import type { Hex } from 'viem'
import { concat, hexToBigInt, hexToNumber, numberToHex, size, slice } from 'viem/utils'

/** Executor option types (LayerZero `ExecutorOptions.sol`). */
const optionTypeLzReceive = 1
/** Worker id of the executor in type-3 options. */
const executorWorkerId = 1
/** Options header for the type-3 format. */
const optionsType3 = '0x0003' as const

/**
 * Builds LayerZero type-3 options carrying one executor `lzReceive` option, the equivalent of
 * `Options.newOptions().addExecutorLzReceiveOption(gas, value).toHex()` from `@layerzerolabs/lz-v2-utilities`.
 * Layout: `0x0003 | workerId(1)=01 | size(2) | optionType(1)=01 | uint128 gas [| uint128 value]`
 * (the value is omitted when it is zero, as the reference library does).
 */
export function executorLzReceiveOptions(gas: bigint, value = 0n): Hex {
  const body =
    value === 0n
      ? numberToHex(gas, { size: 16 })
      : concat([numberToHex(gas, { size: 16 }), numberToHex(value, { size: 16 })])
  const option = concat([numberToHex(optionTypeLzReceive, { size: 1 }), body])
  return concat([
    optionsType3,
    numberToHex(executorWorkerId, { size: 1 }),
    numberToHex(size(option), { size: 2 }),
    option,
  ])
}

/** The executor `lzReceive` gas and value requested by type-3 options (summed over repeated options). */
export interface LzReceiveRequest {
  gas: bigint
  value: bigint
}

/**
 * Reads the total executor `lzReceive` gas and value from type-3 options (what a relayer executes with).
 * Returns zeros when the options carry no `lzReceive` option; throws on a non-type-3 or truncated blob.
 */
export function decodeExecutorLzReceive(options: Hex): LzReceiveRequest {
  if (size(options) < 2 || hexToNumber(slice(options, 0, 2)) !== 3) {
    throw new Error(`options are not type 3: ${options}`)
  }
  let offset = 2
  let gas = 0n
  let value = 0n
  const total = size(options)
  while (offset < total) {
    if (offset + 3 > total) throw new Error(`truncated options at byte ${offset}: ${options}`)
    const workerId = hexToNumber(slice(options, offset, offset + 1))
    const optionSize = hexToNumber(slice(options, offset + 1, offset + 3))
    const start = offset + 3
    const end = start + optionSize
    if (end > total || optionSize < 1) throw new Error(`truncated options at byte ${offset}: ${options}`)
    const optionType = hexToNumber(slice(options, start, start + 1))
    if (workerId === executorWorkerId && optionType === optionTypeLzReceive) {
      gas += hexToBigInt(slice(options, start + 1, start + 17))
      if (optionSize === 33) value += hexToBigInt(slice(options, start + 17, start + 33))
    }
    offset = end
  }
  return { gas, value }
}
