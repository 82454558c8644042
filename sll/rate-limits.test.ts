import fc from 'fast-check'
import { maxUint256 } from 'viem'
import { expect, test } from 'vitest'
import {
  afterDecrease,
  afterIncrease,
  currentRateLimit,
  type RateLimitData,
  RateLimitExceededError,
  secondsUntilAvailable,
  ZeroMaxAmountError,
} from './rate-limits.js'

const day = 86_400n
const usdc = (n: bigint) => n * 1_000_000n
const limited: RateLimitData = {
  maxAmount: usdc(1_000n),
  slope: usdc(500n) / day,
  lastAmount: usdc(200n),
  lastUpdated: 1_000n,
}
const unlimited: RateLimitData = { maxAmount: maxUint256, slope: 0n, lastAmount: maxUint256, lastUpdated: 5n }
const unset: RateLimitData = { maxAmount: 0n, slope: 0n, lastAmount: 0n, lastUpdated: 0n }

test('default: capacity regenerates by slope and is capped at max', () => {
  expect(currentRateLimit(limited, 1_000n)).toBe(usdc(200n))
  expect(currentRateLimit(limited, 1_000n + 3_600n)).toBe(usdc(200n) + limited.slope * 3_600n)
  expect(currentRateLimit(limited, 1_000n + 10n * day)).toBe(usdc(1_000n))
  expect(currentRateLimit(unlimited, 0n)).toBe(maxUint256)
  expect(currentRateLimit(unset, 99n)).toBe(0n)
})

test('behavior: decrease and increase at a time', () => {
  const now = 1_000n + 100n
  const current = currentRateLimit(limited, now)
  expect(afterDecrease(limited, usdc(50n), now)).toEqual({
    ...limited,
    lastAmount: current - usdc(50n),
    lastUpdated: now,
  })
  expect(afterIncrease(limited, usdc(5_000n), now)).toEqual({
    ...limited,
    lastAmount: limited.maxAmount,
    lastUpdated: now,
  })
})

test('behavior: unlimited keys are not changed', () => {
  expect(afterDecrease(unlimited, 10n ** 40n, 99n)).toBe(unlimited)
  expect(afterIncrease(unlimited, 1n, 99n)).toBe(unlimited)
})

test('error: ZeroMaxAmountError for a key never set', () => {
  expect(() => afterDecrease(unset, 1n, 10n)).toThrow(ZeroMaxAmountError)
  expect(() => afterIncrease(unset, 1n, 10n)).toThrow(ZeroMaxAmountError)
  expect(() => afterDecrease(unset, 0n, 10n)).toThrow(ZeroMaxAmountError)
})

test('error: RateLimitExceededError above the current capacity', () => {
  expect(() => afterDecrease(limited, usdc(200n) + 1n, 1_000n)).toThrow(RateLimitExceededError)
})

test('behavior: secondsUntilAvailable', () => {
  expect(secondsUntilAvailable(limited, usdc(100n), 1_000n)).toBe(0n)
  const wait = secondsUntilAvailable(limited, usdc(300n), 1_000n)!
  expect(currentRateLimit(limited, 1_000n + wait)).toBeGreaterThanOrEqual(usdc(300n))
  expect(currentRateLimit(limited, 1_000n + wait - 1n)).toBeLessThan(usdc(300n))
  expect(secondsUntilAvailable(limited, usdc(1_001n), 1_000n)).toBeNull()
})

const dataArb = fc
  .record({
    maxAmount: fc.bigInt({ min: 1n, max: 10n ** 30n }),
    slope: fc.bigInt({ min: 0n, max: 10n ** 24n }),
    fraction: fc.bigInt({ min: 0n, max: 1_000n }),
    lastUpdated: fc.bigInt({ min: 0n, max: 2n ** 40n }),
  })
  .map(
    ({ maxAmount, slope, fraction, lastUpdated }): RateLimitData => ({
      maxAmount,
      slope,
      lastAmount: (maxAmount * fraction) / 1_000n,
      lastUpdated,
    }),
  )

test('property: capacity is within [lastAmount, maxAmount] and monotone in time', () => {
  fc.assert(
    fc.property(
      dataArb,
      fc.bigInt({ min: 0n, max: 10n ** 8n }),
      fc.bigInt({ min: 0n, max: 10n ** 8n }),
      (d, a, b) => {
        const t1 = d.lastUpdated + a
        const t2 = t1 + b
        const c1 = currentRateLimit(d, t1)
        expect(c1).toBeGreaterThanOrEqual(d.lastAmount)
        expect(c1).toBeLessThanOrEqual(d.maxAmount)
        expect(currentRateLimit(d, t2)).toBeGreaterThanOrEqual(c1)
      },
    ),
  )
})

test('property: decrease takes exactly the amount; increase refills capped at max', () => {
  fc.assert(
    fc.property(
      dataArb,
      fc.bigInt({ min: 0n, max: 10n ** 7n }),
      fc.bigInt({ min: 0n, max: 10n ** 31n }),
      (d, dt, x) => {
        const now = d.lastUpdated + dt
        const current = currentRateLimit(d, now)
        if (x > current) {
          expect(() => afterDecrease(d, x, now)).toThrow(RateLimitExceededError)
        } else {
          const next = afterDecrease(d, x, now)
          expect(currentRateLimit(next, now)).toBe(current - x)
          expect(next.maxAmount).toBe(d.maxAmount)
          expect(next.slope).toBe(d.slope)
          // Decrease then increase by the same amount restores the capacity (coupled withdraw/deposit).
          expect(currentRateLimit(afterIncrease(next, x, now), now)).toBe(current)
        }
        const up = afterIncrease(d, x, now)
        const room = d.maxAmount - current
        const expected = x >= room ? d.maxAmount : current + x
        expect(currentRateLimit(up, now)).toBe(expected)
      },
    ),
  )
})

test('property: splitting a decrease in two at the same time is the same as one decrease', () => {
  fc.assert(
    fc.property(
      dataArb,
      fc.bigInt({ min: 0n, max: 10n ** 7n }),
      fc.bigInt({ min: 0n, max: 1_000n }),
      (d, dt, f) => {
        const now = d.lastUpdated + dt
        const current = currentRateLimit(d, now)
        const a = (current * f) / 2_000n
        const b = (current * f) / 2_000n
        const twice = afterDecrease(afterDecrease(d, a, now), b, now)
        expect(twice).toEqual(afterDecrease(d, a + b, now))
      },
    ),
  )
})
