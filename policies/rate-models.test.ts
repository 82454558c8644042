import { describe, expect, test } from 'vitest'
import {
  aprToApy,
  apyToApr,
  borrowRate,
  incomeAfter,
  linearPieces,
  supplyRate,
  utilizationAfter,
} from './rate-models.js'
import type { RateModel } from './snapshot.js'

const kinked: RateModel = {
  kind: 'kinked',
  baseRate: 0.01,
  slope1: 0.04,
  slope2: 0.6,
  optimalUtilization: 0.9,
  reserveFactor: 0.1,
}
const adaptive: RateModel = {
  kind: 'adaptive-curve',
  rateAtTarget: 0.05,
  fee: 0.1,
  targetUtilization: 0.9,
  curveSteepness: 4,
}

describe('rate models', () => {
  test('default: kinked (Aave V3 / SparkLend) per the spec', () => {
    expect(borrowRate(kinked, 0)).toBeCloseTo(0.01, 12)
    expect(borrowRate(kinked, 0.45)).toBeCloseTo(0.01 + 0.02, 12)
    expect(borrowRate(kinked, 0.9)).toBeCloseTo(0.05, 12)
    expect(borrowRate(kinked, 0.95)).toBeCloseTo(0.05 + 0.3, 12)
    expect(borrowRate(kinked, 1)).toBeCloseTo(0.65, 12)
    expect(supplyRate(kinked, 0.8)).toBeCloseTo((0.01 + (0.04 * 0.8) / 0.9) * 0.8 * 0.9, 12)
  })

  test('behavior: adaptive curve (Morpho AdaptiveCurveIrm) per the spec', () => {
    expect(borrowRate(adaptive, 0.9)).toBeCloseTo(0.05, 12)
    expect(borrowRate(adaptive, 0)).toBeCloseTo(0.05 / 4, 12)
    expect(borrowRate(adaptive, 1)).toBeCloseTo(0.05 * 4, 12)
    expect(borrowRate(adaptive, 0.45)).toBeCloseTo(0.05 * (1 + 0.75 * -0.5), 12)
    expect(supplyRate(adaptive, 0.95)).toBeCloseTo(0.05 * (1 + 3 * 0.5) * 0.95 * 0.9, 12)
  })

  test('behavior: fixed rate does not depend on size', () => {
    const fixed: RateModel = { kind: 'fixed', rate: 0.045 }
    expect(supplyRate(fixed, 0)).toBe(0.045)
    expect(incomeAfter({ totalSupply: 10, totalBorrow: 0, position: 5, rateModel: fixed }, 1e6)).toBeCloseTo(
      45_000,
      6,
    )
  })

  test('behavior: linear pieces reproduce the borrow curve', () => {
    for (const model of [kinked, adaptive]) {
      for (const piece of linearPieces(model)) {
        for (const u of [piece.fromU, (piece.fromU + piece.toU) / 2, piece.toU]) {
          expect(piece.intercept + piece.slope * u).toBeCloseTo(borrowRate(model, u), 12)
        }
      }
    }
  })

  test('behavior: utilization after holding x, capped at 1', () => {
    const m = { totalSupply: 100, totalBorrow: 80, position: 20, rateModel: kinked }
    expect(utilizationAfter(m, 20)).toBeCloseTo(0.8, 12)
    expect(utilizationAfter(m, 120)).toBeCloseTo(0.4, 12)
    expect(utilizationAfter(m, 0)).toBe(1)
  })

  test('behavior: APR <-> APY round trip (daily and continuous compounding)', () => {
    expect(aprToApy(0.05, 365)).toBeCloseTo(0.051267, 6)
    expect(aprToApy(0.05)).toBeCloseTo(Math.expm1(0.05), 12)
    for (const apr of [0, 0.01, 0.05, 0.3]) {
      expect(apyToApr(aprToApy(apr, 365), 365)).toBeCloseTo(apr, 12)
      expect(apyToApr(aprToApy(apr))).toBeCloseTo(apr, 12)
    }
  })
})
