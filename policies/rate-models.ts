import type { RateModel } from './snapshot.js'

/**
 * Rate models of `docs/plan-cli.md`, as pure functions of utilization. All rates are simple annual
 * rates (fractions, 0.04 = 4%).
 *
 * Every size-dependent model is piecewise linear in utilization U: borrowRate(U) = a + b*U on at most
 * two pieces split at the kink / target. {@link linearPieces} exposes those pieces; the optimizer uses
 * them to write income in closed form.
 */

/** One piece of a borrow curve: borrowRate(U) = intercept + slope * U for U in [fromU, toU]. */
export type BorrowPiece = { fromU: number; toU: number; intercept: number; slope: number }

/** The borrow curve of a size-dependent model as its linear pieces (ascending U, covering [0, 1]). */
export function linearPieces(model: RateModel): BorrowPiece[] {
  switch (model.kind) {
    case 'kinked': {
      const { baseRate, slope1, slope2, optimalUtilization: o } = model
      return [
        { fromU: 0, toU: o, intercept: baseRate, slope: slope1 / o },
        {
          fromU: o,
          toU: 1,
          intercept: baseRate + slope1 - (slope2 * o) / (1 - o),
          slope: slope2 / (1 - o),
        },
      ]
    }
    case 'adaptive-curve': {
      const { rateAtTarget: r, targetUtilization: t, curveSteepness: k } = model
      // err < 0: r * (1 + (1 - 1/k) * (U - t)/t); err >= 0: r * (1 + (k - 1) * (U - t)/(1 - t)).
      const lowSlope = (r * (1 - 1 / k)) / t
      const highSlope = (r * (k - 1)) / (1 - t)
      return [
        { fromU: 0, toU: t, intercept: r - lowSlope * t, slope: lowSlope },
        { fromU: t, toU: 1, intercept: r - highSlope * t, slope: highSlope },
      ]
    }
    case 'fixed':
      return [{ fromU: 0, toU: 1, intercept: model.rate, slope: 0 }]
  }
}

/** Share of interest that reaches suppliers (1 - reserve factor / fee). */
export function supplierShare(model: RateModel): number {
  switch (model.kind) {
    case 'kinked':
      return 1 - model.reserveFactor
    case 'adaptive-curve':
      return 1 - model.fee
    case 'fixed':
      return 1
  }
}

/** Borrow rate at utilization `u` (clamped to [0, 1]). For `fixed` it is the fixed rate. */
export function borrowRate(model: RateModel, u: number): number {
  const uu = Math.min(1, Math.max(0, u))
  switch (model.kind) {
    case 'kinked': {
      const { baseRate, slope1, slope2, optimalUtilization: o } = model
      return uu <= o ? baseRate + (slope1 * uu) / o : baseRate + slope1 + (slope2 * (uu - o)) / (1 - o)
    }
    case 'adaptive-curve': {
      const { rateAtTarget: r, targetUtilization: t, curveSteepness: k } = model
      const err = uu <= t ? (uu - t) / t : (uu - t) / (1 - t)
      return err < 0 ? r * (1 + (1 - 1 / k) * err) : r * (1 + (k - 1) * err)
    }
    case 'fixed':
      return model.rate
  }
}

/** Supply rate at utilization `u`: borrowRate(U) * U * (1 - reserve factor / fee); `fixed`: the rate. */
export function supplyRate(model: RateModel, u: number): number {
  if (model.kind === 'fixed') return model.rate
  const uu = Math.min(1, Math.max(0, u))
  return borrowRate(model, uu) * uu * supplierShare(model)
}

/** Market state the rate of a position depends on (whole USD). */
export type MarketState = { totalSupply: number; totalBorrow: number; position: number; rateModel: RateModel }

/** Utilization after we hold `x` in the market: totalBorrow / (totalSupply - position + x), capped at 1. */
export function utilizationAfter(market: MarketState, x: number): number {
  const supply = market.totalSupply - market.position + x
  if (supply <= 0) return market.totalBorrow > 0 ? 1 : 0
  return Math.min(1, market.totalBorrow / supply)
}

/** Supply rate we earn after holding `x` in the market. */
export function supplyRateAfter(market: MarketState, x: number): number {
  return supplyRate(market.rateModel, utilizationAfter(market, x))
}

/** Annual interest (USD per year) of holding `x` in the market: x * supplyRate(U(x)). */
export function incomeAfter(market: MarketState, x: number): number {
  return x * supplyRateAfter(market, x)
}

/** APY of a simple annual rate compounded `periodsPerYear` times (default: continuously). */
export function aprToApy(apr: number, periodsPerYear = Number.POSITIVE_INFINITY): number {
  return Number.isFinite(periodsPerYear) ? (1 + apr / periodsPerYear) ** periodsPerYear - 1 : Math.expm1(apr)
}

/** Simple annual rate of an APY compounded `periodsPerYear` times (default: continuously). */
export function apyToApr(apy: number, periodsPerYear = Number.POSITIVE_INFINITY): number {
  return Number.isFinite(periodsPerYear)
    ? periodsPerYear * ((1 + apy) ** (1 / periodsPerYear) - 1)
    : Math.log1p(apy)
}
