import { expect, test } from 'vitest'
import { loadDevnetRegistry } from '../../chains/devnet.js'
import type { RateLimitKeySnapshot } from '../../policies/rate-limit-snapshot.js'
import { keyOfGuard } from '../../sll/guard-key.js'
import { plannedKeyDraws } from '../../sll/plan-key-usage.js'
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
