import { NonRetryableError } from '../../lib/errors.js'
import { MaxHeap } from './heap.js'
import type { Hull } from './hull.js'

/**
 * The concave relaxation as a linear program over hull chunks:
 * maximize sum(slope * fill) subject to 0 <= fill <= width per chunk and, per row r,
 * sum of fills of the markets in row r <= rhs[r]. Row 0 is the budget (every market).
 */
export type ChunkLp = {
  /** Hull chunks per market, slopes decreasing. */
  chunks: Hull[]
  /** Rows (besides the budget row 0) each market belongs to, as row indices >= 1. */
  rowsOf: number[][]
  /** Right-hand sides; rhs[0] is the budget. */
  rhs: number[]
}

/** Solution of a {@link ChunkLp}: how much of each chunk is filled. */
export type ChunkLpSolution = { fills: Float64Array[]; value: number }

/**
 * Solves the LP when the rows form a laminar family (nested or disjoint sets): the feasible set is then
 * a polymatroid and filling chunks greedily by decreasing slope is optimal.
 */
export function solveGreedy(lp: ChunkLp, eps: number): ChunkLpSolution {
  const n = lp.chunks.length
  const fills = lp.chunks.map((c) => new Float64Array(c.length))
  const remaining = lp.rhs.slice()
  const next = new Int32Array(n)
  // Max-heap of markets keyed by the slope of their next chunk.
  const heap: number[] = []
  const key = (i: number) => lp.chunks[i]!.slope[next[i]!]!
  const push = (i: number) => {
    heap.push(i)
    let k = heap.length - 1
    while (k > 0) {
      const p = (k - 1) >> 1
      if (key(heap[p]!) >= key(heap[k]!)) break
      ;[heap[p], heap[k]] = [heap[k]!, heap[p]!]
      k = p
    }
  }
  const pop = (): number => {
    const top = heap[0]!
    const last = heap.pop()!
    if (heap.length > 0) {
      heap[0] = last
      let k = 0
      for (;;) {
        const l = 2 * k + 1
        const r = l + 1
        let m = k
        if (l < heap.length && key(heap[l]!) > key(heap[m]!)) m = l
        if (r < heap.length && key(heap[r]!) > key(heap[m]!)) m = r
        if (m === k) break
        ;[heap[m], heap[k]] = [heap[k]!, heap[m]!]
        k = m
      }
    }
    return top
  }
  for (let i = 0; i < n; i++) if (lp.chunks[i]!.length > 0 && lp.chunks[i]!.slope[0]! > 0) push(i)
  let value = 0
  while (heap.length > 0) {
    const i = pop()
    const c = next[i]!
    const hull = lp.chunks[i]!
    const width = hull.width[c]!
    const slope = hull.slope[c]!
    let room = Math.min(width, remaining[0]!)
    for (const r of lp.rowsOf[i]!) room = Math.min(room, remaining[r]!)
    if (room <= eps) continue
    fills[i]![c] = room
    value += room * slope
    remaining[0] = remaining[0]! - room
    for (const r of lp.rowsOf[i]!) remaining[r] = remaining[r]! - room
    if (room < width) continue
    next[i] = c + 1
    if (c + 1 < lp.chunks[i]!.length && lp.chunks[i]!.slope[c + 1]! > 0) push(i)
  }
  return { fills, value }
}

/** Whether the rows (as sets of markets) are laminar: every two are disjoint or nested. */
export function isLaminar(rowsOf: number[][], rowCount: number): boolean {
  const members: Set<number>[] = Array.from({ length: rowCount }, () => new Set<number>())
  rowsOf.forEach((rows, i) => {
    for (const r of rows) members[r]!.add(i)
  })
  for (let a = 1; a < rowCount; a++) {
    for (let b = a + 1; b < rowCount; b++) {
      const A = members[a]!
      const B = members[b]!
      let shared = 0
      for (const i of A) if (B.has(i)) shared++
      if (shared > 0 && shared < A.size && shared < B.size) return false
    }
  }
  return true
}

const LOWER = 0
const UPPER = 1
const BASIC = 2

/**
 * Solves the LP exactly with a bounded-variable primal simplex (few rows, many columns). Pricing is per
 * market: a market's chunks share one column pattern, so the best candidate is its first chunk at the
 * lower bound or its last chunk at the upper bound.
 */
