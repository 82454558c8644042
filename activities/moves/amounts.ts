import { NonRetryableError } from '../../lib/errors.js'

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
