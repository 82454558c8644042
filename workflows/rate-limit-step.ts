/**
 * How a move workflow reads a step's rate-limit refusal (deterministic: only the recorded failure). The
 * step's pre-send gate (`activities/moves/rate-limit-gate.ts`) reports a shortfall with the exact
 * regeneration wait; a key set to 0 meanwhile is `RateLimitKeyUnsetError`; a capacity that fell between
 * the gate and the simulation (`RateLimitCapacityExceededError`, nothing signed) has no numbers: the step
 * is gated again after a second.
 *
 * @module
 */
import { ActivityFailure, ApplicationFailure } from '@temporalio/workflow'
import type { RateLimitShortfallContext } from '../activities/moves/rate-limit-gate.js'

/** Why a move parked on a rate limit. */
export type RateLimitParkReason = 'rate-limited' | 'rate-limit-unset'

/** A step's rate-limit refusal as the workflow sees it. */
export type RateLimitRefusal =
  | { kind: 'shortfall'; context: RateLimitShortfallContext }
  | { kind: 'unset'; message: string; context: { chain?: string; key?: string; label?: string } }
  | { kind: 'race'; message: string }

/** The refusal behind a failed step activity, or `undefined` for any other failure. */
export function rateLimitRefusal(error: unknown): RateLimitRefusal | undefined {
  const cause = error instanceof ActivityFailure ? error.cause : undefined
  if (!(cause instanceof ApplicationFailure)) return undefined
  const details = (cause.details?.[0] ?? {}) as Record<string, unknown>
  if (cause.type === 'RateLimitShortfallError')
    return { kind: 'shortfall', context: details as unknown as RateLimitShortfallContext }
  if (cause.type === 'RateLimitKeyUnsetError')
    return { kind: 'unset', message: cause.message, context: details as { chain?: string } }
  if (cause.type === 'RateLimitCapacityExceededError') return { kind: 'race', message: cause.message }
  return undefined
}

/**
 * One line for the outcome and memo: chain, key, what it guards, capacity, needed, slope, and how long the
 * move waited of its bound.
 *
 * @example
 * rateLimitedText(ctx, 0) // 'base: AAVE_DEPOSIT(base/aave/USDC) (0x…) capacity 10 < needed 25 (slope 2/s, maxAmount 100): …'
 */
export function rateLimitedText(context: RateLimitShortfallContext, waitedSeconds: number): string {
  const regen =
    context.waitSeconds === null
      ? 'never regenerates enough (slope 0 or needed above maxAmount)'
      : `needs ${context.waitSeconds} s more to regenerate`
  return (
    `${context.chain}: ${context.label} (${context.key}) capacity ${context.capacity} < needed ${context.needed} ` +
    `(slope ${context.slope}/s, maxAmount ${context.maxAmount}) for ${context.functionName}: ${regen}; ` +
    `waited ${waitedSeconds} s of the ${context.maxWaitSeconds} s bound (SLL_RATE_LIMIT_MAX_WAIT)`
  )
}

/** Whether a move that already waited `waitedSeconds` may wait for this shortfall (else it parks). */
export function mayWait(context: RateLimitShortfallContext, waitedSeconds: number): boolean {
  return context.waitSeconds !== null && waitedSeconds + Number(context.waitSeconds) <= context.maxWaitSeconds
}
