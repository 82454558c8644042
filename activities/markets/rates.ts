/**
 * Supply and borrow rates of the spec rate models (`spec/plan-cli.md`), as simple annual fractions.
 * Used to show APRs and to cross-check a converted model against the pool's own current rate.
 *
 * @module
 */
import type { RateModel } from '../../policies/snapshot.js'

/** Utilization `totalBorrow / totalSupply` in [0, 1] (0 for an empty market). */
export function utilization(totalSupply: number, totalBorrow: number): number {
  if (totalSupply <= 0) return 0
  return Math.min(1, Math.max(0, totalBorrow / totalSupply))
}

/** Borrow rate of `model` at utilization `u` (the fixed model has no borrowers: its rate). */
export function borrowRate(model: RateModel, u: number): number {
  switch (model.kind) {
    case 'kinked': {
      const { baseRate, slope1, slope2, optimalUtilization: opt } = model
      if (u <= opt) return baseRate + (slope1 * u) / opt
      return baseRate + slope1 + (slope2 * (u - opt)) / (1 - opt)
    }
    case 'adaptive-curve': {
      const t = model.targetUtilization
      const k = model.curveSteepness
      const err = u <= t ? (u - t) / t : (u - t) / (1 - t)
      const factor = err < 0 ? 1 + (1 - 1 / k) * err : 1 + (k - 1) * err
      return model.rateAtTarget * factor
    }
    case 'fixed':
      return model.rate
  }
}

/** Supply rate (simple APR) of `model` at utilization `u`: borrowRate * u * (1 - fee), or the fixed rate. */
export function supplyRate(model: RateModel, u: number): number {
  switch (model.kind) {
    case 'kinked':
      return borrowRate(model, u) * u * (1 - model.reserveFactor)
    case 'adaptive-curve':
      return borrowRate(model, u) * u * (1 - model.fee)
    case 'fixed':
      return model.rate
  }
}
