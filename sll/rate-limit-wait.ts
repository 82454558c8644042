/**
 * Pure arithmetic of the executor's rate-limit gate: how far a key's capacity falls short of a step's draw,
 * how long its slope needs to make that up, and the bound a move may wait for it. No I/O, clock or env:
 * callers pass the chain's block time and the configured bound.
 *
 * @module
 */
import { NonRetryableError } from '../lib/errors.js'
import { currentRateLimit, isUnlimited, type RateLimitData } from './rate-limits.js'

/** Default bound of a move's total wait for rate-limit regeneration: 15 minutes. */
export const DEFAULT_RATE_LIMIT_MAX_WAIT_SECONDS = 900

/** Largest accepted bound (a day): a longer wait holds money idle that a later cycle can plan better. */
export const MAX_RATE_LIMIT_MAX_WAIT_SECONDS = 86_400

/** A key's capacity against what a step draws from it, at the chain's block time. */
export type RateLimitShortfall = {
  /** Capacity now (`getCurrentRateLimit` at `nowSeconds`). */
  capacity: bigint
  /** What the step draws. */
  needed: bigint
  /** `needed - capacity` (positive). */
  shortfall: bigint
  slope: bigint
  maxAmount: bigint
  /**
   * Seconds until the slope has regenerated the shortfall, `ceil(shortfall / slope)`; `null` when it never
   * will (slope 0, or `needed` above `maxAmount`).
   */
  waitSeconds: bigint | null
}

/**
 * The shortfall of a key for a draw of `needed` at `nowSeconds`, or `undefined` when it fits (or the key is
 * unlimited). A key with `maxAmount` 0 is not handled here (the caller raises "unset" first).
 *
 * @example
 * rateLimitShortfall({ maxAmount: 100n, slope: 2n, lastAmount: 10n, lastUpdated: 0n }, 25n, 0n)
 * // { capacity: 10n, needed: 25n, shortfall: 15n, slope: 2n, maxAmount: 100n, waitSeconds: 8n }
 */
export function rateLimitShortfall(
  data: RateLimitData,
  needed: bigint,
  nowSeconds: bigint,
): RateLimitShortfall | undefined {
  if (isUnlimited(data)) return undefined
  const capacity = currentRateLimit(data, nowSeconds)
  if (needed <= capacity) return undefined
  const shortfall = needed - capacity
  const never = data.slope === 0n || needed > data.maxAmount
  return {
    capacity,
    needed,
    shortfall,
    slope: data.slope,
    maxAmount: data.maxAmount,
    waitSeconds: never ? null : (shortfall + data.slope - 1n) / data.slope,
  }
}

/** `SLL_RATE_LIMIT_MAX_WAIT` is not a duration the executor accepts. */
export class RateLimitWaitConfigError extends NonRetryableError {
  override readonly name = 'RateLimitWaitConfigError'
}

/**
 * Parses the bound of a move's total rate-limit wait: whole seconds (`900`) or a duration with unit
 * `s` / `m` / `h` (`90s`, `15m`, `1h`), 0 .. 1 day; `undefined` or empty gives the default (15 minutes).
 * 0 means never wait: a step short of capacity parks the move at once.
 *
 * @param source where the value came from, named in the error (e.g. `SLL_RATE_LIMIT_MAX_WAIT`).
 * @throws {RateLimitWaitConfigError} naming `source` and the accepted forms.
 */
export function parseRateLimitMaxWait(value: string | undefined, source: string): number {
  if (value === undefined || value.trim() === '') return DEFAULT_RATE_LIMIT_MAX_WAIT_SECONDS
  const match = /^(\d{1,6})(s|m|h)?$/.exec(value.trim())
  const unit: Record<string, number> = { s: 1, m: 60, h: 3600 }
  const seconds = match ? Number(match[1]) * (unit[match[2] ?? 's'] ?? Number.NaN) : Number.NaN
  if (!Number.isSafeInteger(seconds) || seconds > MAX_RATE_LIMIT_MAX_WAIT_SECONDS) {
    throw new RateLimitWaitConfigError(`${source}=${JSON.stringify(value)} is not a wait bound`, {
      instruction: `Set ${source} to whole seconds or a duration such as 90s, 15m or 1h (0 .. 24h), or unset it for the default 15m.`,
    })
  }
  return seconds
}
