import { describe, expect, test } from 'vitest'
import {
  keyAmountUsd,
  keyCapacityAt,
  oftRoomBinds,
  type RateLimitKeySnapshot,
  rateLimitsSectionSchema,
} from './rate-limit-snapshot.js'

const key: RateLimitKeySnapshot = {
  key: `0x${'ab'.repeat(32)}`,
  chain: 'base',
  guards: { action: 'deposit', market: 'base/morpho/USDC' },
  unlimited: false,
  decimals: 6,
  usdPerToken: 1,
  maxAmount: '5000000000000',
  slope: '1000000',
  lastAmount: '1000000000000',
  lastUpdated: '1000',
  readAt: '1010',
}

describe('keyCapacityAt', () => {
  test('behavior: grows by slope per second since lastUpdated, up to maxAmount', () => {
    expect(keyCapacityAt(key, 1010n)).toBe(1_000_010_000_000n)
    expect(keyCapacityAt(key, 10_000_000n)).toBe(5_000_000_000_000n)
  })
  test('edge: a time before lastUpdated counts as no time passed; unlimited has no capacity bound', () => {
    expect(keyCapacityAt(key, 10n)).toBe(1_000_000_000_000n)
    expect(keyCapacityAt({ ...key, unlimited: true }, 10n)).toBeUndefined()
  })
  test("behavior: a LayerZero key's capacity is at most its OFT's own room, which does not regenerate", () => {
    const lz: RateLimitKeySnapshot = {
      ...key,
      guards: { action: 'layerzero', chain: 'base', toChain: 'ethereum', asset: 'USDC' },
      oftMaxAmount: '400000000000',
    }
    expect(keyCapacityAt(lz, 1010n)).toBe(400_000_000_000n)
    expect(keyCapacityAt(lz, 10_000_000n)).toBe(400_000_000_000n)
    expect(oftRoomBinds(lz, 1010n)).toBe(true)
    // Room above the key's capacity: the key binds.
    expect(keyCapacityAt({ ...lz, oftMaxAmount: '9000000000000' }, 1010n)).toBe(1_000_010_000_000n)
    expect(oftRoomBinds({ ...lz, oftMaxAmount: '9000000000000' }, 1010n)).toBe(false)
    // An unlimited key behind a limited (or paused: 0) OFT.
    expect(keyCapacityAt({ ...lz, unlimited: true, oftMaxAmount: '0' }, 1010n)).toBe(0n)
    expect(oftRoomBinds({ ...lz, unlimited: true }, 1010n)).toBe(true)
    expect(oftRoomBinds(key, 1010n)).toBe(false)
  })
  test('behavior: USD from decimals and usdPerToken', () => {
    expect(keyAmountUsd(key, 2_500_000n)).toBe(2.5)
    expect(keyAmountUsd({ ...key, decimals: 18, usdPerToken: 1.05 }, 10n ** 18n)).toBe(1.05)
  })
})

describe('rateLimitsSectionSchema', () => {
  test('error: a non-integer amount and an unknown action are refused', () => {
    const bad = rateLimitsSectionSchema.safeParse({
      version: 1,
      keys: [{ ...key, maxAmount: '1.5', guards: { action: 'teleport' } }],
    })
    expect(bad.success).toBe(false)
    expect(bad.error?.issues.map((i) => i.path.join('.'))).toEqual(
      expect.arrayContaining(['keys.0.maxAmount', 'keys.0.guards.action']),
    )
  })
  test('error: oftMaxAmount on a key that does not guard a LayerZero transfer is refused, naming it', () => {
    const bad = rateLimitsSectionSchema.safeParse({ version: 1, keys: [{ ...key, oftMaxAmount: '5' }] })
    expect(bad.success).toBe(false)
    expect(bad.error?.issues[0]?.path.join('.')).toBe('keys.0.oftMaxAmount')
    expect(bad.error?.issues[0]?.message).toContain('LayerZero')
  })
})
