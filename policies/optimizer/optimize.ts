import { NonRetryableError } from '../../lib/errors.js'
import { type ChunkLp, isLaminar, solveGreedy } from './chunk-lp.js'
import { solveSimplex } from './chunk-simplex.js'
import { type SampledCurve, sampleCurve, withPoints } from './curve-samples.js'
import { type Hull, hullChunks } from './hull.js'

/** One variable of the allocation problem: how much we hold in one market. */
export type AllocationVariable = {
  /** Annual income (USD/year) of holding x (USD). */
  income: (x: number) => number
  /** Bounds on x (USD), lo <= hi. */
  lo: number
  hi: number
  /** True when income is linear in x (fixed rate): two samples describe it exactly. */
  linear: boolean
  /** Offset so that income depends on x through y = x + offset (market supply without us); sampled geometrically in y. */
  supplyOffset: number
  /** Points that must be samples (current position, kink of the rate curve). */
  hints: number[]
}

/** A linear constraint: sum of x over `members` <= cap. */
export type AllocationRow = { members: number[]; cap: number }

/**
 * Maximize sum income_i(x_i) subject to bounds, sum x_i <= budget, every row and every lazy row. Lazy
 * rows are cutting planes: a solve leaves them out, and those the solution violates join the rows for the
 * next solve, so the optimum is the same with fewer rows in each solve (many rows that rarely bind).
 */
export type AllocationProblem = {
  variables: AllocationVariable[]
  budget: number
  rows: AllocationRow[]
  lazyRows?: AllocationRow[]
}

/** Result of {@link optimizeAllocation}. */
export type AllocationResult = {
  x: number[]
  /** Annual income of `x` (USD/year). */
  income: number
  /** Proven upper bound on the income over the sampled problem (USD/year). */
  upperBound: number
  /** Branch-and-bound nodes explored. */
  nodes: number
}

/** Tuning of {@link optimizeAllocation}. */
export type OptimizeOptions = {
  /** Samples per market curve (default: adaptive, 2400 for small problems). */
  samples?: number
  /** Stop when upper bound - income <= tolerance * budget (USD/year). Default 1e-9. */
  tolerance?: number
  /** Node limit of the branch and bound. */
  maxNodes?: number
  /** Re-solve with a fine grid around the first solution (default: up to 64 markets). */
  refine?: boolean
}

type Node = { start: Int32Array; end: Int32Array; bound: number }

type Evaluated = {
  x: number[]
  income: number
  bound: number
  /** Market to branch on and the sample index to split at, or -1 when the relaxation is tight. */
  branchMarket: number
  branchAt: number
}

/**
 * Finds the allocation that maximizes total income globally, also where income curves are not concave.
 *
 * Each curve is sampled (geometrically in market size, plus uniformly, plus hints) and replaced by its
 * concave hull; the hull problem is a linear program over hull chunks (greedy when the rows are laminar,
 * simplex otherwise). A market whose solution falls inside a hull bridge (a non-concave region) is
 * branched on: its domain is split at a sample inside the bridge. Best-first branch and bound stops when
 * the proven bound is within `tolerance * budget` of the best feasible allocation.
 */
export function optimizeAllocation(
  problem: AllocationProblem,
  options: OptimizeOptions = {},
): AllocationResult {
  let rows = problem.rows
  let pending = problem.lazyRows ?? []
  const tol = 1e-9 * Math.max(1, problem.budget)
  const vars = problem.variables
  const samples = options.samples ?? defaultSamples(vars.length)
  const refine = options.refine ?? vars.length <= 64
  // The curves do not change between cutting-plane rounds: sample each once.
  const coarse = vars.map((v) => sampleCurve(v, samples))
  const violatedBy = (x: number[]) =>
    pending.filter((r) => r.members.reduce((s, i) => s + x[i]!, 0) > r.cap + tol)
  for (;;) {
    const eager = { variables: vars, budget: problem.budget, rows }
    const first = solveSampled(eager, coarse, samples, options)
    // A lazy row the coarse solution violates joins before any refining.
    let violated = violatedBy(first.x)
    let result = first
    if (violated.length === 0 && refine) {
      // Second pass: a fine local grid around the first solution removes the sampling error there.
      const fine = vars.map((v, i) => {
        const xi = first.x[i]!
        const step = Math.max((v.hi - v.lo) / samples, Math.abs(xi + v.supplyOffset) * 1e-3) / 32
        const local: number[] = []
        for (let k = -64; k <= 64; k++) local.push(xi + k * step)
        return withPoints(v, coarse[i]!, local)
      })
      const second = solveSampled(eager, fine, samples, options)
      if (second.income >= first.income) result = second
      violated = violatedBy(result.x)
    }
    if (violated.length === 0) return result
    rows = [...rows, ...violated]
    pending = pending.filter((r) => !violated.includes(r))
  }
}

function defaultSamples(n: number): number {
  return Math.max(96, Math.min(2400, Math.floor(48_000 / Math.max(1, n))))
}

