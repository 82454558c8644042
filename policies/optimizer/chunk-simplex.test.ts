import { describe, expect, test } from 'vitest'
import { seededRandom } from '../testing/random-scenario.js'
import { type ChunkLp, type ChunkLpSolution, solveGreedy } from './chunk-lp.js'
import { solveSimplex } from './chunk-simplex.js'
import type { Hull } from './hull.js'

/** A hull of `k` chunks with decreasing slopes (the last ones may be negative) and random widths. */
function randomHull(random: () => number, k: number): Hull {
  const slopes = Array.from({ length: k }, () => random() * 0.1 - 0.01).sort((a, b) => b - a)
  // Ties (equal slopes across markets and chunks) make the LP degenerate: keep some.
  if (k > 1 && random() < 0.3) slopes[1] = slopes[0]!
  return {
    length: k,
    from: Int32Array.from({ length: k }, (_, i) => i),
    to: Int32Array.from({ length: k }, (_, i) => i + 1),
    slope: Float64Array.from(slopes),
    width: Float64Array.from({ length: k }, () => (random() < 0.1 ? 0 : 1 + random() * 99)),
  }
}

/** Markets in overlapping rows (not laminar) with caps that bind, and a budget. */
function randomLp(seed: number): ChunkLp {
  const random = seededRandom(seed)
  const n = 2 + Math.floor(random() * 7)
  const chunks = Array.from({ length: n }, () => randomHull(random, 1 + Math.floor(random() * 6)))
  const rowCount = 1 + Math.floor(random() * 5)
  const rowsOf: number[][] = Array.from({ length: n }, () => [])
  const rhs = [random() * 60 * n]
  for (let r = 1; r <= rowCount; r++) {
    for (let i = 0; i < n; i++) if (random() < 0.5) rowsOf[i]!.push(r)
    rhs.push(random() < 0.1 ? 0 : random() * 150)
  }
  return { chunks, rowsOf, rhs }
}

/** Largest violation of a bound or a row by a solution (0 when feasible). */
function violation(lp: ChunkLp, sol: ChunkLpSolution): number {
  const used = new Array(lp.rhs.length).fill(0)
  let worst = 0
  lp.chunks.forEach((hull, i) => {
    let total = 0
    for (let k = 0; k < hull.length; k++) {
      const f = sol.fills[i]![k]!
      worst = Math.max(worst, -f, f - hull.width[k]!)
      total += f
    }
    used[0] += total
    for (const r of lp.rowsOf[i]!) used[r] += total
  })
  lp.rhs.forEach((cap, r) => {
    worst = Math.max(worst, used[r] - cap)
  })
  return worst
}

describe('solveSimplex', () => {
  test('behavior: the greedy start reaches the optimum of the slack start, feasibly, where greedy alone falls short', () => {
    let greedyShort = 0
    for (let seed = 1; seed <= 400; seed++) {
      const lp = randomLp(seed)
      const fromGreedy = solveSimplex(lp, 1e-9)
      const fromSlack = solveSimplex(lp, 1e-9, 'slack')
      const greedy = solveGreedy(lp, 1e-9)
      const scale = Math.max(1, Math.abs(fromSlack.value))
      expect(Math.abs(fromGreedy.value - fromSlack.value) / scale, `seed ${seed}`).toBeLessThan(1e-9)
      expect(violation(lp, fromGreedy), `seed ${seed}`).toBeLessThan(1e-7)
      expect(violation(lp, fromSlack), `seed ${seed}`).toBeLessThan(1e-7)
      // The greedy fill is feasible, so never above the optimum.
      expect(greedy.value, `seed ${seed}`).toBeLessThanOrEqual(fromGreedy.value + 1e-9 * scale)
      if (greedy.value < fromGreedy.value - 1e-6 * scale) greedyShort++
    }
    // Overlapping rows make the greedy fill suboptimal often: the simplex's corrections are exercised.
    expect(greedyShort).toBeGreaterThan(40)
  })

  test('default: laminar rows (one group inside the budget): the simplex is the greedy optimum', () => {
    const lp: ChunkLp = {
      chunks: [
        randomHull(seededRandom(1), 3),
        randomHull(seededRandom(2), 4),
        randomHull(seededRandom(3), 2),
      ],
      rowsOf: [[1], [1], []],
      rhs: [120, 50],
    }
    expect(solveSimplex(lp, 1e-9).value).toBeCloseTo(solveGreedy(lp, 1e-9).value, 9)
  })
})
