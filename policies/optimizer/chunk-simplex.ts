import { NonRetryableError } from '../../lib/errors.js'
import { type ChunkLp, type ChunkLpSolution, greedyFill } from './chunk-lp.js'
import { MaxHeap } from './heap.js'

const LOWER = 0
const UPPER = 1
const BASIC = 2

/** Reduced costs are rates (dimensionless); the `eps` of the solvers is an amount. */
const RATE_EPS = 1e-14

/**
 * The state of the bounded-variable simplex. Variable ids: a chunk is (market, chunk); the slack of row r
 * is (market -1, chunk r).
 */
type Simplex = {
  lp: ChunkLp
  /** Rows. */
  R: number
  /** Per market and chunk: LOWER, UPPER or BASIC. */
  state: Uint8Array[]
  /** Basic variable of each row. */
  basisMarket: Int32Array
  basisChunk: Int32Array
  /** Values of the basic variables. */
  xB: Float64Array
  slackBasic: Uint8Array
  /** Explicit basis inverse (few rows). */
  binv: Float64Array[]
  /** Per market: smallest chunk index at LOWER (or length), largest at UPPER (or -1). */
  lowIdx: Int32Array
  upIdx: Int32Array
  /** Column of each market (its chunks share it): budget row + its rows. */
  columns: Float64Array[]
  /** Markets with the same rows share a price: their row signature and one heap of candidates each. */
  sigOf: Int32Array
  sigRows: number[][]
  lowerHeaps: MaxHeap[]
  upperHeaps: MaxHeap[]
  /** Duals. */
  pi: Float64Array
}

/** The entering variable of an iteration: `direction` 1 leaves its lower bound, -1 its upper bound. */
type Entering = { market: number; chunk: number; direction: number }

/** Result of the ratio test: the step and the leaving row (-1: bound flip of the entering chunk). */
type Step = { theta: number; leave: number; leaveToUpper: boolean }

/** Where the simplex starts: the greedy fill (default, few pivots) or every chunk at zero (the slack basis). */
export type SimplexStart = 'greedy' | 'slack'

/**
 * Solves the LP exactly with a bounded-variable primal simplex (few rows, many columns). Pricing is per
 * market: a market's chunks share one column pattern, so the best candidate is its first chunk at the
 * lower bound or its last chunk at the upper bound.
 */
export function solveSimplex(lp: ChunkLp, eps: number, start: SimplexStart = 'greedy'): ChunkLpSolution {
  const s = initialBasis(lp, eps, start)
  const maxIterations = 50 * (lp.chunks.reduce((sum, c) => sum + c.length, 0) + s.R) + 1000
  let degenerate = 0
  // A bound flip leaves the basis, hence the duals, as they are: recompute them only after a pivot.
  // After a pivot the duals move by (reduced cost of the entering variable) x (new pivot row of the
  // basis inverse); a full recomputation every 32 pivots keeps rounding from piling up.
  let pivots = 0
  computeDuals(s)
  const w = new Float64Array(s.R)
  for (let iter = 0; iter < maxIterations; iter++) {
    // Bland's rule after a run of degenerate steps: no cycling.
    const entering = chooseEntering(s, degenerate > 50)
    if (!entering) break
    ftran(s, enteringColumn(s, entering), w)
    const step = ratioTest(s, entering, w)
    degenerate = step.theta <= eps ? degenerate + 1 : 0
    for (let r = 0; r < s.R; r++) s.xB[r] = s.xB[r]! - entering.direction * w[r]! * step.theta
    if (step.leave < 0) {
      // Bound flip of the entering chunk.
      setState(s, entering.market, entering.chunk, entering.direction > 0 ? UPPER : LOWER)
      if (entering.market >= 0) flipRun(s, entering.market, entering.direction, w)
      continue
    }
    const d = reducedCost(s, entering)
    pivot(s, entering, step, w)
    if (++pivots % 32 === 0) computeDuals(s)
    else {
      const row = s.binv[step.leave]!
      for (let j = 0; j < s.R; j++) s.pi[j] = s.pi[j]! + d * row[j]!
    }
  }
  return extractSolution(s)
}

