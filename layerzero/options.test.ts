import { Options } from '@layerzerolabs/lz-v2-utilities'
import { describe, expect, test } from 'vitest'
import { decodeExecutorLzReceive, executorLzReceiveOptions } from './options.js'

describe('executorLzReceiveOptions', () => {
  test('default', () => {
    expect(executorLzReceiveOptions(200_000n)).toBe('0x00030100110100000000000000000000000000030d40')
  })

  test('behavior: the library encoder yields the known vector (pinned)', () => {
    expect(Options.newOptions().addExecutorLzReceiveOption(200000, 0).toHex()).toBe(
      '0x00030100110100000000000000000000000000030d40',
    )
  })

  test('behavior: matches lz-v2-utilities Options for gas and value', () => {
    for (const [gas, value] of [
      [65_000n, 0n],
      [200_000n, 0n],
      [1n, 1n],
      [300_000n, 10n ** 15n],
      [2n ** 128n - 1n, 2n ** 128n - 1n],
    ] as const) {
      const reference = Options.newOptions().addExecutorLzReceiveOption(gas, value).toHex()
      expect(executorLzReceiveOptions(gas, value)).toBe(reference)
    }
  })
})

describe('decodeExecutorLzReceive', () => {
  test('default', () => {
    expect(decodeExecutorLzReceive(executorLzReceiveOptions(200_000n, 7n))).toEqual({
      gas: 200_000n,
      value: 7n,
    })
  })

  test('behavior: sums repeated lzReceive options like the executor does', () => {
    const twice = Options.newOptions()
      .addExecutorLzReceiveOption(100_000, 0)
      .addExecutorNativeDropOption(5, '0x000000000000000000000000000000000000dEaD')
      .addExecutorLzReceiveOption(50_000, 3)
      .toHex() as `0x${string}`
    expect(decodeExecutorLzReceive(twice)).toEqual({ gas: 150_000n, value: 3n })
  })

  test('error: rejects non-type-3 options', () => {
    expect(() => decodeExecutorLzReceive('0x0001')).toThrow(/type 3/)
  })

  test('behavior: no lzReceive option reads as zero gas and value', () => {
    expect(decodeExecutorLzReceive('0x0003')).toEqual({ gas: 0n, value: 0n })
  })

  test('error: rejects truncated options', () => {
    expect(() => decodeExecutorLzReceive('0x00030100110100000000000000000000000000030d')).toThrow()
  })
})
