import { ActivityFailure, ApplicationFailure, RetryState } from '@temporalio/common'
import { expect, test } from 'vitest'
import type { RateLimitShortfallContext } from '../activities/moves/rate-limit-gate.js'
import { mayWait, rateLimitedText, rateLimitRefusal } from './rate-limit-step.js'

const short: RateLimitShortfallContext = {
  chain: 'base',
  controller: 'ForeignController 0xc0',
  rateLimits: '0xra',
  key: '0xkey',
  label: 'AAVE_DEPOSIT(base/aave/USDC)',
  functionName: 'depositAave',
  capacity: '100',
  needed: '1000',
  slope: '10',
  maxAmount: '5000',
  waitSeconds: '90',
  blockTime: '1700000000',
  maxWaitSeconds: 900,
}

const failed = (type: string, details: unknown[] = []) =>
  new ActivityFailure(
    'activity failed',
    'depositToMarket',
    '1',
    RetryState.NON_RETRYABLE_FAILURE,
    undefined,
    ApplicationFailure.create({ type, message: `${type}: details`, nonRetryable: true, details }),
  )

test('default: a shortfall, an unset key and a simulation race are told apart; other failures are not rate limits', () => {
  expect(rateLimitRefusal(failed('RateLimitShortfallError', [short]))).toEqual({
    kind: 'shortfall',
    context: short,
  })
  expect(rateLimitRefusal(failed('RateLimitKeyUnsetError', [{ chain: 'base', key: '0xkey' }]))).toMatchObject(
    {
      kind: 'unset',
      context: { chain: 'base', key: '0xkey' },
    },
  )
  expect(rateLimitRefusal(failed('RateLimitCapacityExceededError'))).toMatchObject({ kind: 'race' })
  expect(rateLimitRefusal(failed('RelayerRemovedError'))).toBeUndefined()
  expect(rateLimitRefusal(new Error('boom'))).toBeUndefined()
})

test('behavior: a move waits while its total wait stays within the bound; never for a key that cannot regenerate', () => {
  expect(mayWait(short, 0)).toBe(true)
  expect(mayWait(short, 810)).toBe(true) // 810 + 90 = 900: exactly the bound
  expect(mayWait(short, 811)).toBe(false)
  expect(mayWait({ ...short, maxWaitSeconds: 0 }, 0)).toBe(false)
  expect(mayWait({ ...short, waitSeconds: null }, 0)).toBe(false)
})

test('default: the reason names chain, guard, key, capacity, needed, slope and the bound', () => {
  expect(rateLimitedText(short, 30)).toBe(
    'base: AAVE_DEPOSIT(base/aave/USDC) (0xkey) capacity 100 < needed 1000 (slope 10/s, maxAmount 5000) for depositAave: ' +
      'needs 90 s more to regenerate; waited 30 s of the 900 s bound (SLL_RATE_LIMIT_MAX_WAIT)',
  )
  expect(rateLimitedText({ ...short, waitSeconds: null }, 0)).toContain('never regenerates enough')
})
