import { describe, expect, test } from 'vitest'
import { fitConversions } from './conversion-room.js'
import type { DraftMove } from './move-planner.js'
import { type Plan, planAllocation } from './plan.js'
import type { RateLimitsSection } from './rate-limit-snapshot.js'
import type { Snapshot } from './snapshot.js'
import { examplePolicy, exampleSnapshot, testPolicyRef } from './testing/example.js'
import { conversionKeys, limitedKey, randomRateLimits } from './testing/random-rate-limits.js'
import { randomScenario } from './testing/random-scenario.js'

const policy = examplePolicy
const example = exampleSnapshot
const ref = testPolicyRef
const coin = (asset: string | undefined) =>
  asset === undefined ? undefined : asset === 'USDC' ? 'USDC' : 'USDS'

/**
 * What a plan draws of each conversion key (USD), computed here from the route rule of `policies/route.ts`
 * (convert on the source chain; every chain of these sections lists its keys): `chain|action|asset`.
 */
function conversionUse(snapshot: Snapshot, plan: Plan): Map<string, number> {
  const assetOf = new Map(snapshot.markets.map((m) => [m.id, coin(m.asset)]))
  const use = new Map<string, number>()
  const add = (id: string, usd: number) => use.set(id, (use.get(id) ?? 0) + usd)
  for (const mv of plan.moves) {
    const from = assetOf.get(mv.from)
    const to = assetOf.get(mv.to)
    if (!from || !to || from === to) continue
    // Where the move converts: the chain the plan names, else its source chain (every chain lists keys).
    const chain = mv.convertOn ?? mv.from.split('/')[0]!
    if (chain === 'ethereum') {
      if (from === 'USDS') add('ethereum|usds-to-usdc|', Number(mv.amount))
    } else {
      add(`${chain}|psm-deposit|${from}`, Number(mv.amount))
      add(`${chain}|psm-withdraw|${to}`, Number(mv.amount))
    }
  }
  return use
}

function expectWithinConversionKeys(snapshot: Snapshot, plan: Plan) {
  const use = conversionUse(snapshot, plan)
  for (const k of snapshot.rateLimits?.keys ?? []) {
    const g = k.guards
    if (g.action !== 'usds-to-usdc' && g.action !== 'psm-deposit' && g.action !== 'psm-withdraw') continue
    const id = `${g.chain}|${g.action}|${'asset' in g ? g.asset : ''}`
    const capacity = Number(k.lastAmount) / 1e6
    expect(use.get(id) ?? 0, id).toBeLessThanOrEqual(capacity + 1e-6 * (plan.moves.length + 1))
  }
}

const managedOf = (s: Snapshot) =>
  s.markets.reduce((a, m) => a + Number(m.position), 0) + s.idle.reduce((a, i) => a + Number(i.amount), 0)
const afterOf = (p: Plan) =>
  p.targets.reduce((s, t) => s + Number(t.amount), 0) + p.idle.reduce((s, i) => s + Number(i.amount), 0)

