import { describe, expect, test } from 'vitest'
import { chainNames } from '../chains/names.js'
import { resolveProblem } from './allocation-problem.js'
import { maxChainFlow } from './chain-flow.js'
import { type Plan, planAllocation } from './plan.js'
import { rateLimitCapacities } from './rate-limit-capacity.js'
import type { Snapshot } from './snapshot.js'
import { bruteForceOptimum } from './testing/brute-force.js'
import { applyPlan, planUsage, randomRateLimits } from './testing/random-rate-limits.js'
import { randomScenario } from './testing/random-scenario.js'

// Issue 10 (engine): on-chain rate limits are constraints of the optimization; no plan exceeds any key.

const ref = { name: 'test', sha256: 'f'.repeat(64) }
const managedOf = (s: Snapshot) =>
  s.markets.reduce((a, m) => a + Number(m.position), 0) + s.idle.reduce((a, i) => a + Number(i.amount), 0)

function limited(seed: number, markets: number, extra: Parameters<typeof randomScenario>[1] = { markets }) {
  const s = randomScenario(seed, { ...extra, markets })
  const snapshot: Snapshot = { ...s.snapshot, rateLimits: randomRateLimits(seed, s.snapshot) }
  return { snapshot, policy: s.policy }
}

/** Every key's use by the plan is within its capacity at the read (1 micro-USD of rounding per move). */
function expectWithinCapacities(snapshot: Snapshot, plan: Plan) {
  const caps = rateLimitCapacities(snapshot.rateLimits)
  const use = planUsage(plan, snapshot)
  const slack = 1e-6 * (plan.moves.length + 1)
  for (const [market, c] of caps.markets) {
    if (c.inUsd !== undefined)
      expect(use.inflow.get(market) ?? 0, `${market} deposit`).toBeLessThanOrEqual(c.inUsd + slack)
    if (c.outUsd !== undefined)
      expect(use.outflow.get(market) ?? 0, `${market} withdraw`).toBeLessThanOrEqual(c.outUsd + slack)
  }
  for (const [pair, usd] of caps.routes)
    expect(use.bridged.get(pair) ?? 0, pair).toBeLessThanOrEqual(usd + slack)
}

function expectConserved(snapshot: Snapshot, plan: Plan) {
  const after =
    plan.targets.reduce((s, t) => s + Number(t.amount), 0) +
    plan.idle.reduce((s, i) => s + Number(i.amount), 0)
  expect(Math.abs(after - managedOf(snapshot))).toBeLessThan(1e-5)
  for (const i of plan.idle) expect(Number(i.amount)).toBeGreaterThanOrEqual(0)
}

/** A savings vault on `chain` holding `usd` of ours (all of its supply) at a fixed `rate`. */
const savings = (chain: 'base' | 'arbitrum', usd: number, rate: number): Snapshot['markets'][number] => ({
  id: `${chain}/savings/sUSDS`,
  chain,
  protocol: 'savings',
  asset: 'sUSDS',
  totalSupply: String(usd),
  totalBorrow: '0',
  position: String(usd),
  rateModel: { kind: 'fixed', rate },
})