/** The starting basis (the slack basis, or the greedy crash on it), candidates in their signature heaps. */
function initialBasis(lp: ChunkLp, eps: number, start: SimplexStart): Simplex {
  const n = lp.chunks.length
  const R = lp.rhs.length
  const sigOf = new Int32Array(n)
  const sigRows: number[][] = []
  const sigIndex = new Map<string, number>()
  for (let i = 0; i < n; i++) {
    const key = lp.rowsOf[i]!.join(',')
    let g = sigIndex.get(key)
    if (g === undefined) {
      g = sigRows.length
      sigIndex.set(key, g)
      sigRows.push(lp.rowsOf[i]!)
    }
    sigOf[i] = g
  }
  const s: Simplex = {
    lp,
    R,
    state: lp.chunks.map((c) => new Uint8Array(c.length)),
    basisMarket: new Int32Array(R).fill(-1),
    basisChunk: Int32Array.from({ length: R }, (_, r) => r),
    xB: Float64Array.from(lp.rhs),
    slackBasic: new Uint8Array(R).fill(1),
    binv: Array.from({ length: R }, (_, r) => unitVector(R, r)),
    lowIdx: new Int32Array(n),
    upIdx: new Int32Array(n).fill(-1),
    columns: Array.from({ length: n }, (_, i) => {
      const a = new Float64Array(R)
      a[0] = 1
      for (const r of lp.rowsOf[i]!) a[r] = 1
      return a
    }),
    sigOf,
    sigRows,
    lowerHeaps: sigRows.map(() => new MaxHeap()),
    upperHeaps: sigRows.map(() => new MaxHeap()),
    pi: new Float64Array(R),
  }
  if (start === 'greedy') crashFromGreedy(s, eps)
  for (let i = 0; i < n; i++) {
    refreshPointers(s, i)
    pushLower(s, i)
    pushUpper(s, i)
  }
  return s
}

/**
 * Starts the simplex from the greedy fill instead of all chunks at zero: full chunks at their upper bound,
 * each partial chunk basic in the row it used up. That basis is nonsingular (a later partial market is in
 * no row an earlier one used up, so the used-up rows in fill order form a unit triangle) and feasible; the
 * simplex then only corrects where the greedy is not optimal (rows that overlap), in far fewer pivots.
 */
function crashFromGreedy(s: Simplex, eps: number): void {
  const { lp, R } = s
  const greedy = greedyFill(lp, eps)
  const basisMarket = new Int32Array(R).fill(-1)
  for (const p of greedy.partials) basisMarket[p.row] = p.market
  const binv = invertColumns(Array.from(basisMarket, (m, r) => (m >= 0 ? s.columns[m]! : unitVector(R, r))))
  if (!binv) return // cannot happen (see above); the slack basis is always valid
  // Full chunks at their upper bound; b = rhs less their columns, so that xB = B^-1 b.
  const b = Float64Array.from(lp.rhs)
  for (let i = 0; i < lp.chunks.length; i++) {
    const chunks = lp.chunks[i]!
    const fill = greedy.fills[i]!
    const st = s.state[i]!
    let full = 0
    for (let k = 0; k < chunks.length && fill[k]! >= chunks.width[k]!; k++) {
      st[k] = UPPER
      full += chunks.width[k]!
    }
    if (full === 0) continue
    b[0] = b[0]! - full
    for (const r of lp.rowsOf[i]!) b[r] = b[r]! - full
  }
  for (const p of greedy.partials) {
    s.state[p.market]![p.chunk] = BASIC
    s.basisMarket[p.row] = p.market
    s.basisChunk[p.row] = p.chunk
    s.slackBasic[p.row] = 0
  }
  s.binv = binv
  ftran(s, b, s.xB)
}

/** The r-th unit vector of length R. */
function unitVector(R: number, r: number): Float64Array {
  const v = new Float64Array(R)
  v[r] = 1
  return v
}

/** The inverse of the matrix with these columns, as rows (Gauss-Jordan, partial pivoting); undefined if singular. */
function invertColumns(columns: Float64Array[]): Float64Array[] | undefined {
  const R = columns.length
  // a = B (rows), inv = I; row operations turn a into I and inv into B^-1.
  const a = Array.from({ length: R }, (_, r) => Float64Array.from(columns, (col) => col[r]!))
  const inv = Array.from({ length: R }, (_, r) => unitVector(R, r))
  for (let c = 0; c < R; c++) {
    let p = c
    for (let r = c + 1; r < R; r++) if (Math.abs(a[r]![c]!) > Math.abs(a[p]![c]!)) p = r
    if (Math.abs(a[p]![c]!) < 1e-12) return undefined
    ;[a[c], a[p]] = [a[p]!, a[c]!]
    ;[inv[c], inv[p]] = [inv[p]!, inv[c]!]
    const pa = a[c]!
    const pi = inv[c]!
    const f = pa[c]!
    for (let j = 0; j < R; j++) {
      pa[j] = pa[j]! / f
      pi[j] = pi[j]! / f
    }
    for (let r = 0; r < R; r++) {
      if (r === c) continue
      const g = a[r]![c]!
      if (g === 0) continue
      const ar = a[r]!
      const ir = inv[r]!
      for (let j = 0; j < R; j++) {
        ar[j] = ar[j]! - g * pa[j]!
        ir[j] = ir[j]! - g * pi[j]!
      }
    }
  }
  return inv
}

