/**
 * Unit conversions of the market readers: base units -> whole USD strings (<= 6 decimals, rounded down),
 * ray / WAD -> fractions.
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

/** `amount` token base units (of a token with `decimals`) as micro-USD (1e-6), rounded down, at par. */
export function toMicroUsd(amount: bigint, decimals: number): bigint {
  if (amount < 0n) throw new RangeError(`negative amount ${amount}`)
  if (decimals >= 6) return amount / 10n ** BigInt(decimals - 6)
  return amount * 10n ** BigInt(6 - decimals)
}

/** Micro-USD as a decimal string of whole USD without trailing zeros, e.g. `1500000` or `12.5`. */
export function formatMicroUsd(micro: bigint): string {
  if (micro < 0n) throw new RangeError(`negative amount ${micro}`)
  const whole = micro / 1_000_000n
  const fraction = (micro % 1_000_000n).toString().padStart(6, '0').replace(/0+$/, '')
  return fraction === '' ? whole.toString() : `${whole}.${fraction}`
}

/** `amount` base units as a whole-USD decimal string (<= 6 decimals, rounded down). */
export function toUsd(amount: bigint, decimals: number): string {
  return formatMicroUsd(toMicroUsd(amount, decimals))
}

/** A ray value as a fraction (1e27 = 1): the double nearest to the exact decimal value. */
export function rayToFraction(value: bigint): number {
  return Number(formatUnits(value, 27))
}

/** A WAD value as a fraction (1e18 = 1): the double nearest to the exact decimal value. */
export function wadToFraction(value: bigint): number {
  return Number(formatUnits(value, 18))
}
