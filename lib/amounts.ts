/**
 * Amounts, defined once: micro-USD (`bigint`, 1e-6 USD; plan amounts are exact in it), whole-USD decimal
 * strings, and token base units. Every conversion says which way it rounds. Pure: the engine, the market
 * readers and the move steps all use it.
 *
 * @module
 */
import { NonRetryableError } from './errors.js'

/** Micro-USD (1e-6 USD) as bigint: plan amounts are exact in this unit (at most 6 decimals). */
export type Micro = bigint

/** Parses a non-negative decimal string (any number of decimals, truncated to 6) into micro-USD. */
export function toMicro(decimal: string): Micro {
  const [whole = '0', frac = ''] = decimal.trim().split('.')
  return BigInt(whole || '0') * 1_000_000n + BigInt(`${frac}000000`.slice(0, 6))
}

/** Micro-USD of a float USD amount, rounded down. */
export function floatToMicroFloor(usd: number): Micro {
  return BigInt(Math.floor(usd * 1e6))
}

/** Micro-USD of a float USD amount, rounded up. */
export function floatToMicroCeil(usd: number): Micro {
  return BigInt(Math.ceil(usd * 1e6))
}

/** Formats micro-USD as a decimal string with exactly 6 decimals ("123.000000"). */
export function formatMicro(micro: Micro): string {
  const negative = micro < 0n
  const abs = negative ? -micro : micro
  const whole = abs / 1_000_000n
  const frac = (abs % 1_000_000n).toString().padStart(6, '0')
  return `${negative ? '-' : ''}${whole}.${frac}`
}

/** Micro-USD as a float in USD. */
export function microToNumber(micro: Micro): number {
  return Number(micro) / 1e6
}

/** The smaller of two micro-USD amounts (Math.min does not take bigint). */
export function minMicro(a: Micro, b: Micro): Micro {
  if (a < b) return a
  return b
}

/** A USD amount that is not a non-negative decimal string. */
export class InvalidAmountError extends NonRetryableError {
  override readonly name = 'InvalidAmountError'
}

/**
 * Converts a whole-USD decimal string (stablecoins at par) to token base units, rounding DOWN
 * (a move never takes more than planned).
 */
export function usdToUnits(amountUsd: string, decimals: number): bigint {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(amountUsd)
  if (!match) {
    throw new InvalidAmountError(`amount ${JSON.stringify(amountUsd)} is not a decimal string`, {
      instruction: 'Pass amounts as decimal strings such as "1500000.25".',
    })
  }
  const whole = match[1] ?? '0'
  const fraction = (match[2] ?? '').slice(0, decimals).padEnd(decimals, '0')
  return BigInt(whole) * 10n ** BigInt(decimals) + BigInt(fraction === '' ? '0' : fraction)
}

/** Rescales base units between decimals, rounding DOWN. */
export function rescaleUnits(amount: bigint, fromDecimals: number, toDecimals: number): bigint {
  if (toDecimals >= fromDecimals) return amount * 10n ** BigInt(toDecimals - fromDecimals)
  return amount / 10n ** BigInt(fromDecimals - toDecimals)
}

/** `amount` token base units (of a token with `decimals`) as micro-USD (1e-6), rounded down, at par. */
export function toMicroUsd(amount: bigint, decimals: number): bigint {
  if (amount < 0n) throw new RangeError(`negative amount ${amount}`)
  return rescaleUnits(amount, decimals, 6)
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