/** Recomputes market i's lowest LOWER and highest UPPER chunk. */
function refreshPointers(s: Simplex, i: number): void {
  const st = s.state[i]!
  let lo = 0
  while (lo < st.length && st[lo] !== LOWER) lo++
  s.lowIdx[i] = lo
  let up = st.length - 1
  while (up >= 0 && st[up] !== UPPER) up--
  s.upIdx[i] = up
}

/** Offers market i's lowest LOWER chunk to its signature's lower heap (keyed by slope). */
function pushLower(s: Simplex, i: number): void {
  const k = s.lowIdx[i]!
  if (k < s.lp.chunks[i]!.length) s.lowerHeaps[s.sigOf[i]!]!.push(s.lp.chunks[i]!.slope[k]!, i, k)
}

/** Offers market i's highest UPPER chunk to its signature's upper heap (keyed by negated slope). */
function pushUpper(s: Simplex, i: number): void {
  const k = s.upIdx[i]!
  if (k >= 0) s.upperHeaps[s.sigOf[i]!]!.push(-s.lp.chunks[i]!.slope[k]!, i, k)
}

/** Sets a chunk's state and keeps the market's pointers current (amortized O(1) for in-order fills). */
function setState(s: Simplex, i: number, k: number, value: number): void {
  const st = s.state[i]!
  st[k] = value
  const oldLow = s.lowIdx[i]!
  const oldUp = s.upIdx[i]!
  if (value === LOWER && k < s.lowIdx[i]!) s.lowIdx[i] = k
  else if (value !== LOWER && k === s.lowIdx[i]!) {
    let lo = k + 1
    while (lo < st.length && st[lo] !== LOWER) lo++
    s.lowIdx[i] = lo
  }
  if (value === UPPER && k > s.upIdx[i]!) s.upIdx[i] = k
  else if (value !== UPPER && k === s.upIdx[i]!) {
    let up = k - 1
    while (up >= 0 && st[up] !== UPPER) up--
    s.upIdx[i] = up
  }
  if (s.lowIdx[i] !== oldLow) pushLower(s, i)
  if (s.upIdx[i] !== oldUp) pushUpper(s, i)
}

/** Duals: pi = c_B^T B^-1. */
function computeDuals(s: Simplex): void {
  const { pi, R } = s
  pi.fill(0)
  for (let r = 0; r < R; r++) {
    const m = s.basisMarket[r]!
    const cost = m < 0 ? 0 : s.lp.chunks[m]!.slope[s.basisChunk[r]!]!
    if (cost === 0) continue
    const row = s.binv[r]!
    for (let j = 0; j < R; j++) pi[j] = pi[j]! + cost * row[j]!
  }
}

/** Reduced cost c_e - pi a_e of the entering variable (a chunk's slope less its market's price; -pi_r for a slack). */
function reducedCost(s: Simplex, e: Entering): number {
  if (e.market < 0) return -s.pi[e.chunk]!
  let price = s.pi[0]!
  for (const r of s.lp.rowsOf[e.market]!) price += s.pi[r]!
  return s.lp.chunks[e.market]!.slope[e.chunk]! - price
}

/** The best candidate so far while pricing (`market` -2: none yet). */
type Candidate = Entering & { score: number }

/**
 * Pricing: the variable with the largest reduced cost (Dantzig), or with `bland` the first improving one
 * (markets in order, then slacks). Undefined at the optimum.
 */
function chooseEntering(s: Simplex, bland: boolean): Entering | undefined {
  const best: Candidate = { score: RATE_EPS, market: -2, chunk: -1, direction: 1 }
  if (bland) priceMarketsBland(s, best)
  else priceMarketsByHeap(s, best)
  if (!(bland && best.market !== -2)) priceSlacks(s, best, bland)
  return best.market === -2 ? undefined : best
}