describe('rate limits in the optimizer', () => {
  test('behavior: random plans with binding keys never exceed a capacity, conserve money, and re-plan to no moves', () => {
    let binding = 0
    for (let seed = 1; seed <= 30; seed++) {
      const { snapshot, policy } = limited(seed, 6 + (seed % 10), {
        markets: 0,
        groups: seed % 2 === 0,
        buffers: seed % 3 === 0,
      })
      const plan = planAllocation({ snapshot, policy, policyRef: ref })
      expectWithinCapacities(snapshot, plan)
      expectConserved(snapshot, plan)
      if (plan.targets.some((t) => t.binding.includes('rateLimit:'))) binding++
      const again = planAllocation({ snapshot: applyPlan(snapshot, plan), policy, policyRef: ref })
      expect(again.moves, `seed ${seed}: re-plan`).toEqual([])
    }
    expect(binding, 'instances where a rate limit binds').toBeGreaterThan(15)
  })

  test('behavior: the plan without limits exceeds the keys these tests check (the check can fail)', () => {
    let exceeded = 0
    for (let seed = 1; seed <= 10; seed++) {
      const { snapshot, policy } = limited(seed, 10)
      const { rateLimits: _, ...free } = snapshot
      const plan = planAllocation({ snapshot: free, policy, policyRef: ref })
      try {
        expectWithinCapacities(snapshot, plan)
      } catch {
        exceeded++
      }
    }
    expect(exceeded).toBeGreaterThan(5)
  })

  test('behavior: with limits and no costs the planned interest is the brute-force optimum of the same constraints (0.1 bp of APR)', () => {
    for (let seed = 1; seed <= 12; seed++) {
      const { snapshot, policy } = limited(100 + seed, 3, { markets: 3, dominantShare: 0.5 })
      const resolved = resolveProblem(snapshot, policy)
      const plan = planAllocation({ snapshot, policy, policyRef: ref })
      const brute = bruteForceOptimum(resolved.problem, 150)
      const planned = Number(plan.summary.plannedInterestUsd)
      const gapBp = ((brute.income - planned) / resolved.managed) * 1e4
      expect(gapBp, `seed ${100 + seed}`).toBeLessThan(0.1)
    }
  })

  /**
   * Base (1M at 1%) and Arbitrum (empty, 5%) savings vaults; hub and spoke: base -> arbitrum 0, base ->
   * ethereum and ethereum -> arbitrum keys at 300k and 200k, and the ethereum -> arbitrum OFT's own room.
   */
  function hubAndSpoke(oftRoomUsd?: number) {
    const snapshot: Snapshot = {
      version: 1,
      takenAt: '2026-11-24T12:00:00Z',
      markets: [savings('base', 1_000_000, 0.01), savings('arbitrum', 0, 0.05)],
      idle: [],
      rateLimits: randomRateLimits(1, { version: 1, takenAt: '', markets: [], idle: [] }, 0),
    }
    const keys = snapshot.rateLimits!.keys.map((k) => {
      const g = k.guards
      if (g.action !== 'layerzero') return k
      const toArbitrum = g.chain === 'ethereum' && g.toChain === 'arbitrum'
      const usd = g.chain === 'base' && g.toChain === 'ethereum' ? 300_000 : toArbitrum ? 200_000 : 0
      const oft = toArbitrum && oftRoomUsd !== undefined ? { oftMaxAmount: String(oftRoomUsd * 1e6) } : {}
      return { ...k, lastAmount: String(usd * 1e6), maxAmount: String(usd * 4e6 + 1), ...oft }
    })
    const policy = {
      version: 1 as const,
      name: 'hub',
      markets: [{ id: 'base/savings/sUSDS' }, { id: 'arbitrum/savings/sUSDS' }],
      groups: [],
      buffers: [],
      moves: { minMoveUsd: 0, horizonDays: 30 },
    }
    const s = { ...snapshot, rateLimits: { version: 1 as const, keys } }
    return { snapshot: s, plan: planAllocation({ snapshot: s, policy, policyRef: ref }) }
  }

  /** The plan moves `usd` (less the micro-USD kept back) base -> Ethereum idle -> Arbitrum, bound by the route. */
  function expectTwoLegs({ snapshot, plan }: ReturnType<typeof hubAndSpoke>, usd: number) {
    expect(plan.moves.map((m) => [m.from, m.to, Number(m.amount)])).toEqual([
      ['base/savings/sUSDS', 'idle:ethereum', usd - 1e-6],
      ['idle:ethereum', 'arbitrum/savings/sUSDS', usd - 1e-6],
    ])
    expect(plan.targets.find((t) => t.market === 'arbitrum/savings/sUSDS')?.binding).toBe(
      'rateLimit:layerzero:arbitrum',
    )
    expectWithinCapacities(snapshot, plan)
  }

  test('behavior: a spoke-to-spoke move goes through the Ethereum idle balance when L2 <-> L2 keys are zero', () => {
    expectTwoLegs(hubAndSpoke(), 200_000)
  })

  test("behavior: an OFT's own outbound room below its key's capacity bounds the route (smaller of the two)", () => {
    expectTwoLegs(hubAndSpoke(120_000), 120_000)
    // A paused OFT (it refuses to quote: room 0) closes the route.
    expect(hubAndSpoke(0).plan.moves).toEqual([])
  })

  test('behavior: the cut rows hold exactly when a flow within the pair capacities exists (Gale)', () => {
    const caps = (rnd: () => number) => {
      const m = new Map<string, number>()
      for (const a of chainNames)
        for (const b of chainNames)
          if (a !== b) m.set(`${a}>${b}`, rnd() < 0.15 ? Number.POSITIVE_INFINITY : Math.floor(rnd() * 30))
      return m
    }
    let rnd = 7
    const next = () => {
      rnd = (rnd * 48271) % 2147483647
      return rnd / 2147483647
    }
    let agreeFeasible = 0
    for (let trial = 0; trial < 300; trial++) {
      const c = caps(next)
      const d = chainNames.map(() => Math.floor(next() * 200) - 100)
      // Demands d_c (positive: needs), supplies -d_c; total supply >= total demand (free disposal).
      const total = d.reduce((s, v) => s + v, 0)
      if (total > 0) d[0] = d[0]! - total
      const supply = Object.fromEntries(chainNames.map((ch, i) => [ch, BigInt(Math.max(0, -d[i]!) * 1e6)]))
      const demand = Object.fromEntries(chainNames.map((ch, i) => [ch, BigInt(Math.max(0, d[i]!) * 1e6)]))
      const flow = maxChainFlow(supply, demand, c)
      const met = flow.kept.reduce((s, v) => s + v, 0n) === Object.values(demand).reduce((s, v) => s + v, 0n)
      let cutsHold = true
      for (let mask = 1; mask < 63; mask++) {
        let into = 0
        let need = 0
        chainNames.forEach((b, j) => {
          if (!(mask & (1 << j))) return
          need += d[j]!
          chainNames.forEach((a, i) => {
            if (!(mask & (1 << i))) into += c.get(`${a}>${b}`)!
          })
        })
        if (need > into) cutsHold = false
      }
      expect(met, `trial ${trial}`).toBe(cutsHold)
      if (met) agreeFeasible++
    }
    expect(agreeFeasible).toBeGreaterThan(20)
    expect(agreeFeasible).toBeLessThan(280)
  })
})
