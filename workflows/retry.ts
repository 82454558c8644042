import { NON_RETRYABLE_ERROR_TYPES } from '../lib/non-retryable.js'

/** Failure types no activity retry can fix (one list for workflows and activities). */
export const NON_RETRYABLE_TYPES: string[] = [...NON_RETRYABLE_ERROR_TYPES]
