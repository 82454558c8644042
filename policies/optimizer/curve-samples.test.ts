import { describe, expect, test } from 'vitest'
import { incomeAfter } from '../rate-models.js'
import { seededRandom } from '../testing/random-scenario.js'
import { sampleCurve, withPoints } from './curve-samples.js'
import type { AllocationVariable } from './optimize.js'

function randomVariable(seed: number): AllocationVariable {
  const random = seededRandom(seed)
  const supply = 1e7 + random() * 5e8
  const position = supply * random() * 0.5
  const state = {
    totalSupply: supply,
    totalBorrow: supply * (0.5 + random() * 0.45),
    position,
    rateModel: {
      kind: 'kinked' as const,
      baseRate: 0,
      slope1: 0.04,
      slope2: 0.8,
      optimalUtilization: 0.9,
      reserveFactor: 0.1,
    },
  }
  return {
    income: (x) => incomeAfter(state, x),
    lo: random() < 0.3 ? position * random() : 0,
    hi: supply * (0.2 + random()),
    linear: false,
    supplyOffset: supply - position,
    hints: [position],
  }
}

describe('withPoints', () => {
  test('behavior: adding points to a sampled curve = sampling with those points as hints', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const v = randomVariable(seed)
      const random = seededRandom(1000 + seed)
      const centre = v.lo + (v.hi - v.lo) * random()
      const step = (v.hi - v.lo) / 5000
      // A local grid around a point, partly outside the domain near its ends.
      const points = Array.from({ length: 129 }, (_, k) => centre + (k - 64) * step)
      if (seed % 4 === 0) points.push(v.hi - 1e-12, v.lo - 1, v.hi + 1)
      const merged = withPoints(v, sampleCurve(v, 480), points)
      const direct = sampleCurve({ ...v, hints: [...v.hints, ...points] }, 480)
      expect(Array.from(merged.xs), `seed ${seed}`).toEqual(Array.from(direct.xs))
      expect(Array.from(merged.fs), `seed ${seed}`).toEqual(Array.from(direct.fs))
      expect(merged.xs[0]).toBe(v.lo)
      expect(merged.xs[merged.xs.length - 1]).toBe(v.hi)
      expect(merged.hull.length).toBe(direct.hull.length)
    }
  })
})
