import { RetryableError } from './errors.js'

/**
 * The Temporal server could not be reached or did not answer in time: the one "Temporal unreachable"
 * error of the worker, the CLI and the scripts that start a dev server. Retryable: starting the server
 * (or fixing `TEMPORAL_ADDRESS`) and running again helps.
 */
export class TemporalUnreachableError extends RetryableError {
  override readonly name = 'TemporalUnreachableError'
}
