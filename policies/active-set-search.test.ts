import { describe, expect, test } from 'vitest'
import { chainNames } from '../chains/names.js'
import { searchActiveSets } from './active-set-search.js'
import { resolveProblem } from './allocation-problem.js'
import { planMoves } from './move-planner.js'
import type { AllocationProblem } from './optimizer/optimize.js'
import { optimizeAllocation } from './optimizer/optimize.js'
import { planAllocation } from './plan.js'
import { horizonYears, keepsMoveRules, objectiveOf } from './plan-objective.js'
import type { Policy } from './policy-schema.js'
import { rateLimitCapacities } from './rate-limit-capacity.js'
import type { Snapshot } from './snapshot.js'
import { bruteForceOptimum } from './testing/brute-force.js'
import { applyPlan, planUsage, randomRateLimits } from './testing/random-rate-limits.js'
import { randomScenario, seededRandom } from './testing/random-scenario.js'

// Issue 10: fixed costs per move and transit time are part of the objective the plan maximises.

const ref = { name: 'test', sha256: 'f'.repeat(64) }

/** A small random instance on 2-3 chains with binding rate limits and costs that matter (incl. transit). */
function costlyInstance(seed: number): { snapshot: Snapshot; policy: Policy } {
  const rnd = seededRandom(seed * 7919)
  const s = randomScenario(seed, { markets: 2 + (seed % 3), dominantShare: 0.4 })
  const chains = chainNames.slice(0, 2 + (seed % 2))
  const snapshot0: Snapshot = {
    ...s.snapshot,
    markets: s.snapshot.markets.map((m, i) => ({ ...m, chain: chains[i % chains.length]! })),
    idle: s.snapshot.idle.map((d, i) => ({ ...d, chain: chains[i % chains.length]! })),
  }
  const txUsd: Partial<Record<(typeof chainNames)[number], number>> = {}
  for (const c of chains) txUsd[c] = Math.round(rnd() * 40_000)
  const snapshot: Snapshot = {
    ...snapshot0,
    costs: {
      txUsd,
      bridgeUsd: Math.round(rnd() * 60_000),
      bridgeHours: rnd() * 72,
      ...(rnd() < 0.5 ? { cctpUsd: Math.round(rnd() * 30_000), cctpHours: rnd() * 24 } : {}),
    },
    rateLimits: randomRateLimits(seed, snapshot0),
  }
  const policy: Policy = { ...s.policy, moves: { minMoveUsd: 0, horizonDays: 1 + Math.floor(rnd() * 10) } }
  return { snapshot, policy }
}

/** The problem over the markets of `free` only: the others' positions taken off the budget and rows. */
function reduced(problem: AllocationProblem, free: number[], positions: number[]): AllocationProblem {
  const held = (members: number[]) =>
    members.filter((i) => !free.includes(i)).reduce((s, i) => s + positions[i]!, 0)
  return {
    budget: problem.budget - held(problem.variables.map((_, i) => i)),
    rows: problem.rows
      .map((r) => ({
        members: r.members.filter((i) => free.includes(i)).map((i) => free.indexOf(i)),
        cap: r.cap - held(r.members),
      }))
      .filter((r) => r.members.length > 0),
    variables: free.map((i) => problem.variables[i]!),
  }
}

/**
 * Brute-force optimum of the objective: every active set (which markets change), each with the income
 * optimum of that set found by exhaustive search (not the optimizer), drafted into moves and valued.
 */
function bruteForceObjective(snapshot: Snapshot, policy: Policy): number {
  const resolved = resolveProblem(snapshot, policy)
  const positions = resolved.markets.map((m) => m.position)
  const n = positions.length
  let best = Number.NEGATIVE_INFINITY
  for (let mask = 0; mask < 1 << n; mask++) {
    const free = [...Array(n).keys()].filter((i) => mask & (1 << i))
    const sub = reduced(resolved.problem, free, positions)
    if (sub.budget < -1e-6 || sub.rows.some((r) => r.cap < -1e-6)) continue
    if (
      resolved.markets.some(
        (m, i) => !free.includes(i) && (m.position < m.lo - 1e-6 || m.position > m.hi + 1e-6),
      )
    )
      continue
    const x = [...positions]
    if (free.length > 0) {
      const [grid, refine] = free.length <= 2 ? [300, 40] : free.length === 3 ? [60, 24] : [12, 12]
      const r = bruteForceOptimum(sub, grid, refine)
      if (!Number.isFinite(r.income)) continue
      free.forEach((i, k) => {
        x[i] = r.x[k]!
      })
    }
    const plan = planMoves({ snapshot, policy, resolved, x, draftOnly: true })
    if (!keepsMoveRules(policy, plan)) continue
    best = Math.max(best, objectiveOf(resolved, policy, plan).valueUsd)
  }
  return best
}

