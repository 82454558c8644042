import { describe, expect, test } from 'vitest'
import { searchActiveSets } from './active-set-search.js'
import { resolveProblem } from './allocation-problem.js'
import { planMoves } from './move-planner.js'
import { optimizeAllocation } from './optimizer/optimize.js'
import { planAllocation } from './plan.js'
import { horizonYears } from './plan-objective.js'
import type { Policy } from './policy-schema.js'
import { rateLimitCapacities } from './rate-limit-capacity.js'
import type { Snapshot } from './snapshot.js'
import { bruteForceObjective, costlyInstance } from './testing/brute-force-objective.js'
import { applyPlan, planUsage } from './testing/random-rate-limits.js'

// Issue 10: fixed costs per move and transit time are part of the objective the plan maximises.

const ref = { name: 'test', sha256: 'f'.repeat(64) }

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
      approvals: { autoApproveMaxUsd: 1e9, approvers: [], threshold: 1, timeout: '24h' },
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
