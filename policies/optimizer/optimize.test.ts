import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { incomeAfter } from '../rate-models.js'
import type { RateModel } from '../snapshot.js'
import { bruteForceOptimum } from '../testing/brute-force.js'
import { type AllocationProblem, type AllocationVariable, optimizeAllocation } from './optimize.js'

const marketArb = fc.record({
  supply: fc.double({ min: 1e7, max: 5e8, noNaN: true }),
  utilization: fc.double({ min: 0.5, max: 0.99, noNaN: true }),
  share: fc.double({ min: 0, max: 0.95, noNaN: true }),
  dominant: fc.boolean(),
  kinked: fc.boolean(),
  slope1: fc.double({ min: 0.02, max: 0.08, noNaN: true }),
  slope2: fc.double({ min: 0.2, max: 1.5, noNaN: true }),
  optimal: fc.double({ min: 0.75, max: 0.95, noNaN: true }),
  fee: fc.constantFrom(0, 0.1, 0.2),
  capFraction: fc.option(fc.double({ min: 0.05, max: 1, noNaN: true }), { nil: undefined }),
})

type MarketSample = typeof marketArb extends fc.Arbitrary<infer T> ? T : never

function variable(m: MarketSample, W: number): AllocationVariable {
  const S = m.supply
  const p = S * (m.dominant ? 0.5 + m.share * 0.5 : m.share * 0.3)
  const B = S * m.utilization
  const model: RateModel = m.kinked
    ? {
        kind: 'kinked',
        baseRate: 0,
        slope1: m.slope1,
        slope2: m.slope2,
        optimalUtilization: m.optimal,
        reserveFactor: m.fee,
      }
    : {
        kind: 'adaptive-curve',
        rateAtTarget: m.slope1,
        fee: m.fee,
        targetUtilization: 0.9,
        curveSteepness: 4,
      }
  const state = { totalSupply: S, totalBorrow: B, position: p, rateModel: model }
  const lo = Math.max(0, p - (S - B))
  const hi = m.capFraction === undefined ? Math.max(lo, W) : lo + m.capFraction * W
  const kinkX = B / (m.kinked ? m.optimal : 0.9) - (S - p)
  return {
    income: (x) => incomeAfter(state, x),
    lo,
    hi,
    linear: false,
    supplyOffset: S - p,
    hints: [p, kinkX],
  }
}

const problemArb = fc
  .record({
    markets: fc.array(marketArb, { minLength: 2, maxLength: 3 }),
    W: fc.double({ min: 5e7, max: 1e9, noNaN: true }),
    budgetShare: fc.double({ min: 0.2, max: 1, noNaN: true }),
    group: fc.option(fc.double({ min: 0.1, max: 0.8, noNaN: true }), { nil: undefined }),
  })
  .map(({ markets, W, budgetShare, group }): AllocationProblem => {
    const variables = markets.map((m) => variable(m, W))
    const floors = variables.reduce((s, v) => s + v.lo, 0)
    const rows =
      group === undefined
        ? []
        : [{ members: [0, 1], cap: Math.max(variables[0]!.lo + variables[1]!.lo, group * W) }]
    return { variables, budget: Math.max(floors, budgetShare * W), rows }
  })

const bp = (income: number, problem: AllocationProblem) => (income / Math.max(1, problem.budget)) * 1e4

