import { ApplicationFailure, TemporalFailure } from '@temporalio/common'
import { BaseError } from 'viem'
import { NonRetryableError, RetryableError } from '../lib/errors.js'
import { classifyTransportError } from '../lib/transport-errors.js'
import { redactSecrets } from './tx/redact.js'

export { NON_RETRYABLE_ERROR_TYPES } from '../lib/non-retryable.js'

/** Failure type of transport-level problems (HTTP errors, timeouts, closed sockets, node-side RPC errors). */
export const RPC_FAILURE_TYPE = 'RpcError'

function messageOf(error: unknown): string {
  if (error instanceof BaseError) return error.shortMessage
  if (error instanceof Error) return error.message
  return String(error)
}

/**
 * The one place where thrown errors become Temporal failures:
 * - `NonRetryableError` subclasses -> non-retryable `ApplicationFailure` typed with the class name;
 * - `RetryableError` subclasses -> retryable, typed with the class name;
 * - viem transport / RPC / timeout errors (any verdict of `classifyTransportError`, even a final one:
 *   the step that sent the request decides finality, e.g. a simulation revert) -> retryable `RpcError`;
 * - an `ApplicationFailure` passes through; anything else -> retryable, typed with its name
 *   (every step we run is idempotent, so a retry is safe).
 * Messages are redacted (registered secrets, URL paths and queries) and carry no stack trace.
 */
export function toActivityFailure(error: unknown): ApplicationFailure {
  if (error instanceof ApplicationFailure) return error
  if (error instanceof NonRetryableError || error instanceof RetryableError) {
    const context = (error as { context?: unknown }).context
    return ApplicationFailure.create({
      type: error.name,
      message: redactSecrets(error.message),
      nonRetryable: error instanceof NonRetryableError,
      details:
        context === undefined
          ? []
          : [
              JSON.parse(
                redactSecrets(JSON.stringify(context, (_k, v) => (typeof v === 'bigint' ? v.toString() : v))),
              ),
            ],
    })
  }
  if (classifyTransportError(error) !== undefined) {
    return ApplicationFailure.create({
      type: RPC_FAILURE_TYPE,
      message: redactSecrets(messageOf(error)),
      nonRetryable: false,
    })
  }
  const type = error instanceof Error ? error.name : 'UnknownError'
  return ApplicationFailure.create({ type, message: redactSecrets(messageOf(error)), nonRetryable: false })
}

/**
 * Wraps an activity so every error it throws goes through {@link toActivityFailure}.
 * Temporal failures (e.g. the `CancelledFailure` of a cancelled activity) are rethrown unchanged.
 */
export function asActivity<Args extends unknown[], Result>(
  fn: (...args: Args) => Promise<Result>,
): (...args: Args) => Promise<Result> {
  const wrapped = async (...args: Args): Promise<Result> => {
    try {
      return await fn(...args)
    } catch (error) {
      if (error instanceof TemporalFailure) throw error
      throw toActivityFailure(error)
    }
  }
  Object.defineProperty(wrapped, 'name', { value: fn.name })
  return wrapped
}
