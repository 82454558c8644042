import { expect, test } from 'vitest'
import { ssrFromApy } from './basics.js'

test('default', () => {
  const ssr = ssrFromApy(0.045)
  // Compounded over a year the per-second factor gives the APY back.
  const yearly = (Number(ssr) / 1e27) ** (365 * 24 * 3600)
  expect(yearly).toBeCloseTo(1.045, 6)
})

test('behavior: zero APY is exactly RAY', () => {
  expect(ssrFromApy(0)).toBe(10n ** 27n)
})
