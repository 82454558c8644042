import { maxUint256 } from 'viem'
import { describe, expect, test } from 'vitest'
import { rateLimitsSectionSchema } from '../../policies/rate-limit-snapshot.js'
import { assembleRateLimits, sUsdsUsdPerToken, toRateLimitKeys } from './rate-limit-section.js'

const data = (maxAmount: bigint, slope = 0n, lastAmount = 0n, lastUpdated = 0n) => ({
  maxAmount,
  slope,
  lastAmount,
  lastUpdated,
})
const raw = {
  nowSeconds: 1_700_000_000n,
  keys: [
    {
      key: `0x${'1'.repeat(64)}` as const,
      label: 'PSM_DEPOSIT(base/sUSDS)',
      data: data(10n ** 24n, 10n ** 18n, 5n * 10n ** 23n, 1_699_999_000n),
      guards: { action: 'psm-deposit', chain: 'base', asset: 'sUSDS' } as const,
      decimals: 18,
      unit: 'sUSDS' as const,
    },
    {
      key: `0x${'2'.repeat(64)}` as const,
      label: 'AAVE_WITHDRAW(base/aave/USDC)',
      data: data(maxUint256),
      guards: { action: 'withdraw', market: 'base/aave/USDC' } as const,
      decimals: 6,
      unit: 'USD' as const,
    },
    {
      key: `0x${'3'.repeat(64)}` as const,
      label: 'USDS_MINT(ethereum)',
      data: data(0n),
      guards: { action: 'usds-mint', chain: 'ethereum' } as const,
      decimals: 18,
      unit: 'USD' as const,
    },
  ],
}

describe('rateLimits section', () => {
  test('default: keys as exact decimal strings, unlimited flagged, unset present with maxAmount "0"', () => {
    const keys = toRateLimitKeys('base', raw, 1.05)
    const section = assembleRateLimits([{ rateLimits: keys, sUsdsUsd: 1.05 }])
    expect(rateLimitsSectionSchema.parse(section)).toEqual(section)
    expect(keys[0]).toMatchObject({
      chain: 'base',
      unlimited: false,
      usdPerToken: 1.05,
      maxAmount: '1000000000000000000000000',
      slope: '1000000000000000000',
      lastAmount: '500000000000000000000000',
      lastUpdated: '1699999000',
      readAt: '1700000000',
    })
    expect(keys[1]).toMatchObject({ unlimited: true, usdPerToken: 1 })
    expect(keys[2]).toMatchObject({ unlimited: false, maxAmount: '0' })
  })

  test('behavior: a chain without its own sUSDS rate gets the first chain rate; no chain with keys: no section', () => {
    const section = assembleRateLimits([
      { sUsdsUsd: 1.07 },
      { rateLimits: toRateLimitKeys('base', raw, undefined) },
    ])
    expect(section?.keys[0]?.usdPerToken).toBe(1.07)
    expect(section?.keys[1]?.usdPerToken).toBe(1)
    expect(assembleRateLimits([{ sUsdsUsd: 1.07 }])).toBeUndefined()
    expect(sUsdsUsdPerToken(1_100n, 1_000n)).toBe(1.1)
    expect(sUsdsUsdPerToken(1n, 0n)).toBeUndefined()
  })
})
