import { Context } from '@temporalio/activity'
import type { LocalAccount } from 'viem'
import { asActivity } from '../failure.js'
import {
  type EnsureAllowanceInput,
  type EnsureAllowanceResult,
  ensureAllowance,
  readAllowance,
  readErc20Balance,
} from './erc20.js'
import { loadSigner } from './signer.js'
import {
  type SubmitOptions,
  type SubmitTransactionInput,
  type SubmittedTransaction,
  submitTransaction,
} from './submit.js'

/** Worker-level settings of the transaction activities (created once per worker process). */
export type TxActivityDeps = {
  /** Default: {@link loadSigner} from env, loaded lazily on the first write. */
  signer?: LocalAccount
  /** Default: `SLL_TX_JOURNAL_DIR` or `.sll-state/tx-journal`. */
  journalDir?: string
  receiptTimeoutMs?: number
  log?: SubmitOptions['log']
}

/**
 * Temporal activities for transactions. Inside an activity they heartbeat `{ key, hash, raw }` once signed,
 * resume from `activityInfo().heartbeatDetails`, stop waiting on cancellation (set `heartbeatTimeout`), and
 * throw failures classified by `activities/failure.ts` (use `NON_RETRYABLE_ERROR_TYPES` in retry policies).
 */
export function createTxActivities(deps: TxActivityDeps = {}) {
  let signer = deps.signer
  const options = (): SubmitOptions => {
    signer ??= loadSigner()
    const ctx = Context.current()
    return {
      signer,
      persist: (details) => ctx.heartbeat(details),
      resume: ctx.info.heartbeatDetails,
      signal: ctx.cancellationSignal,
      ...(deps.journalDir === undefined ? {} : { journalDir: deps.journalDir }),
      ...(deps.receiptTimeoutMs === undefined ? {} : { receiptTimeoutMs: deps.receiptTimeoutMs }),
      ...(deps.log === undefined ? {} : { log: deps.log }),
    }
  }
  return {
    /** Sends one transaction at most once per idempotency key; see `submitTransaction`. */
    submitTransaction: asActivity(
      (input: SubmitTransactionInput): Promise<SubmittedTransaction> => submitTransaction(input, options()),
    ),
    /** Approves exactly `amount` only when the allowance is short; see `ensureAllowance`. */
    ensureAllowance: asActivity(
      (input: EnsureAllowanceInput): Promise<EnsureAllowanceResult> => ensureAllowance(input, options()),
    ),
    /** ERC-20 balance as a decimal string. */
    readErc20Balance: asActivity(readErc20Balance),
    /** ERC-20 allowance as a decimal string. */
    readAllowance: asActivity(readAllowance),
  }
}

/** The transaction activities as workflows see them (`import type`). */
export type TxActivities = ReturnType<typeof createTxActivities>
