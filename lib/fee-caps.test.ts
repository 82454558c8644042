import { describe, expect, test } from 'vitest'
import {
  assertLzFeeWithinCap,
  bumpedFees,
  cappedFees,
  defaultFeeCaps,
  FeeCapConfigError,
  FeeCapExceededError,
  parseFeeCaps,
} from './fee-caps.js'

const GWEI = 1_000_000_000n

describe('parseFeeCaps', () => {
  test('behavior: unset variables keep the defaults; set ones override per chain', () => {
    expect(parseFeeCaps({})).toEqual(defaultFeeCaps)
    const caps = parseFeeCaps({ SLL_MAX_LZ_FEE_WEI_BASE: '1000', SLL_MAX_GAS_PRICE_GWEI_ETHEREUM: '0.5' })
    expect(caps.base.maxLzFeeWei).toBe(1000n)
    expect(caps.ethereum.maxGasPriceWei).toBe(GWEI / 2n)
    expect(caps.arbitrum).toEqual(defaultFeeCaps.arbitrum)
  })

  test.each([
    ['SLL_MAX_LZ_FEE_WEI_BASE', '-1'],
    ['SLL_MAX_LZ_FEE_WEI_BASE', '0'],
    ['SLL_MAX_LZ_FEE_WEI_BASE', '1e18'],
    ['SLL_MAX_GAS_PRICE_GWEI_OPTIMISM', 'abc'],
    ['SLL_MAX_GAS_PRICE_GWEI_OPTIMISM', '0'],
    ['SLL_MAX_GAS_PRICE_GWEI_OPTIMISM', '1.0000000001'],
  ])('behavior: %s=%s is refused naming the variable', (variable, value) => {
    let error: unknown
    try {
      parseFeeCaps({ [variable]: value })
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(FeeCapConfigError)
    expect((error as Error).message).toContain(variable)
  })
})

describe('caps', () => {
  const caps = parseFeeCaps({ SLL_MAX_LZ_FEE_WEI_BASE: '1000', SLL_MAX_GAS_PRICE_GWEI_BASE: '2' })

  test('behavior: a LayerZero fee up to the cap passes, above it is final and names the variable', () => {
    expect(() => assertLzFeeWithinCap(caps, 'base', 1000n)).not.toThrow()
    expect(() => assertLzFeeWithinCap(caps, 'base', 1001n, 'p/move-0/bridge')).toThrow(FeeCapExceededError)
    expect(() => assertLzFeeWithinCap(caps, 'base', 1001n)).toThrow(/SLL_MAX_LZ_FEE_WEI_BASE/)
  })

  test('behavior: gas above the cap is refused before signing', () => {
    const fees = { maxFeePerGas: 2n * GWEI, maxPriorityFeePerGas: GWEI }
    expect(cappedFees(caps, 'base', fees)).toEqual(fees)
    expect(() => cappedFees(caps, 'base', { ...fees, maxFeePerGas: 2n * GWEI + 1n })).toThrow(
      /SLL_MAX_GAS_PRICE_GWEI_BASE/,
    )
  })

  test('behavior: a bump raises both fees by >= 12 % (or to the current estimate), within the cap', () => {
    const signed = { maxFeePerGas: GWEI, maxPriorityFeePerGas: GWEI / 10n }
    const low = { maxFeePerGas: GWEI / 2n, maxPriorityFeePerGas: GWEI / 100n }
    expect(bumpedFees(caps, 'base', signed, low)).toEqual({
      maxFeePerGas: 1_120_000_000n,
      maxPriorityFeePerGas: 112_000_000n,
    })
    const high = { maxFeePerGas: 1_500_000_000n, maxPriorityFeePerGas: 200_000_000n }
    expect(bumpedFees(caps, 'base', signed, high)).toEqual(high)
    expect(bumpedFees(caps, 'base', { ...signed, maxFeePerGas: 1_900_000_000n }, low)).toBeUndefined()
  })
})
