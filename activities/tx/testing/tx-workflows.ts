/**
 * Test-only workflows that drive the transaction activities through a real Temporal server
 * (see `activities/tx/retry.temporal.test.ts`). Not registered on the production worker.
 */
import { ActivityFailure, ApplicationFailure, proxyActivities } from '@temporalio/workflow'
import type { SubmitTransactionInput, SubmittedTransaction } from '../submit.js'

/** The activity the test worker registers. */
export type TxTestActivities = {
  submitTransaction: (input: SubmitTransactionInput) => Promise<SubmittedTransaction>
}

const { submitTransaction } = proxyActivities<TxTestActivities>({
  startToCloseTimeout: '1 minute',
  heartbeatTimeout: '30 seconds',
  retry: {
    initialInterval: '50 milliseconds',
    backoffCoefficient: 1,
    maximumAttempts: 4,
    nonRetryableErrorTypes: ['TransactionRevertedError', 'NonceConsumedByOtherError'],
  },
})

/** Submits one transaction; returns the result or the failure type of the activity. */
export async function submitOnceWorkflow(
  input: SubmitTransactionInput,
): Promise<{ ok: SubmittedTransaction } | { failureType: string }> {
  try {
    return { ok: await submitTransaction(input) }
  } catch (error) {
    if (error instanceof ActivityFailure && error.cause instanceof ApplicationFailure) {
      return { failureType: error.cause.type ?? 'unknown' }
    }
    throw error
  }
}