/** Dantzig pricing of the chunks: per row signature, the top of its lower and upper heaps. */
function priceMarketsByHeap(s: Simplex, best: Candidate): void {
  const { pi } = s
  for (let g = 0; g < s.sigRows.length; g++) {
    let price = pi[0]!
    for (const r of s.sigRows[g]!) price += pi[r]!
    const lh = s.lowerHeaps[g]!
    while (lh.size > 0 && s.lowIdx[lh.peekA()] !== lh.peekB()) lh.pop()
    if (lh.size > 0) {
      const d = lh.peekKey()! - price
      if (d > best.score) {
        best.score = d
        best.market = lh.peekA()
        best.chunk = lh.peekB()
        best.direction = 1
      }
    }
    const uh = s.upperHeaps[g]!
    while (uh.size > 0 && s.upIdx[uh.peekA()] !== uh.peekB()) uh.pop()
    if (uh.size > 0) {
      const d = price + uh.peekKey()!
      if (d > best.score) {
        best.score = d
        best.market = uh.peekA()
        best.chunk = uh.peekB()
        best.direction = -1
      }
    }
  }
}

/** Bland pricing of the chunks: the first market (in order) with an improving chunk. */
function priceMarketsBland(s: Simplex, best: Candidate): void {
  const { pi, lp } = s
  for (let i = 0; i < lp.chunks.length && best.market === -2; i++) {
    let price = pi[0]!
    for (const r of lp.rowsOf[i]!) price += pi[r]!
    const chunks = lp.chunks[i]!
    const lo = s.lowIdx[i]!
    if (lo < chunks.length && chunks.slope[lo]! - price > best.score) {
      best.market = i
      best.chunk = lo
      best.direction = 1
      continue
    }
    const up = s.upIdx[i]!
    if (up >= 0 && price - chunks.slope[up]! > best.score) {
      best.market = i
      best.chunk = up
      best.direction = -1
    }
  }
}

/** Pricing of the non-basic slacks (reduced cost -pi[r]); with `bland` the first improving one. */
function priceSlacks(s: Simplex, best: Candidate, bland: boolean): void {
  for (let r = 0; r < s.R; r++) {
    if (s.slackBasic[r]) continue
    const d = -s.pi[r]!
    if (d > best.score) {
      best.market = -1
      best.chunk = r
      best.direction = 1
      if (bland) return
      best.score = d
    }
  }
}

/** The constraint column of the entering variable. */
function enteringColumn(s: Simplex, e: Entering): Float64Array {
  return e.market >= 0 ? s.columns[e.market]! : unitVector(s.R, e.chunk)
}

/** w = B^-1 a (into `w`). */
function ftran(s: Simplex, a: Float64Array, w: Float64Array): void {
  const { R } = s
  for (let r = 0; r < R; r++) {
    let sum = 0
    const row = s.binv[r]!
    for (let j = 0; j < R; j++) sum += row[j]! * a[j]!
    w[r] = sum
  }
}

/**
 * Ratio test: how far the entering variable can move before a basic variable hits a bound (or the
 * entering chunk its other bound).
 *
 * @throws {UnboundedRelaxationError} when nothing bounds the step (a bug: every variable is bounded).
 */
function ratioTest(s: Simplex, e: Entering, w: Float64Array): Step {
  const { lp, xB } = s
  let theta = e.market >= 0 ? lp.chunks[e.market]!.width[e.chunk]! : Number.POSITIVE_INFINITY
  let leave = -1
  let leaveToUpper = false
  for (let r = 0; r < s.R; r++) {
    const delta = -e.direction * w[r]!
    if (Math.abs(delta) <= 1e-12) continue
    const m = s.basisMarket[r]!
    const upper = m < 0 ? Number.POSITIVE_INFINITY : lp.chunks[m]!.width[s.basisChunk[r]!]!
    const limit = delta < 0 ? xB[r]! / -delta : (upper - xB[r]!) / delta
    if (limit < theta) {
      theta = Math.max(0, limit)
      leave = r
      leaveToUpper = delta > 0
    }
  }
  if (!Number.isFinite(theta)) throw new UnboundedRelaxationError()
  return { theta, leave, leaveToUpper }
}

