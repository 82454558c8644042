import type { ActivityOptions } from '@temporalio/workflow'
import { NON_RETRYABLE_ERROR_TYPES } from '../lib/non-retryable.js'

/** Failure types no activity retry can fix (one list for workflows and activities). */
export const NON_RETRYABLE_TYPES: string[] = [...NON_RETRYABLE_ERROR_TYPES]

/**
 * Reads of a move (route, bridge-send lookup): a dead RPC gives up after 6 attempts (~30 s of backoff) or
 * 5 minutes in all, and the move ends `failed` (nothing moved) or `parked` with the step, chain and RPC
 * error in its outcome, instead of retrying forever.
 */
export const moveReadOptions: ActivityOptions = {
  startToCloseTimeout: '1 minute',
  scheduleToCloseTimeout: '5 minutes',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '30 seconds',
    maximumAttempts: 6,
    nonRetryableErrorTypes: NON_RETRYABLE_TYPES,
  },
}

/**
 * Transaction steps: sign once per step (journal + heartbeat), so a retry is always safe. The heartbeat
 * timeout lets another worker take over quickly after a crash. Bounded: 8 attempts (~2 min of backoff;
 * each attempt waits up to 2 min for its receipt) or 30 minutes in all; then the move parks where its
 * money is, naming the step and the last error (dead RPC, unfunded RELAYER, stuck nonce).
 */
export const moveTransactionOptions: ActivityOptions = {
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '10 seconds',
  scheduleToCloseTimeout: '30 minutes',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '1 minute',
    maximumAttempts: 8,
    nonRetryableErrorTypes: NON_RETRYABLE_TYPES,
  },
}

/**
 * Delivery is polled: each attempt long-polls for a few seconds (heartbeating) and fails (benign) until
 * the message has arrived; the retry policy spaces out further attempts, for at most a day (then the
 * move parks in flight, with the GUID). Final failures (Scan's FAILED / BLOCKED) stop at once.
 */
export const moveDeliveryOptions: ActivityOptions = {
  startToCloseTimeout: '15 seconds',
  heartbeatTimeout: '5 seconds',
  scheduleToCloseTimeout: '24 hours',
  retry: {
    initialInterval: '500 milliseconds',
    backoffCoefficient: 1.5,
    maximumInterval: '15 seconds',
    nonRetryableErrorTypes: NON_RETRYABLE_TYPES,
  },
}
