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
  const { fills, value } = greedyFill(lp, eps)
  return { fills, value }
}

/** A chunk the greedy filled only in part, and the row whose room it used up. */
export type PartialFill = { market: number; chunk: number; row: number }

/**
 * Fills chunks by decreasing slope within every row's room. Optimal when the rows are laminar; otherwise a
 * feasible start. Each partial fill uses up one row (a distinct one: a row with no room fills nothing more).
 */
export function greedyFill(lp: ChunkLp, eps: number): ChunkLpSolution & { partials: PartialFill[] } {
  const n = lp.chunks.length
  const fills = lp.chunks.map((c) => new Float64Array(c.length))
  const remaining = lp.rhs.slice()
  const partials: PartialFill[] = []
  // Markets keyed by the slope of their next chunk; a market is in the heap at most once.
  const heap = new MaxHeap()
  for (let i = 0; i < n; i++) {
    if (lp.chunks[i]!.length > 0 && lp.chunks[i]!.slope[0]! > 0) heap.push(lp.chunks[i]!.slope[0]!, i, 0)
  }
  let value = 0
  let i = -1
  let c = 0
  for (;;) {
    // Keep filling the same market while its next chunk is no worse than the best other one.
    if (i < 0) {
      if (heap.size === 0) break
      i = heap.peekA()
      c = heap.peekB()
      heap.pop()
    }
    const hull = lp.chunks[i]!
    const width = hull.width[c]!
    let room = width
    let limit = -1
    if (remaining[0]! < room) {
      room = remaining[0]!
      limit = 0
    }
    for (const r of lp.rowsOf[i]!) {
      if (remaining[r]! < room) {
        room = remaining[r]!
        limit = r
      }
    }
    if (room <= eps) {
      i = -1
      continue
    }
    fills[i]![c] = room
    value += room * hull.slope[c]!
    remaining[0] = remaining[0]! - room
    for (const r of lp.rowsOf[i]!) remaining[r] = remaining[r]! - room
    if (limit >= 0) {
      partials.push({ market: i, chunk: c, row: limit })
      i = -1
      continue
    }
    const next = c + 1 < hull.length ? hull.slope[c + 1]! : 0
    if (!(next > 0)) i = -1
    else if (heap.size > 0 && heap.peekKey()! > next) {
      heap.push(next, i, c + 1)
      i = -1
    } else c++
  }
  return { fills, value, partials }
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
