/**
 * Rates of the spec rate models as simple annual fractions, for display and for checking a converted model
 * against the pools' own rates. The curves are the planner's (`policies/rate-models.ts`), so the tests that
 * compare them with on-chain rates also check what the optimizer uses.
 *
 * @module
 */
export { borrowRate, supplyRate } from '../../policies/rate-models.js'

/** Utilization `totalBorrow / totalSupply` in [0, 1] (0 for an empty market). */
export function utilization(totalSupply: number, totalBorrow: number): number {
  if (totalSupply <= 0) return 0
  return Math.min(1, Math.max(0, totalBorrow / totalSupply))
}
