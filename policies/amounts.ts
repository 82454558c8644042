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
