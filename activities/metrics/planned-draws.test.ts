import { expect, test } from 'vitest'
import { loadDevnetRegistry } from '../../chains/devnet.js'
import type { RateLimitKeySnapshot } from '../../policies/rate-limit-snapshot.js'
import { examplePolicy, exampleSnapshot, testPolicyRef } from '../../policies/testing/example.js'
import { keyOfGuard } from '../../sll/guard-key.js'
import { plannedKeyDraws } from '../../sll/plan-key-usage.js'
import { createActivities } from '../index.js'
import type { Network } from '../network.js'
import { metricsRegistry, setRateLimitPlanned } from './registry.js'

const registry = loadDevnetRegistry()

/** A section key of the devnet registry (its real hash), limited, at 1 USD per token unless said. */
const sectionKey = (guards: RateLimitKeySnapshot['guards'], decimals: number, usdPerToken = 1) =>
  ({
    key: keyOfGuard(guards, registry),
    chain: 'chain' in guards ? guards.chain : 'base',
    guards,
    unlimited: false,
    decimals,
    usdPerToken,
    maxAmount: '1000000000000000000000000',
    slope: '0',
    lastAmount: '1000000000000000000000000',
    lastUpdated: '0',
    readAt: '0',
  }) as RateLimitKeySnapshot

const samples = async () =>
  (await metricsRegistry.getMetricsAsJSON()).find((m) => m.name === 'sll_rate_limit_planned_usd')?.values ??
  []

test("default: the planned-draw gauge shows what the plan's moves draw of each key in USD, 0 for a key not drawn", async () => {
  const deposit = sectionKey({ action: 'deposit', market: 'base/aave/USDC' }, 6)
  const withdraw = sectionKey({ action: 'withdraw', market: 'base/aave/USDC' }, 6)
  const psmIn = sectionKey({ action: 'psm-deposit', chain: 'base', asset: 'USDC' }, 6)
  const psmOut = sectionKey({ action: 'psm-withdraw', chain: 'base', asset: 'USDS' }, 18)
  const cctp = sectionKey({ action: 'cctp', chain: 'base' }, 6)
  const lz = sectionKey({ action: 'layerzero', chain: 'base', toChain: 'ethereum', asset: 'USDC' }, 6)
  const section = { version: 1 as const, keys: [deposit, withdraw, psmIn, psmOut, cctp, lz] }
  const moves = [
    { from: 'idle:base', to: 'base/aave/USDC', amount: '100', bridge: 'none' as const },
    { from: 'base/aave/USDC', to: 'base/savings/sUSDS', amount: '40', bridge: 'none' as const },
    { from: 'base/aave/USDC', to: 'ethereum/sparklend/USDC', amount: '25.5', bridge: 'cctp' as const },
  ]
  setRateLimitPlanned(plannedKeyDraws(moves, registry, section))
  const byGuard = new Map((await samples()).map((s) => [s.labels.guard, s]))
  expect(byGuard.get('deposit base/aave/USDC')?.value).toBeCloseTo(100, 9)
  expect(byGuard.get('deposit base/aave/USDC')?.labels).toMatchObject({ chain: 'base', key: deposit.key })
  expect(byGuard.get('withdraw base/aave/USDC')?.value).toBeCloseTo(65.5, 9)
  // the conversion USDC -> sUSDS draws both PSM3 keys of the move
  expect(byGuard.get('psm-deposit USDC')?.value).toBeCloseTo(40, 9)
  expect(byGuard.get('psm-withdraw USDS')?.value).toBeCloseTo(40, 9)
  expect(byGuard.get('cctp')?.value).toBeCloseTo(25.5, 9)
  // the CCTP move does not draw the LayerZero key
  expect(byGuard.get('layerzero USDC -> ethereum')?.value).toBe(0)
})

test('behavior: the next plan replaces the samples; a key counted in sUSDS is priced at its rate', async () => {
  const sUsds = sectionKey({ action: 'psm-withdraw', chain: 'base', asset: 'USDS' }, 18, 1.25)
  setRateLimitPlanned(
    plannedKeyDraws([{ from: 'base/aave/USDC', to: 'base/savings/sUSDS', amount: '8' }], registry, {
      version: 1,
      keys: [sUsds],
    }),
  )
  const values = await samples()
  expect(values).toHaveLength(1)
  expect(values[0]?.value).toBeCloseTo(10, 9)
  setRateLimitPlanned([])
  expect(await samples()).toHaveLength(0)
})

test("behavior: the cycle's planAllocation activity sets the gauge from the plan it returns", async () => {
  const psmIn = sectionKey({ action: 'psm-deposit', chain: 'base', asset: 'USDC' }, 6)
  const ids = ['base/aave/USDC', 'base/savings/sUSDS']
  const snapshot = {
    ...exampleSnapshot,
    idle: [],
    markets: exampleSnapshot.markets
      .filter((m) => ids.includes(m.id))
      .map((m) => (m.asset === 'sUSDS' ? { ...m, rateModel: { kind: 'fixed' as const, rate: 0.2 } } : m)),
    rateLimits: { version: 1 as const, keys: [psmIn] },
  }
  const policy = {
    ...examplePolicy,
    markets: examplePolicy.markets.filter((m) => ids.includes(m.id)),
    groups: [],
    routes: undefined,
  }
  const activities = createActivities({ network: () => ({ registry }) as unknown as Network })
  const plan = await activities.planAllocation({ snapshot, policy, policyRef: testPolicyRef } as never)
  const moved = plan.moves
    .filter((m) => m.to === 'base/savings/sUSDS')
    .reduce((a, m) => a + Number(m.amount), 0)
  expect(moved).toBeGreaterThan(0)
  const values = await samples()
  expect(values).toHaveLength(1)
  expect(values[0]?.labels).toMatchObject({ chain: 'base', key: psmIn.key, guard: 'psm-deposit USDC' })
  expect(values[0]?.value).toBeCloseTo(moved, 6)
})