describe('optimizeAllocation', () => {
  test('default: fills the best market first, respects the budget', () => {
    const fixed = (rate: number, hi: number): AllocationVariable => ({
      income: (x) => x * rate,
      lo: 0,
      hi,
      linear: true,
      supplyOffset: 0,
      hints: [],
    })
    const r = optimizeAllocation({ variables: [fixed(0.03, 100), fixed(0.05, 60)], budget: 100, rows: [] })
    expect(r.x[1]).toBeCloseTo(60, 9)
    expect(r.x[0]).toBeCloseTo(40, 9)
    expect(r.income).toBeCloseTo(0.03 * 40 + 0.05 * 60, 9)
  })

  test('behavior: global optimum (within 0.1 bp of the brute-force optimum) on random small problems', () => {
    fc.assert(
      fc.property(problemArb, (problem) => {
        const r = optimizeAllocation(problem)
        const sum = r.x.reduce((s, v) => s + v, 0)
        expect(sum).toBeLessThanOrEqual(problem.budget * (1 + 1e-12) + 1e-6)
        r.x.forEach((x, i) => {
          expect(x).toBeGreaterThanOrEqual(problem.variables[i]!.lo - 1e-6)
          expect(x).toBeLessThanOrEqual(problem.variables[i]!.hi + 1e-6)
        })
        for (const row of problem.rows) {
          expect(row.members.reduce((s, i) => s + r.x[i]!, 0)).toBeLessThanOrEqual(row.cap + 1e-6)
        }
        const brute = bruteForceOptimum(problem, 120)
        // The bar is 0.1 bp of APR; the optimizer should do much better than that.
        expect(bp(brute.income - r.income, problem)).toBeLessThan(0.01)
      }),
      { numRuns: 40, seed: 20261125 },
    )
  }, 120_000)

  test('behavior: greedy (laminar rows) and simplex (general rows) agree', () => {
    fc.assert(
      fc.property(problemArb, (problem) => {
        const laminar = optimizeAllocation(problem)
        // A redundant overlapping row (cap never binds) forces the simplex path.
        const overlapping: AllocationProblem = {
          ...problem,
          rows: [
            ...problem.rows,
            { members: [1, 2].filter((i) => i < problem.variables.length), cap: problem.budget * 10 },
            { members: [0, 1], cap: problem.budget * 10 },
          ],
        }
        const general = optimizeAllocation(overlapping)
        expect(Math.abs(bp(laminar.income - general.income, problem))).toBeLessThan(0.01)
      }),
      { numRuns: 30, seed: 7 },
    )
  }, 60_000)

  test('behavior: lazy rows (cutting planes) give the optimum of the same rows given eagerly, and hold', () => {
    fc.assert(
      fc.property(problemArb, fc.double({ min: 0.05, max: 0.9, noNaN: true }), (problem, share) => {
        // A row on the last two markets that often binds, plus one that never does.
        const n = problem.variables.length
        const members = [n - 2, n - 1]
        const floors = members.reduce((s, i) => s + problem.variables[i]!.lo, 0)
        const extra = [
          { members, cap: Math.max(floors, share * problem.budget) },
          { members: [0], cap: problem.budget * 10 },
        ]
        const eager = optimizeAllocation({ ...problem, rows: [...problem.rows, ...extra] })
        const lazy = optimizeAllocation({ ...problem, lazyRows: extra })
        for (const row of extra)
          expect(row.members.reduce((s, i) => s + lazy.x[i]!, 0)).toBeLessThanOrEqual(row.cap + 1e-6)
        expect(Math.abs(bp(eager.income - lazy.income, problem))).toBeLessThan(0.01)
      }),
      { numRuns: 30, seed: 11 },
    )
  }, 60_000)

  test('behavior: non-concave curve (dominant position) is solved globally, not at a local optimum', () => {
    // We are alone in a market: income = B * borrowRate(B/x) decreases in x, so the best is the
    // smallest holding that the budget allows elsewhere; a concave relaxation alone would split money.
    const model: RateModel = {
      kind: 'kinked',
      baseRate: 0,
      slope1: 0.04,
      slope2: 0.8,
      optimalUtilization: 0.8,
      reserveFactor: 0,
    }
    const state = { totalSupply: 100e6, totalBorrow: 60e6, position: 95e6, rateModel: model }
    const dominant: AllocationVariable = {
      income: (x) => incomeAfter(state, x),
      lo: 0,
      hi: 300e6,
      linear: false,
      supplyOffset: 5e6,
      hints: [95e6, 60e6 / 0.8 - 5e6],
    }
    const savings: AllocationVariable = {
      income: (x) => 0.045 * x,
      lo: 0,
      hi: 300e6,
      linear: true,
      supplyOffset: 0,
      hints: [],
    }
    const problem = { variables: [dominant, savings], budget: 200e6, rows: [] }
    const r = optimizeAllocation(problem)
    const brute = bruteForceOptimum(problem, 2000)
    expect(bp(brute.income - r.income, problem)).toBeLessThan(0.001)
  })

  test('behavior: near the kink (budgets that put utilization around optimal) the optimum is global', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.85, max: 0.95, noNaN: true }),
        fc.double({ min: 0.2, max: 3, noNaN: true }),
        fc.double({ min: 0.02, max: 0.06, noNaN: true }),
        (kinkU, budgetScale, savingsRate) => {
          const model: RateModel = {
            kind: 'kinked',
            baseRate: 0,
            slope1: 0.05,
            slope2: 1.2,
            optimalUtilization: kinkU,
            reserveFactor: 0.1,
          }
          const mk = (supply: number, borrowShare: number): AllocationVariable => {
            const state = {
              totalSupply: supply,
              totalBorrow: supply * borrowShare,
              position: 0,
              rateModel: model,
            }
            return {
              income: (x) => incomeAfter(state, x),
              lo: 0,
              hi: 5e8,
              linear: false,
              supplyOffset: supply,
              hints: [0, (supply * borrowShare) / kinkU - supply],
            }
          }
          const savings: AllocationVariable = {
            income: (x) => savingsRate * x,
            lo: 0,
            hi: 5e8,
            linear: true,
            supplyOffset: 0,
            hints: [],
          }
          const problem = {
            variables: [mk(1e8, 0.97), mk(2e8, 0.95), savings],
            budget: 5e7 * budgetScale,
            rows: [],
          }
          const r = optimizeAllocation(problem)
          const brute = bruteForceOptimum(problem, 150)
          expect(bp(brute.income - r.income, problem)).toBeLessThan(0.01)
        },
      ),
      { numRuns: 25, seed: 3 },
    )
  }, 60_000)
})
