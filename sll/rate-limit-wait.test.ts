import fc from 'fast-check'
import { maxUint256 } from 'viem'
import { expect, test } from 'vitest'
import {
  DEFAULT_RATE_LIMIT_MAX_WAIT_SECONDS,
  parseRateLimitMaxWait,
  RateLimitWaitConfigError,
  rateLimitShortfall,
} from './rate-limit-wait.js'
import { afterDecrease, currentRateLimit, type RateLimitData } from './rate-limits.js'

const key: RateLimitData = { maxAmount: 100n, slope: 2n, lastAmount: 10n, lastUpdated: 0n }

test('default: a draw within capacity has no shortfall; above it, the exact wait is ceil(shortfall / slope)', () => {
  expect(rateLimitShortfall(key, 10n, 0n)).toBeUndefined()
  expect(rateLimitShortfall(key, 25n, 0n)).toEqual({
    capacity: 10n,
    needed: 25n,
    shortfall: 15n,
    slope: 2n,
    maxAmount: 100n,
    waitSeconds: 8n,
  })
  // Time at the chain counts: 5 s later only 5 units short -> 3 s.
  expect(rateLimitShortfall(key, 25n, 5n)?.waitSeconds).toBe(3n)
})

test('edge: unlimited keys never fall short; slope 0 or a draw above maxAmount never regenerate enough', () => {
  const unlimited = { maxAmount: maxUint256, slope: 0n, lastAmount: maxUint256, lastUpdated: 0n }
  expect(rateLimitShortfall(unlimited, 10n ** 30n, 0n)).toBeUndefined()
  expect(rateLimitShortfall({ ...key, slope: 0n }, 25n, 0n)?.waitSeconds).toBeNull()
  expect(rateLimitShortfall(key, 101n, 10_000n)?.waitSeconds).toBeNull()
})

test('property: after waiting waitSeconds the draw fits, one second earlier it does not', () => {
  fc.assert(
    fc.property(
      fc.bigInt({ min: 1n, max: 10n ** 24n }),
      fc.bigInt({ min: 1n, max: 10n ** 18n }),
      fc.bigInt({ min: 0n, max: 10n ** 24n }),
      fc.bigInt({ min: 0n, max: 10n ** 24n }),
      (maxAmount, slope, last, needed) => {
        // lastAmount never exceeds maxAmount on chain (bigint: no Math.min).
        const data = { maxAmount, slope, lastAmount: last % (maxAmount + 1n), lastUpdated: 100n }
        const short = rateLimitShortfall(data, needed, 100n)
        if (!short) {
          expect(needed <= currentRateLimit(data, 100n)).toBe(true)
        } else if (short.waitSeconds === null) {
          expect(needed > maxAmount).toBe(true)
        } else {
          const at = 100n + short.waitSeconds
          expect(() => afterDecrease(data, needed, at)).not.toThrow()
          expect(currentRateLimit(data, at - 1n) < needed).toBe(true)
        }
      },
    ),
  )
})

test('default: the wait bound parses seconds and s/m/h durations; unset gives 15 minutes', () => {
  expect(parseRateLimitMaxWait(undefined, 'X')).toBe(DEFAULT_RATE_LIMIT_MAX_WAIT_SECONDS)
  expect(parseRateLimitMaxWait('', 'X')).toBe(900)
  expect(parseRateLimitMaxWait('0', 'X')).toBe(0)
  expect(parseRateLimitMaxWait('90s', 'X')).toBe(90)
  expect(parseRateLimitMaxWait(' 15m ', 'X')).toBe(900)
  expect(parseRateLimitMaxWait('24h', 'X')).toBe(86_400)
})

test('error: a bad wait bound names the variable and the accepted forms', () => {
  for (const bad of ['15 minutes', '-1', '1.5m', '25h', 'abc']) {
    expect(() => parseRateLimitMaxWait(bad, 'SLL_RATE_LIMIT_MAX_WAIT')).toThrow(RateLimitWaitConfigError)
  }
  expect(() => parseRateLimitMaxWait('2d', 'SLL_RATE_LIMIT_MAX_WAIT')).toThrow(
    /SLL_RATE_LIMIT_MAX_WAIT="2d" is not a wait bound[\s\S]*90s, 15m or 1h/,
  )
})
