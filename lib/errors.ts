import { escapeControlChars } from './safe-text.js'

/**
 * Error taxonomy shared by every layer. Each failure mode is its own class with a fixed `name`,
 * the context an operator needs, and an instruction that says how to fix it.
 *
 * - {@link NonRetryableError}: retrying cannot help (bad input, revert, policy violation).
 * - {@link RetryableError}: may succeed if tried again (RPC timeout, server not up yet).
 *
 * Activities translate these into Temporal `ApplicationFailure`s at one boundary
 * (`activities/failure.ts`), using `name` as the failure type.
 */
export abstract class SllError extends Error {
  /** One line: what went wrong. */
  readonly shortMessage: string
  /** What the operator should do about it. */
  readonly instruction: string | undefined
  /** Whether a retry of the same operation may succeed. */
  abstract readonly retryable: boolean

  constructor(shortMessage: string, options: { instruction?: string; cause?: unknown } = {}) {
    const message = options.instruction ? `${shortMessage}\n  -> ${options.instruction}` : shortMessage
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.shortMessage = shortMessage
    this.instruction = options.instruction
  }
}

/** A failure that a retry cannot fix. */
export abstract class NonRetryableError extends SllError {
  readonly retryable = false
}

/** A failure that may go away if the same operation is tried again. */
export abstract class RetryableError extends SllError {
  readonly retryable = true
}

/**
 * Formats any thrown value for an operator (no stack trace). Messages may quote untrusted input (a file
 * name, a YAML key, an RPC response): control characters other than newlines are escaped so that nothing
 * printed can drive the terminal.
 */
export function describeError(error: unknown): string {
  return escapeControlChars(error instanceof Error ? error.message : String(error), { keepNewlines: true })
}
