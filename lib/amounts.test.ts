import { expect, test } from 'vitest'
import { InvalidAmountError, rescaleUnits, usdToUnits } from './amounts.js'

test('default: USD to base units', () => {
  expect(usdToUnits('1500000', 6)).toBe(1_500_000_000_000n)
  expect(usdToUnits('12.5', 18)).toBe(12_500_000_000_000_000_000n)
  expect(usdToUnits('0.000001', 6)).toBe(1n)
})

test('behavior: extra decimals are rounded down', () => {
  expect(usdToUnits('1.0000019', 6)).toBe(1_000_001n)
})

test('behavior: rescale rounds down', () => {
  expect(rescaleUnits(1_999_999_999_999n, 18, 6)).toBe(1n)
  expect(rescaleUnits(5n, 6, 18)).toBe(5_000_000_000_000n)
})

test('error: not a decimal', () => {
  expect(() => usdToUnits('-1', 6)).toThrow(InvalidAmountError)
  expect(() => usdToUnits('1e6', 6)).toThrow(/not a decimal string/)
})