/**
 * After a bound flip the basis and prices are unchanged and the market's next chunk has the same
 * column: keep flipping its chunks while they improve and no basic variable blocks.
 */
function flipRun(s: Simplex, i: number, direction: number, w: Float64Array): void {
  const { lp, pi, xB, R } = s
  const hull = lp.chunks[i]!
  let price = pi[0]!
  for (const r of lp.rowsOf[i]!) price += pi[r]!
  // Each flip of width t moves every basic variable by -direction * w * t, so the room a row leaves
  // shrinks by exactly t: one ratio test gives the room for the whole run.
  let room = Number.POSITIVE_INFINITY
  for (let r = 0; r < R; r++) {
    const delta = -direction * w[r]!
    if (Math.abs(delta) <= 1e-12) continue
    const m = s.basisMarket[r]!
    const upper = m < 0 ? Number.POSITIVE_INFINITY : lp.chunks[m]!.width[s.basisChunk[r]!]!
    room = Math.min(room, delta < 0 ? xB[r]! / -delta : (upper - xB[r]!) / delta)
  }
  let moved = 0
  for (;;) {
    const k = direction > 0 ? s.lowIdx[i]! : s.upIdx[i]!
    if (k < 0 || k >= hull.length) break
    if (direction * (hull.slope[k]! - price) <= RATE_EPS) break
    const width = hull.width[k]!
    if (room - moved < width) break
    moved += width
    setState(s, i, k, direction > 0 ? UPPER : LOWER)
  }
  if (moved > 0) for (let r = 0; r < R; r++) xB[r] = xB[r]! - direction * w[r]! * moved
}

/** Basis change: the leaving variable goes to its bound, the entering one becomes basic in its row. */
function pivot(s: Simplex, e: Entering, step: Step, w: Float64Array): void {
  const { leave, theta } = step
  const lm = s.basisMarket[leave]!
  const lc = s.basisChunk[leave]!
  if (lm < 0) s.slackBasic[lc] = 0
  else setState(s, lm, lc, step.leaveToUpper ? UPPER : LOWER)
  let enteringValue: number
  if (e.market >= 0) {
    const width = s.lp.chunks[e.market]!.width[e.chunk]!
    enteringValue = e.direction > 0 ? theta : width - theta
    setState(s, e.market, e.chunk, BASIC)
  } else {
    enteringValue = theta
    s.slackBasic[e.chunk] = 1
  }
  s.basisMarket[leave] = e.market
  s.basisChunk[leave] = e.chunk
  s.xB[leave] = enteringValue
  const { R, binv } = s
  const pivotValue = w[leave]!
  const pivotRow = binv[leave]!
  for (let j = 0; j < R; j++) pivotRow[j] = pivotRow[j]! / pivotValue
  for (let r = 0; r < R; r++) {
    if (r === leave) continue
    const f = w[r]!
    if (f === 0) continue
    const row = binv[r]!
    for (let j = 0; j < R; j++) row[j] = row[j]! - f * pivotRow[j]!
  }
}

/** Fills from the final basis: UPPER chunks full, basic chunks at their value (clamped), and the value. */
function extractSolution(s: Simplex): ChunkLpSolution {
  const { lp } = s
  const n = lp.chunks.length
  const fills = lp.chunks.map((c) => new Float64Array(c.length))
  for (let i = 0; i < n; i++) {
    const st = s.state[i]!
    const chunks = lp.chunks[i]!
    for (let k = 0; k < chunks.length; k++) {
      if (st[k] === UPPER) fills[i]![k] = chunks.width[k]!
    }
  }
  for (let r = 0; r < s.R; r++) {
    const m = s.basisMarket[r]!
    if (m >= 0) {
      const c = s.basisChunk[r]!
      fills[m]![c] = Math.min(lp.chunks[m]!.width[c]!, Math.max(0, s.xB[r]!))
    }
  }
  let value = 0
  for (let i = 0; i < n; i++) {
    const chunks = lp.chunks[i]!
    for (let k = 0; k < chunks.length; k++) value += chunks.slope[k]! * fills[i]![k]!
  }
  return { fills, value }
}

/** The chunk LP has no finite optimum: a bug (every variable is bounded by its chunk width and the budget). */
export class UnboundedRelaxationError extends NonRetryableError {
  override readonly name = 'UnboundedRelaxationError'
  constructor() {
    super('the allocation relaxation is unbounded', {
      instruction: 'Report this as a bug with the snapshot and policy.',
    })
  }
}
