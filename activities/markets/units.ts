/**
 * Rate units of the market readers: ray / WAD -> fractions (amounts: `lib/amounts.ts`).
 *
 * @module
 */
import { formatUnits } from 'viem'

/** 1e27: Aave rates and indexes, the savings rate. */
export const RAY = 10n ** 27n
/** 1e18: Morpho rates and fees. */
export const WAD = 10n ** 18n
/** Seconds in the 365-day year both Aave and Morpho use. */
export const SECONDS_PER_YEAR = 31_536_000n

/** A ray value as a fraction (1e27 = 1): the double nearest to the exact decimal value. */
export function rayToFraction(value: bigint): number {
  return Number(formatUnits(value, 27))
}

/** A WAD value as a fraction (1e18 = 1): the double nearest to the exact decimal value. */
export function wadToFraction(value: bigint): number {
  return Number(formatUnits(value, 18))
}
