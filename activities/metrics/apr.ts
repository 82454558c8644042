import type { MarketState } from '../../policies/rate-models.js'
import { incomeAfter, supplyRateAfter } from '../../policies/rate-models.js'
import type { SnapshotMarket } from '../../policies/snapshot.js'

function stateOf(m: SnapshotMarket): MarketState {
  return {
    totalSupply: Number(m.totalSupply),
    totalBorrow: Number(m.totalBorrow),
    position: Number(m.position),
    rateModel: m.rateModel,
  }
}

/** Supply rate (fraction) we earn in the market at our current position, as the engine computes it. */
export function currentSupplyRate(m: SnapshotMarket): number {
  const state = stateOf(m)
  return supplyRateAfter(state, state.position)
}

/**
 * APR (fraction) of a live allocation, defined exactly as the engine's `plan.summary.currentApr`: annual
 * interest of every position at its current rate (`incomeAfter`) over all managed money (positions + idle;
 * idle earns nothing). 0 when nothing is managed.
 */
export function allocationApr(
  markets: readonly SnapshotMarket[],
  idleUsd: readonly string[],
): {
  apr: number
  managedUsd: number
  interestUsd: number
} {
  const interestUsd = markets.reduce((s, m) => s + incomeAfter(stateOf(m), Number(m.position)), 0)
  const managedUsd =
    markets.reduce((s, m) => s + Number(m.position), 0) + idleUsd.reduce((s, v) => s + Number(v), 0)
  return { apr: managedUsd > 0 ? interestUsd / managedUsd : 0, managedUsd, interestUsd }
}

/**
 * Position-weighted mean rate per group; groups without money get the plain mean of their rates (so the
 * rate is visible before anything is deposited).
 */
export function weightedRates<K extends string>(
  rows: readonly { group: K; weight: number; rate: number }[],
): Map<K, number> {
  const acc = new Map<K, { w: number; wr: number; n: number; r: number }>()
  for (const row of rows) {
    const a = acc.get(row.group) ?? { w: 0, wr: 0, n: 0, r: 0 }
    a.w += row.weight
    a.wr += row.weight * row.rate
    a.n += 1
    a.r += row.rate
    acc.set(row.group, a)
  }
  return new Map([...acc].map(([k, a]) => [k, a.w > 0 ? a.wr / a.w : a.r / a.n]))
}