/** 0.1 bp of APR over the horizon, in USD. */
const tenthBp = (resolved: { managed: number }, policy: Policy) =>
  1e-5 * resolved.managed * horizonYears(policy)

describe('objective with fixed costs and transit (issue 10)', () => {
  test('behavior: on random small instances the plan is within 0.1 bp of APR of a brute-force optimum of the same objective', () => {
    let heuristicShort = 0
    let searched = 0
    for (let seed = 1; seed <= 24; seed++) {
      const { snapshot, policy } = costlyInstance(seed)
      const resolved = resolveProblem(snapshot, policy)
      const search = searchActiveSets({
        snapshot,
        policy,
        resolved,
        optimum: optimizeAllocation(resolved.problem),
      })
      const brute = bruteForceObjective(snapshot, policy)
      const tol = tenthBp(resolved, policy)
      expect(search.method, `seed ${seed}`).toBe('exact')
      expect(search.value.valueUsd, `seed ${seed}: plan vs brute force`).toBeGreaterThanOrEqual(brute - tol)
      if (search.heuristicValueUsd < brute - tol) heuristicShort++
      if (search.solves > 0) searched++
    }
    // The check can fail: the income optimum with unworthy moves dropped (main's plan) misses it.
    expect(heuristicShort, 'instances where the heuristic plan is short of the optimum').toBeGreaterThan(2)
    expect(searched).toBeGreaterThan(5)
  }, 240_000)

  test('behavior: two sub-cost moves that main drops become one combined move', () => {
    // Two identical kinked markets on base hand their money to a 9% vault on arbitrum (room 20M). The income
    // optimum takes 10M from each: two cross-chain moves, each below its cost. One move of 20M from one
    // market pays: main drops both and moves nothing.
    const kinked = (id: string): Snapshot['markets'][number] => ({
      id,
      chain: 'base',
      protocol: 'sparklend',
      asset: 'USDC',
      totalSupply: '2000000000',
      totalBorrow: '1200000000',
      position: '100000000',
      supplyCap: null,
      rateModel: {
        kind: 'kinked',
        baseRate: 0,
        slope1: 0.1,
        slope2: 1,
        optimalUtilization: 0.9,
        reserveFactor: 0,
      },
    })
    const snapshot: Snapshot = {
      version: 1,
      takenAt: '2026-11-24T12:00:00Z',
      markets: [
        kinked('base/sparklend/a'),
        kinked('base/sparklend/b'),
        {
          id: 'arbitrum/savings/v',
          chain: 'arbitrum',
          protocol: 'savings',
          asset: 'USDC',
          totalSupply: '0',
          totalBorrow: '0',
          position: '0',
          supplyCap: null,
          rateModel: { kind: 'fixed', rate: 0.09 },
        },
      ],
      idle: [],
      costs: { txUsd: { base: 0, arbitrum: 0 }, bridgeUsd: 0, bridgeHours: 0 },
    }
    const policy: Policy = {
      version: 1,
      name: 'combine',
      markets: [
        { id: 'base/sparklend/a' },
        { id: 'base/sparklend/b' },
        { id: 'arbitrum/savings/v', maxUsd: 20_000_000 },
      ],
      groups: [],
      buffers: [],
      moves: { minMoveUsd: 0, horizonDays: 30 },
      approvals: { autoApproveMaxUsd: 1e9, approvers: [], timeout: '24h' },
    }
    // The gain of one 10M move (30 days): set the bridge fee between it and the gain of one 20M move.
    const resolved = resolveProblem(snapshot, policy)
    const H = 30 / 365
    const gainOf = (out: number[]) =>
      H * resolved.problem.variables.reduce((s, v, i) => s + v.income(out[i]!), 0)
    const base = gainOf([1e8, 1e8, 0])
    const split = gainOf([0.9e8, 0.9e8, 2e7]) - base
    const single = gainOf([0.8e8, 1e8, 2e7]) - base
    expect(single).toBeGreaterThan(split / 2 + 1)
    const fee = (split / 2 + single) / 2
    const costly: Snapshot = { ...snapshot, costs: { txUsd: {}, bridgeUsd: fee, bridgeHours: 0 } }
    const heuristic = planMoves({
      snapshot: costly,
      policy,
      resolved: resolveProblem(costly, policy),
      x: optimizeAllocation(resolveProblem(costly, policy).problem).x,
    })
    expect(heuristic.moves, 'main: both sub-cost moves dropped').toEqual([])
    const plan = planAllocation({ snapshot: costly, policy, policyRef: ref })
    expect(plan.moves).toHaveLength(1)
    expect(plan.moves[0]!.to).toBe('arbitrum/savings/v')
    expect(Number(plan.moves[0]!.amount)).toBeCloseTo(2e7, 0)
    expect(Number(plan.moves[0]!.netBenefitUsd)).toBeGreaterThan(0)
    expect(plan.summary.objective?.method).toBe('exact')
    expect(Number(plan.summary.objective?.valueUsd)).toBeGreaterThan(
      Number(plan.summary.objective?.heuristicValueUsd),
    )
  })

  test('behavior: with costs the plan conserves money, keeps every capacity, and re-plans to no moves', () => {
    for (let seed = 1; seed <= 24; seed++) {
      const { snapshot, policy } = costlyInstance(seed)
      const plan = planAllocation({ snapshot, policy, policyRef: ref })
      const managed = (s: Snapshot) =>
        s.markets.reduce((a, m) => a + Number(m.position), 0) +
        s.idle.reduce((a, i) => a + Number(i.amount), 0)
      const after =
        plan.targets.reduce((s, t) => s + Number(t.amount), 0) +
        plan.idle.reduce((s, i) => s + Number(i.amount), 0)
      expect(Math.abs(after - managed(snapshot)), `seed ${seed}: conserved`).toBeLessThan(1e-5)
      const caps = rateLimitCapacities(snapshot.rateLimits)
      const use = planUsage(plan, snapshot)
      const slack = 1e-6 * (plan.moves.length + 1)
      for (const [market, c] of caps.markets) {
        if (c.inUsd !== undefined) expect(use.inflow.get(market) ?? 0).toBeLessThanOrEqual(c.inUsd + slack)
        if (c.outUsd !== undefined) expect(use.outflow.get(market) ?? 0).toBeLessThanOrEqual(c.outUsd + slack)
      }
      for (const [pair, usd] of caps.routes)
        expect(use.bridged.get(pair) ?? 0).toBeLessThanOrEqual(usd + slack)
      const again = planAllocation({ snapshot: applyPlan(snapshot, plan), policy, policyRef: ref })
      expect(again.moves, `seed ${seed}: re-plan`).toEqual([])
    }
  })

  test('behavior: beyond the market limit the plan is the heuristic one, and a solve budget reports what it proved', () => {
    let budgeted = 0
    for (let seed = 1; seed <= 12; seed++) {
      const { snapshot, policy } = costlyInstance(seed)
      const resolved = resolveProblem(snapshot, policy)
      const optimum = optimizeAllocation(resolved.problem)
      const input = { snapshot, policy, resolved, optimum }
      const skipped = searchActiveSets({ ...input, options: { maxMarkets: 0 } })
      expect(skipped.method).toBe('heuristic')
      expect(skipped.solves).toBe(0)
      expect(skipped.value.valueUsd).toBe(skipped.heuristicValueUsd)
      const full = searchActiveSets(input)
      const cut = searchActiveSets({ ...input, options: { maxSolves: 1 } })
      expect(cut.value.valueUsd).toBeGreaterThanOrEqual(cut.heuristicValueUsd)
      if (cut.method === 'node-budget') {
        budgeted++
        // The proven bound covers the full search's optimum.
        expect(cut.value.valueUsd + cut.boundGapUsd).toBeGreaterThanOrEqual(
          full.value.valueUsd - tenthBp(resolved, policy),
        )
      } else expect(cut.value.valueUsd).toBeCloseTo(full.value.valueUsd, 2)
    }
    expect(budgeted, 'instances stopped by the budget').toBeGreaterThan(0)
  })
})
