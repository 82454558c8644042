import type { ResolvedProblem } from '../allocation-problem.js'
import { supplyRateAfter } from '../rate-models.js'

/** Income (USD/year) of an allocation. */
export function incomeOf(resolved: ResolvedProblem, x: number[]): number {
  return resolved.markets.reduce((s, m, i) => s + x[i]! * supplyRateAfter(m.state, x[i]!), 0)
}

/** Largest x in [lo, hi] whose supply rate is at least `rate` (rates fall as x grows; bisection). */
function sizeAtRate(resolved: ResolvedProblem, i: number, rate: number): number {
  const m = resolved.markets[i]!
  if (supplyRateAfter(m.state, m.hi) >= rate) return m.hi
  if (supplyRateAfter(m.state, m.lo) < rate) return m.lo
  let a = m.lo
  let b = m.hi
  for (let k = 0; k < 100; k++) {
    const c = (a + b) / 2
    if (supplyRateAfter(m.state, c) >= rate) a = c
    else b = c
  }
  return a
}

/** Peer heuristic "highest APY first": rank by the current rate, fill each market to its ceiling. */
export function highestApyFirst(resolved: ResolvedProblem): number[] {
  const x = resolved.markets.map((m) => m.lo)
  let budget = resolved.problem.budget - x.reduce((s, v) => s + v, 0)
  const order = resolved.markets.map((_, i) => i)
  order.sort(
    (a, b) =>
      supplyRateAfter(resolved.markets[b]!.state, resolved.markets[b]!.position) -
      supplyRateAfter(resolved.markets[a]!.state, resolved.markets[a]!.position),
  )
  for (const i of order) {
    const add = Math.min(budget, resolved.markets[i]!.hi - x[i]!)
    x[i] = x[i]! + add
    budget -= add
  }
  return x
}

/** Peer heuristic "equal APY": one rate level r for all markets, each holds the most it can at rate >= r. */
export function equalApy(resolved: ResolvedProblem): number[] {
  const n = resolved.markets.length
  let lo = 0
  let hi = 2
  const total = (r: number) => {
    let s = 0
    for (let i = 0; i < n; i++) s += sizeAtRate(resolved, i, r)
    return s
  }
  if (total(0) <= resolved.problem.budget) return resolved.markets.map((_, i) => sizeAtRate(resolved, i, 0))
  for (let k = 0; k < 80; k++) {
    const r = (lo + hi) / 2
    if (total(r) > resolved.problem.budget) lo = r
    else hi = r
  }
  return resolved.markets.map((_, i) => sizeAtRate(resolved, i, hi))
}