describe('PSM and swap keys constrain the plan', () => {
  // Base: USDC in Aave, sUSDS paying far more: the optimum converts USDC -> USDS through Base's PSM3.
  const ids = ['base/aave/USDC', 'base/savings/sUSDS']
  // minMoveUsd 0 and no costs (below): the conversion room alone decides (the objective search, which
  // runs with costs or move rules, may instead hold sUSDS where a key cuts a conversion to 1,000 USD).
  const small = {
    ...policy,
    moves: { ...policy.moves, minMoveUsd: 0 },
    markets: policy.markets.filter((m) => ids.includes(m.id)),
    groups: [],
    routes: undefined,
  }
  const { costs: _costs, ...costless } = example
  const snapshotWith = (rateLimits?: RateLimitsSection): Snapshot => ({
    ...costless,
    idle: [],
    markets: example.markets
      .filter((m) => ids.includes(m.id))
      .map((m) => (m.asset === 'sUSDS' ? { ...m, rateModel: { kind: 'fixed' as const, rate: 0.2 } } : m)),
    ...(rateLimits ? { rateLimits } : {}),
  })
  const plan = (snapshot: Snapshot) => planAllocation({ snapshot, policy: small, policyRef: ref })

  test('behavior: a conversion beyond PSM_DEPOSIT(USDC) of Base moves only what the key allows; the rest keeps earning in Aave (the key is a row of the optimization)', () => {
    const free = plan(snapshotWith())
    const converted = free.moves.find((m) => m.from === 'base/aave/USDC' && m.to === 'base/savings/sUSDS')
    expect(Number(converted?.amount)).toBeGreaterThan(1_000)
    const section = {
      version: 1 as const,
      keys: [limitedKey(1, 'base', { action: 'psm-deposit', chain: 'base', asset: 'USDC' }, 1_000)],
    }
    const snapshot = snapshotWith(section)
    const limited = plan(snapshot)
    const move = limited.moves.find((m) => m.from === 'base/aave/USDC' && m.to === 'base/savings/sUSDS')
    expect(Number(move?.amount)).toBeLessThanOrEqual(1_000)
    expect(Number(move?.amount)).toBeGreaterThan(999.99)
    // nothing waits idle on Base: what the key does not allow stays in Aave (earning) instead of being
    // withdrawn (the other move fills the policy's Ethereum buffer, as without the key)
    expect(limited.moves.some((m) => m.to === 'idle:base')).toBe(false)
    expect(limited.targets.find((t) => t.market === 'base/savings/sUSDS')?.binding).toContain(
      'rateLimit:conversion:USDS:base',
    )
    expect(afterOf(limited)).toBeCloseTo(managedOf(snapshot), 5)
    expectWithinConversionKeys(snapshot, limited)
  })

  test('behavior: PSM_WITHDRAW(USDS) binds too; an unlimited key or none binds nothing', () => {
    const withdraw = limitedKey(2, 'base', { action: 'psm-withdraw', chain: 'base', asset: 'USDS' }, 250)
    const limited = plan(snapshotWith({ version: 1, keys: [withdraw] }))
    const move = limited.moves.find((m) => m.to === 'base/savings/sUSDS')
    expect(Number(move?.amount)).toBeLessThanOrEqual(250)
    const unlimited = { ...withdraw, unlimited: true }
    const free = plan(snapshotWith({ version: 1, keys: [unlimited] }))
    expect(free.moves).toEqual(plan(snapshotWith()).moves)
  })

  test('behavior: a conversion the key cuts below minMoveUsd is not made, nor a rest below it', () => {
    const section = {
      version: 1 as const,
      keys: [limitedKey(1, 'base', { action: 'psm-deposit', chain: 'base', asset: 'USDC' }, 1_000)],
    }
    const conversion: DraftMove = {
      from: 'base/aave/USDC',
      to: 'base/savings/sUSDS',
      fromChain: 'base',
      toChain: 'base',
      asset: 'USDC',
      toAsset: 'sUSDS',
      amount: 2_000_000_000n, // 2,000 USD, the key allows 1,000
      netBenefitUsd: 10,
      costUsd: 0.08,
    }
    // minMoveUsd 0: 1,000 converted, 1,000 to idle:base
    const loose = fitConversions([conversion], section, undefined, 0)
    expect(loose.map((m) => m.to)).toEqual(['base/savings/sUSDS', 'idle:base'])
    expect(loose[0]!.amount).toBeLessThanOrEqual(1_000_000_000n) // floored to what the key allows
    expect(loose[0]!.amount).toBeGreaterThan(999_999_000n)
    expect(loose[0]!.amount + loose[1]!.amount).toBe(2_000_000_000n)
    // minMoveUsd 1,500: the cut conversion (1,000) is not made; the whole 2,000 waits idle on Base
    const strict = fitConversions([conversion], section, undefined, 1_500)
    expect(strict.map((m) => [m.to, m.amount])).toEqual([['idle:base', 2_000_000_000n]])
    // minMoveUsd 5,000: neither the cut conversion nor the rest is a move; the money stays in the market
    expect(fitConversions([conversion], section, undefined, 5_000)).toEqual([])
  })

  test('behavior: random plans with PSM, swap, venue and bridge keys never exceed a conversion key and conserve money', () => {
    let binding = 0
    for (let seed = 1; seed <= 60; seed++) {
      const s = randomScenario(seed, { markets: 4 + (seed % 9) })
      const managed = managedOf(s.snapshot)
      const base = randomRateLimits(seed, s.snapshot)
      const rateLimits = {
        version: 1 as const,
        keys: [...base.keys, ...conversionKeys(seed, managed * 0.05)],
      }
      const snapshot: Snapshot = { ...s.snapshot, rateLimits }
      const result = planAllocation({ snapshot, policy: s.policy, policyRef: ref })
      expectWithinConversionKeys(snapshot, result)
      expect(Math.abs(afterOf(result) - managedOf(snapshot))).toBeLessThan(1e-5)
      for (const i of result.idle) expect(Number(i.amount)).toBeGreaterThanOrEqual(0)
      const unconstrained = planAllocation({
        snapshot: { ...snapshot, rateLimits: base },
        policy: s.policy,
        policyRef: ref,
      })
      const over = [...conversionUse(snapshot, unconstrained)].some(([id, usd]) => {
        const k = rateLimits.keys.find(
          (k) => `${k.chain}|${k.guards.action}|${'asset' in k.guards ? k.guards.asset : ''}` === id,
        )
        return k !== undefined && usd > Number(k.lastAmount) / 1e6 + 1e-6
      })
      if (over) binding++
    }
    // the property is not vacuous: without the conversion keys many of these plans would overdraw one
    expect(binding).toBeGreaterThan(10)
  })
})
