import {
  type Client,
  WorkflowExecutionAlreadyStartedError,
  WorkflowUpdateFailedError,
} from '@temporalio/client'
import type { Address } from 'viem'
import { NonRetryableError, RetryableError } from '../../lib/errors.js'
import {
  nonceOwner,
  nonceOwnerStateQuery,
  nonceOwnerWorkflowId,
  type RecordedTransaction,
  type ReservedNonce,
  type ReserveNonceInput,
  recordSignedUpdate,
  releaseNonceSignal,
  reserveNonceUpdate,
  transactionConfirmedSignal,
} from '../../workflows/nonce-owner.js'

/**
 * Where a (chain, signer)'s nonces and signed bytes are kept when several workers on several hosts send
 * from it: the nonce-owner workflow (`workflows/nonce-owner.ts`). `submitTransaction` signs only a nonce
 * reserved here, and broadcasts only bytes recorded here.
 */
export type NonceLedger = {
  /** Workflow id of the owner (for logs and errors). */
  readonly ownerId: string
  /** Same key -> same nonce (and the recorded bytes once signed). Waits while another key holds a lease. */
  reserve: (input: ReserveNonceInput) => Promise<ReservedNonce>
  /** Records the signed bytes of the key's reservation; throws {@link NonceLeaseLostError} if it lapsed. */
  recordSigned: (tx: RecordedTransaction) => Promise<void>
  /** Gives an unsigned reservation back (nothing was signed). */
  release: (key: string) => Promise<void>
  /** The key's transaction reached its depth. */
  confirmed: (key: string) => Promise<void>
  /** The signed bytes recorded under `key`, if any (read-only: a query, starts nothing). */
  recorded: (key: string) => Promise<`0x${string}` | undefined>
}

/** The owner handed the reservation to another key (it stayed unsigned past its lease). Nothing was sent. */
export class NonceLeaseLostError extends RetryableError {
  override readonly name = 'NonceLeaseLostError'
  constructor(readonly context: { ownerId: string; idempotencyKey: string; nonce: number; detail: string }) {
    super(
      `Nonce ${context.nonce} of ${context.ownerId} is no longer reserved for ${context.idempotencyKey}: ${context.detail}`,
      {
        instruction:
          'Nothing was broadcast; the retry reserves a fresh nonce. If this repeats, the step takes longer than the ' +
          'lease between reserving and signing (slow RPC): check the chain endpoint.',
      },
    )
  }
}

/** The nonce owner workflow of a signer is closed (terminated): a fresh one would forget signed keys. */
export class NonceOwnerClosedError extends NonRetryableError {
  override readonly name = 'NonceOwnerClosedError'
  constructor(readonly context: { ownerId: string }) {
    super(
      `The nonce owner workflow ${context.ownerId} is closed; no transaction can be signed from its signer`,
      {
        instruction:
          'Someone terminated it. Do not start a fresh one blindly: its history holds the signed transactions. ' +
          'Reset it (`temporal workflow reset`) to its last workflow task, or, after checking every step on chain, ' +
          'start it again with the carried state of its last run.',
      },
    )
  }
}

/** The nonce ledger of (chainId, signer) served by Temporal, started on first use on `taskQueue`. */
export function temporalNonceLedger(
  client: Client,
  taskQueue: string,
  chainId: number,
  signer: Address,
): NonceLedger {
  const ownerId = nonceOwnerWorkflowId(taskQueue, chainId, signer)
  const handle = async () => {
    try {
      return await client.workflow.start(nonceOwner, {
        taskQueue,
        workflowId: ownerId,
        args: [{ chainId, signer: signer.toLowerCase() }],
        workflowIdConflictPolicy: 'USE_EXISTING',
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
      })
    } catch (error) {
      if (error instanceof WorkflowExecutionAlreadyStartedError) throw new NonceOwnerClosedError({ ownerId })
      throw error
    }
  }
  return {
    ownerId,
    reserve: async (input) => (await handle()).executeUpdate(reserveNonceUpdate, { args: [input] }),
    recordSigned: async (tx) => {
      try {
        await (await handle()).executeUpdate(recordSignedUpdate, { args: [tx] })
      } catch (error) {
        if (!(error instanceof WorkflowUpdateFailedError)) throw error
        const detail = (error.cause as Error | undefined)?.message ?? error.message
        throw new NonceLeaseLostError({ ownerId, idempotencyKey: tx.key, nonce: tx.nonce, detail })
      }
    },
    release: async (key) => (await handle()).signal(releaseNonceSignal, { key }),
    confirmed: async (key) => (await handle()).signal(transactionConfirmedSignal, { key }),
    recorded: async (key) => {
      const state = await client.workflow
        .getHandle(ownerId)
        .query(nonceOwnerStateQuery)
        .catch(() => undefined) // no owner yet: nothing was ever signed through it
      return state?.entries.find((e) => e.key === key)?.raw
    },
  }
}
