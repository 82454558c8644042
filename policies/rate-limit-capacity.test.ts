import { expect, test } from 'vitest'
import { everythingAvailable } from './availability.js'
import { planAllocation } from './plan.js'
import { rateLimitCapacities, withRateLimits } from './rate-limit-capacity.js'
import { limitedKey, READ_AT } from './testing/random-rate-limits.js'
import { randomScenario } from './testing/random-scenario.js'

const deposit = { action: 'deposit' as const, market: 'base/morpho/USDC' }

test('behavior: capacity at the read, floored with one micro-USD kept back; the lead time adds refill', () => {
  const key = { ...limitedKey(1, 'base', deposit, 1000, 86_400), lastUpdated: String(READ_AT - 10n) }
  // 1000 USD at lastUpdated, 1 USD/s: 1010 USD at the read.
  const now = rateLimitCapacities({ version: 1, keys: [key] })
  expect(now.markets.get('base/morpho/USDC')?.inUsd).toBeCloseTo(1010 - 1e-6, 9)
  const later = rateLimitCapacities({ version: 1, keys: [key] }, 100n)
  expect(later.markets.get('base/morpho/USDC')?.inUsd).toBeCloseTo(1110 - 1e-6, 9)
  const unlimited = rateLimitCapacities({ version: 1, keys: [{ ...key, unlimited: true }] })
  expect(unlimited.markets.size).toBe(0)
})

test('behavior: the smallest key of a pair counts; pre-flight and snapshot capacities merge to the smaller', () => {
  const lz = (k: number, asset: 'USDS' | 'USDC', usd: number) =>
    limitedKey(k, 'base', { action: 'layerzero', chain: 'base', toChain: 'ethereum', asset }, usd)
  const caps = rateLimitCapacities({
    version: 1,
    keys: [lz(1, 'USDS', 500), lz(2, 'USDC', 300), limitedKey(3, 'base', deposit, 50)],
  })
  expect(caps.routes.get('base>ethereum')).toBeCloseTo(300 - 1e-6, 9)
  const merged = withRateLimits(
    {
      ...everythingAvailable,
      markets: [{ market: 'base/morpho/USDC', maxInflowUsd: 20, maxOutflowUsd: 7 }],
      routeCapacities: [{ from: 'base', to: 'ethereum', maxUsd: 400 }],
    },
    caps,
  )
  expect(merged.markets).toEqual([{ market: 'base/morpho/USDC', maxInflowUsd: 20, maxOutflowUsd: 7 }])
  expect(merged.routeCapacities).toEqual([{ from: 'base', to: 'ethereum', maxUsd: 300 - 1e-6 }])
})

test('default: an empty rateLimits section changes no plan (byte-identical)', () => {
  for (let seed = 1; seed <= 6; seed++) {
    const { snapshot, policy } = randomScenario(seed, {
      markets: 12,
      groups: true,
      buffers: true,
      costs: true,
    })
    const policyRef = { name: 't', sha256: 'f'.repeat(64) }
    const without = planAllocation({ snapshot, policy, policyRef })
    const empty = planAllocation({
      snapshot: { ...snapshot, rateLimits: { version: 1, keys: [] } },
      policy,
      policyRef,
    })
    expect(JSON.stringify(empty)).toBe(JSON.stringify(without))
  }
})