export function solveSimplex(lp: ChunkLp, eps: number): ChunkLpSolution {
  /** Reduced costs are rates (dimensionless); `eps` is an amount. */
  const rateEps = 1e-14
  const n = lp.chunks.length
  const R = lp.rhs.length
  const fills = lp.chunks.map((c) => new Float64Array(c.length))
  const state = lp.chunks.map((c) => new Uint8Array(c.length))
  // Basis: variable per row. Variable ids: chunk -> {market, chunk}; slack r -> {market: -1, chunk: r}.
  const basisMarket = new Int32Array(R).fill(-1)
  const basisChunk = Int32Array.from({ length: R }, (_, r) => r)
  const xB = Float64Array.from(lp.rhs)
  const slackBasic = new Uint8Array(R).fill(1)
  const binv: Float64Array[] = Array.from({ length: R }, (_, r) => {
    const row = new Float64Array(R)
    row[r] = 1
    return row
  })
  const lowIdx = new Int32Array(n) // smallest chunk index at LOWER (or length)
  const upIdx = new Int32Array(n).fill(-1) // largest chunk index at UPPER (or -1)
  const column = (i: number): Float64Array => {
    const a = new Float64Array(R)
    a[0] = 1
    for (const r of lp.rowsOf[i]!) a[r] = 1
    return a
  }
  const columns = Array.from({ length: n }, (_, i) => column(i))
  const refreshPointers = (i: number) => {
    const s = state[i]!
    let lo = 0
    while (lo < s.length && s[lo] !== LOWER) lo++
    lowIdx[i] = lo
    let up = s.length - 1
    while (up >= 0 && s[up] !== UPPER) up--
    upIdx[i] = up
  }
  /** Sets a chunk's state and keeps the market's pointers current (amortized O(1) for in-order fills). */
  const setState = (i: number, k: number, value: number) => {
    const s = state[i]!
    s[k] = value
    const oldLow = lowIdx[i]!
    const oldUp = upIdx[i]!
    if (value === LOWER && k < lowIdx[i]!) lowIdx[i] = k
    else if (value !== LOWER && k === lowIdx[i]!) {
      let lo = k + 1
      while (lo < s.length && s[lo] !== LOWER) lo++
      lowIdx[i] = lo
    }
    if (value === UPPER && k > upIdx[i]!) upIdx[i] = k
    else if (value !== UPPER && k === upIdx[i]!) {
      let up = k - 1
      while (up >= 0 && s[up] !== UPPER) up--
      upIdx[i] = up
    }
    if (lowIdx[i] !== oldLow) pushLower(i)
    if (upIdx[i] !== oldUp) pushUpper(i)
  }
  // Markets with the same rows share a price: one heap of candidates per row signature.
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
  const lowerHeaps = sigRows.map(() => new MaxHeap())
  const upperHeaps = sigRows.map(() => new MaxHeap())
  function pushLower(i: number) {
    const k = lowIdx[i]!
    if (k < lp.chunks[i]!.length) lowerHeaps[sigOf[i]!]!.push(lp.chunks[i]!.slope[k]!, i, k)
  }
  function pushUpper(i: number) {
    const k = upIdx[i]!
    if (k >= 0) upperHeaps[sigOf[i]!]!.push(-lp.chunks[i]!.slope[k]!, i, k)
  }
  for (let i = 0; i < n; i++) {
    refreshPointers(i)
    pushLower(i)
    pushUpper(i)
  }
  const pi = new Float64Array(R)
  /**
   * After a bound flip the basis and prices are unchanged and the market's next chunk has the same
   * column: keep flipping its chunks while they improve and no basic variable blocks.
   */
  const flipRun = (i: number, direction: number, w: Float64Array) => {
    const hull = lp.chunks[i]!
    let price = pi[0]!
    for (const r of lp.rowsOf[i]!) price += pi[r]!
    for (;;) {
      const k = direction > 0 ? lowIdx[i]! : upIdx[i]!
      if (k < 0 || k >= hull.length) return
      if (direction * (hull.slope[k]! - price) <= rateEps) return
      const width = hull.width[k]!
      for (let r = 0; r < R; r++) {
        const delta = -direction * w[r]!
        if (Math.abs(delta) <= 1e-12) continue
        const m = basisMarket[r]!
        const upper = m < 0 ? Number.POSITIVE_INFINITY : lp.chunks[m]!.width[basisChunk[r]!]!
        const limit = delta < 0 ? xB[r]! / -delta : (upper - xB[r]!) / delta
        if (limit < width) return
      }
      for (let r = 0; r < R; r++) xB[r] = xB[r]! - direction * w[r]! * width
      setState(i, k, direction > 0 ? UPPER : LOWER)
    }
  }
  const maxIterations = 50 * (lp.chunks.reduce((s, c) => s + c.length, 0) + R) + 1000
  let degenerate = 0
  for (let iter = 0; iter < maxIterations; iter++) {
    // Duals: pi = c_B^T B^-1.
    pi.fill(0)
    for (let r = 0; r < R; r++) {
      const m = basisMarket[r]!
      const cost = m < 0 ? 0 : lp.chunks[m]!.slope[basisChunk[r]!]!
      if (cost === 0) continue
      const row = binv[r]!
      for (let j = 0; j < R; j++) pi[j] = pi[j]! + cost * row[j]!
    }
    const bland = degenerate > 50
    let bestScore = rateEps
    let enterMarket = -2
    let enterChunk = -1
    let direction = 1
    if (!bland) {
      for (let g = 0; g < sigRows.length; g++) {
        let price = pi[0]!
        for (const r of sigRows[g]!) price += pi[r]!
        const lh = lowerHeaps[g]!
        while (lh.size > 0 && lowIdx[lh.peekA()] !== lh.peekB()) lh.pop()
        if (lh.size > 0) {
          const d = lh.peekKey()! - price
          if (d > bestScore) {
            bestScore = d
            enterMarket = lh.peekA()
            enterChunk = lh.peekB()
            direction = 1
          }
        }
        const uh = upperHeaps[g]!
        while (uh.size > 0 && upIdx[uh.peekA()] !== uh.peekB()) uh.pop()
        if (uh.size > 0) {
          const d = price + uh.peekKey()!
          if (d > bestScore) {
            bestScore = d
            enterMarket = uh.peekA()
            enterChunk = uh.peekB()
            direction = -1
          }
        }
      }
    }
    for (let i = 0; bland && i < n && enterMarket === -2; i++) {
      let price = pi[0]!
      for (const r of lp.rowsOf[i]!) price += pi[r]!
      const chunks = lp.chunks[i]!
      const lo = lowIdx[i]!
      if (lo < chunks.length) {
        const d = chunks.slope[lo]! - price
        if (d > bestScore) {
          bestScore = bland ? rateEps : d
          enterMarket = i
          enterChunk = lo
          direction = 1
        }
      }
      const up = upIdx[i]!
      if (up >= 0 && !(bland && enterMarket === i)) {
        const d = price - chunks.slope[up]!
        if (d > bestScore) {
          bestScore = bland ? rateEps : d
          enterMarket = i
          enterChunk = up
          direction = -1
        }
      }
    }
    for (let r = 0; r < R && !(bland && enterMarket !== -2); r++) {
      if (slackBasic[r]) continue
      const d = -pi[r]!
      if (d > bestScore) {
        bestScore = bland ? rateEps : d
        enterMarket = -1
        enterChunk = r
        direction = 1
      }
    }
    if (enterMarket === -2) {
      break
    }
    const a =
      enterMarket >= 0
        ? columns[enterMarket]!
        : Float64Array.from({ length: R }, (_, j) => (j === enterChunk ? 1 : 0))
    const w = new Float64Array(R)
    for (let r = 0; r < R; r++) {
      let s = 0
      const row = binv[r]!
      for (let j = 0; j < R; j++) s += row[j]! * a[j]!
      w[r] = s
    }
    let theta = enterMarket >= 0 ? lp.chunks[enterMarket]!.width[enterChunk]! : Number.POSITIVE_INFINITY
    let leave = -1
    let leaveToUpper = false
    for (let r = 0; r < R; r++) {
      const delta = -direction * w[r]!
      if (Math.abs(delta) <= 1e-12) continue
      const m = basisMarket[r]!
      const upper = m < 0 ? Number.POSITIVE_INFINITY : lp.chunks[m]!.width[basisChunk[r]!]!
      const limit = delta < 0 ? xB[r]! / -delta : (upper - xB[r]!) / delta
      if (limit < theta) {
        theta = Math.max(0, limit)
        leave = r
        leaveToUpper = delta > 0
      }
    }
    if (!Number.isFinite(theta)) throw new UnboundedRelaxationError()
    degenerate = theta <= eps ? degenerate + 1 : 0
    for (let r = 0; r < R; r++) xB[r] = xB[r]! - direction * w[r]! * theta
    if (leave < 0) {
      // Bound flip of the entering chunk.
      setState(enterMarket, enterChunk, direction > 0 ? UPPER : LOWER)
      if (enterMarket >= 0) flipRun(enterMarket, direction, w)
      continue
    }
    // Leaving variable goes to its bound.
    const lm = basisMarket[leave]!
    const lc = basisChunk[leave]!
    if (lm < 0) slackBasic[lc] = 0
    else {
      setState(lm, lc, leaveToUpper ? UPPER : LOWER)
    }
    // Entering becomes basic in row `leave`.
    let enteringValue: number
    if (enterMarket >= 0) {
      const width = lp.chunks[enterMarket]!.width[enterChunk]!
      enteringValue = direction > 0 ? theta : width - theta
      setState(enterMarket, enterChunk, BASIC)
    } else {
      enteringValue = theta
      slackBasic[enterChunk] = 1
    }
    basisMarket[leave] = enterMarket
    basisChunk[leave] = enterChunk
    xB[leave] = enteringValue
    const pivot = w[leave]!
    const pivotRow = binv[leave]!
    for (let j = 0; j < R; j++) pivotRow[j] = pivotRow[j]! / pivot
    for (let r = 0; r < R; r++) {
      if (r === leave) continue
      const f = w[r]!
      if (f === 0) continue
      const row = binv[r]!
      for (let j = 0; j < R; j++) row[j] = row[j]! - f * pivotRow[j]!
    }
  }
  let value = 0
  for (let i = 0; i < n; i++) {
    const s = state[i]!
    const chunks = lp.chunks[i]!
    for (let k = 0; k < chunks.length; k++) {
      if (s[k] === UPPER) fills[i]![k] = chunks.width[k]!
    }
  }
  for (let r = 0; r < R; r++) {
    const m = basisMarket[r]!
    if (m >= 0)
      fills[m]![basisChunk[r]!] = Math.min(lp.chunks[m]!.width[basisChunk[r]!]!, Math.max(0, xB[r]!))
  }
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
