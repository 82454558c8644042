import type { AllocationProblem } from '../optimizer/optimize.js'

function best1d(f: (x: number) => number, lo: number, hi: number, steps: number): { x: number; v: number } {
  let bx = lo
  let bv = f(lo)
  if (hi <= lo) return { x: bx, v: bv }
  for (let k = 1; k <= steps; k++) {
    const x = lo + ((hi - lo) * k) / steps
    const v = f(x)
    if (v > bv) {
      bv = v
      bx = x
    }
  }
  // Golden-section refinement around the best grid point.
  let a = Math.max(lo, bx - (hi - lo) / steps)
  let b = Math.min(hi, bx + (hi - lo) / steps)
  for (let k = 0; k < 60; k++) {
    const m1 = a + (b - a) * 0.382
    const m2 = a + (b - a) * 0.618
    if (f(m1) > f(m2)) b = m2
    else a = m1
  }
  const xm = (a + b) / 2
  const vm = f(xm)
  return vm > bv ? { x: xm, v: vm } : { x: bx, v: bv }
}

/**
 * Reference optimum of a problem with 1 to 3 variables by exhaustive search: a grid over the first
 * variables (refined twice around the best cell) and an exact-ish 1-D search for the last. Slow; tests only.
 * `refineSteps`: grid steps per refinement round (default 40; fewer for 4 variables).
 */
export function bruteForceOptimum(
  problem: AllocationProblem,
  grid = 300,
  refineSteps = 40,
): { x: number[]; income: number } {
  const v = problem.variables
  const n = v.length
  const rowsOf = v.map((_, i) => problem.rows.filter((r) => r.members.includes(i)))
  const slack = (x: number[], upto: number) => {
    // Room left for the last variable given the others, and feasibility of the others.
    let room = problem.budget - x.slice(0, upto).reduce((s, a) => s + a, 0)
    for (const r of problem.rows) {
      const used = r.members.filter((i) => i < upto).reduce((s, i) => s + x[i]!, 0)
      if (used > r.cap + 1e-6) return Number.NEGATIVE_INFINITY
      if (r.members.includes(upto)) room = Math.min(room, r.cap - used)
    }
    return room
  }
  const last = n - 1
  const solveLast = (x: number[]) => {
    const room = slack(x, last)
    const lo = v[last]!.lo
    const hi = Math.min(v[last]!.hi, room)
    if (hi < lo - 1e-6) return undefined
    const r = best1d(v[last]!.income, lo, Math.max(lo, hi), 400)
    return r
  }
  let best = { x: v.map((a) => a.lo), income: Number.NEGATIVE_INFINITY }
  const consider = (head: number[]) => {
    const r = solveLast([...head, 0])
    if (!r) return
    const total = head.reduce((s, a, i) => s + v[i]!.income(a), 0) + r.v
    if (total > best.income) best = { x: [...head, r.x], income: total }
  }
  const ranges = v.slice(0, last).map((a) => [a.lo, a.hi] as [number, number])
  const search = (rs: [number, number][], steps: number) => {
    const rec = (k: number, head: number[]) => {
      if (k === rs.length) return consider(head)
      const [a, b] = rs[k]!
      for (let s = 0; s <= steps; s++) rec(k + 1, [...head, a + ((b - a) * s) / steps])
    }
    rec(0, [])
  }
  void rowsOf
  search(ranges, grid)
  for (let round = 0; round < 3; round++) {
    const w = ranges.map(([a, b]) => (b - a) / grid / 10 ** round)
    const local = best.x.slice(0, last).map((c, i) => {
      const [a, b] = ranges[i]!
      return [Math.max(a, c - w[i]!), Math.min(b, c + w[i]!)] as [number, number]
    })
    search(local, refineSteps)
  }
  return best
}