function solveSampled(
  problem: AllocationProblem,
  sampled: SampledCurve[],
  samples: number,
  options: OptimizeOptions,
): AllocationResult {
  const vars = problem.variables
  const n = vars.length
  const tol = (options.tolerance ?? 1e-9) * Math.max(1, problem.budget)
  const maxNodes = options.maxNodes ?? Math.max(16, Math.min(400, Math.floor(8_000_000 / (n * samples))))
  const rowsOf: number[][] = vars.map(() => [])
  problem.rows.forEach((row, r) => {
    for (const i of row.members) rowsOf[i]!.push(r + 1)
  })
  const rowCount = problem.rows.length + 1
  const laminar = isLaminar(rowsOf, rowCount)
  const eps = 1e-12 * Math.max(1, problem.budget)
  const hullCache = new Map<string, Hull>()
  const hull = (i: number, start: number, end: number): Hull => {
    if (start === 0 && end === sampled[i]!.xs.length - 1) return sampled[i]!.hull
    const k = `${i}:${start}:${end}`
    let c = hullCache.get(k)
    if (!c) {
      c = hullChunks(sampled[i]!.xs, sampled[i]!.fs, start, end)
      if (hullCache.size < 200_000) hullCache.set(k, c)
    }
    return c
  }

  const evaluate = (node: Node): Evaluated | undefined => {
    const rhs = [problem.budget, ...problem.rows.map((r) => r.cap)]
    let baseValue = 0
    for (let i = 0; i < n; i++) {
      const s = sampled[i]!
      const x0 = s.xs[node.start[i]!]!
      baseValue += s.fs[node.start[i]!]!
      rhs[0] = rhs[0]! - x0
      for (const r of rowsOf[i]!) rhs[r] = rhs[r]! - x0
    }
    if (rhs.some((v) => v < -eps * 10)) return undefined
    const lp: ChunkLp = {
      chunks: Array.from({ length: n }, (_, i) => hull(i, node.start[i]!, node.end[i]!)),
      rowsOf,
      rhs: rhs.map((v) => Math.max(0, v)),
    }
    const sol = laminar ? solveGreedy(lp, eps) : solveSimplex(lp, eps)
    const x: number[] = new Array(n)
    let income = 0
    let worstGap = tol / Math.max(1, n)
    let branchMarket = -1
    let branchAt = -1
    for (let i = 0; i < n; i++) {
      const s = sampled[i]!
      const chunks = lp.chunks[i]!
      const fills = sol.fills[i]!
      let xi = s.xs[node.start[i]!]!
      let hullValue = s.fs[node.start[i]!]!
      let inside = -1
      for (let k = 0; k < chunks.length; k++) {
        const f = fills[k]!
        if (f <= 0) continue
        xi += f
        hullValue += f * chunks.slope[k]!
        if (f < chunks.width[k]! - eps) inside = k
      }
      xi = Math.min(vars[i]!.hi, Math.max(vars[i]!.lo, xi))
      x[i] = xi
      const fi = vars[i]!.income(xi)
      income += fi
      if (inside >= 0 && chunks.to[inside]! - chunks.from[inside]! > 1) {
        const gap = hullValue - fi
        if (gap > worstGap) {
          worstGap = gap
          branchMarket = i
          const from = chunks.from[inside]!
          const to = chunks.to[inside]!
          let split = from + 1
          let best = Number.POSITIVE_INFINITY
          for (let k = from + 1; k < to; k++) {
            const d = Math.abs(s.xs[k]! - xi)
            if (d < best) {
              best = d
              split = k
            }
          }
          branchAt = split
        }
      }
    }
    return { x, income, bound: baseValue + sol.value, branchMarket, branchAt }
  }

  const root: Node = {
    start: new Int32Array(n),
    end: Int32Array.from(sampled, (s) => s.xs.length - 1),
    bound: Number.POSITIVE_INFINITY,
  }
  let best: Evaluated | undefined
  let nodes = 0
  const open: Node[] = [root]
  let globalBound = Number.POSITIVE_INFINITY
  while (open.length > 0 && nodes < maxNodes) {
    // Best-first: the node with the highest bound.
    let bi = 0
    for (let k = 1; k < open.length; k++) if (open[k]!.bound > open[bi]!.bound) bi = k
    const node = open[bi]!
    open[bi] = open[open.length - 1]!
    open.pop()
    if (best && node.bound <= best.income + tol) continue
    nodes++
    const ev = evaluate(node)
    if (!ev) continue
    if (!best || ev.income > best.income) best = ev
    if (ev.branchMarket < 0 || ev.bound <= best.income + tol) continue
    const i = ev.branchMarket
    const left: Node = { start: node.start, end: Int32Array.from(node.end), bound: ev.bound }
    left.end[i] = ev.branchAt
    const right: Node = { start: Int32Array.from(node.start), end: node.end, bound: ev.bound }
    right.start[i] = ev.branchAt
    open.push(left, right)
  }
  if (!best) throw new InfeasibleAllocationError()
  globalBound = Math.max(best.income, ...open.map((o) => o.bound))
  return { x: best.x, income: best.income, upperBound: globalBound, nodes }
}

/** The bounds and rows leave no feasible allocation (callers check feasibility first; this is a backstop). */
export class InfeasibleAllocationError extends NonRetryableError {
  override readonly name = 'InfeasibleAllocationError'
  constructor() {
    super('no allocation satisfies every bound and group cap', {
      instruction:
        'Loosen the policy limits (group maxShare, buffers) so that the money that cannot move fits.',
    })
  }
}
