import { maxUint256 } from 'viem'
import { NonRetryableError } from '../lib/errors.js'

/** On-chain `RateLimits.RateLimitData` (amounts in the key's token units; slope per second). */
export type RateLimitData = {
  maxAmount: bigint
  slope: bigint
  lastAmount: bigint
  lastUpdated: bigint
}

/** `triggerRateLimitDecrease` would revert: the key was never set (or was set to zero). */
export class ZeroMaxAmountError extends NonRetryableError {
  override readonly name = 'ZeroMaxAmountError'
  constructor() {
    super('RateLimits/zero-maxAmount: the rate-limit key is not set', {
      instruction:
        'The venue or route is not onboarded to the SLL: governance must set its rate limit first.',
    })
  }
}

/** `triggerRateLimitDecrease` would revert: the amount exceeds the current capacity. */
export class RateLimitExceededError extends NonRetryableError {
  override readonly name = 'RateLimitExceededError'
  readonly amount: bigint
  readonly current: bigint
  constructor(amount: bigint, current: bigint) {
    super(`RateLimits/rate-limit-exceeded: amount ${amount} > current capacity ${current}`, {
      instruction: 'Move at most the current capacity, or wait until the slope regenerates enough.',
    })
    this.amount = amount
    this.current = current
  }
}

function minBigint(a: bigint, b: bigint): bigint {
  if (a < b) return a
  return b
}

/** True for a key set with `setUnlimitedRateLimitData`. */
export function isUnlimited(data: RateLimitData): boolean {
  return data.maxAmount === maxUint256
}

/**
 * The capacity of a key at `nowSeconds`, as `RateLimits.getCurrentRateLimit` computes it:
 * `maxAmount == max ? max : min(slope * (now - lastUpdated) + lastAmount, maxAmount)`.
 * A time before `lastUpdated` (a stale clock) counts as no time passed.
 */
export function currentRateLimit(data: RateLimitData, nowSeconds: bigint): bigint {
  if (isUnlimited(data)) return maxUint256
  const elapsed = nowSeconds > data.lastUpdated ? nowSeconds - data.lastUpdated : 0n
  return minBigint(data.slope * elapsed + data.lastAmount, data.maxAmount)
}

/**
 * The data after `triggerRateLimitDecrease(key, amount)` at `nowSeconds`. Unlimited keys are unchanged.
 * @throws {ZeroMaxAmountError} when `maxAmount` is 0 (a key never set).
 * @throws {RateLimitExceededError} when `amount` exceeds the current capacity.
 */
export function afterDecrease(data: RateLimitData, amount: bigint, nowSeconds: bigint): RateLimitData {
  if (data.maxAmount === 0n) throw new ZeroMaxAmountError()
  if (isUnlimited(data)) return data
  const current = currentRateLimit(data, nowSeconds)
  if (amount > current) throw new RateLimitExceededError(amount, current)
  return { ...data, lastAmount: current - amount, lastUpdated: nowSeconds }
}

/**
 * The data after `triggerRateLimitIncrease(key, amount)` at `nowSeconds`: capacity grows by `amount`,
 * capped at `maxAmount`. Unlimited keys are unchanged.
 * @throws {ZeroMaxAmountError} when `maxAmount` is 0 (a key never set).
 */
export function afterIncrease(data: RateLimitData, amount: bigint, nowSeconds: bigint): RateLimitData {
  if (data.maxAmount === 0n) throw new ZeroMaxAmountError()
  if (isUnlimited(data)) return data
  const current = currentRateLimit(data, nowSeconds)
  return { ...data, lastAmount: minBigint(current + amount, data.maxAmount), lastUpdated: nowSeconds }
}

/** Seconds until the key can take `amount` again (0 if it can now; `null` if never: amount > max or slope 0). */
export function secondsUntilAvailable(
  data: RateLimitData,
  amount: bigint,
  nowSeconds: bigint,
): bigint | null {
  const current = currentRateLimit(data, nowSeconds)
  if (amount <= current) return 0n
  if (amount > data.maxAmount || data.slope === 0n) return null
  return (amount - current + data.slope - 1n) / data.slope
}
