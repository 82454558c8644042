import { Context } from '@temporalio/activity'
import type { Address, Hex } from 'viem'
import type { ChainName } from '../../chains/names.js'
import type { Network } from '../network.js'
import { type EnsureAllowanceResult, ensureAllowance } from '../tx/erc20.js'
import {
  type PersistedTransaction,
  type SubmitOptions,
  type SubmittedTransaction,
  submitTransaction,
} from '../tx/submit.js'

type Persisted = Record<string, PersistedTransaction>

function inActivity(): Context | undefined {
  try {
    return Context.current()
  } catch {
    return undefined
  }
}

/**
 * Sends transactions from inside an activity with the sign-once guarantees of `submitTransaction`: every
 * signed tx is journaled (fsync) and also kept in the activity's heartbeat details, keyed by idempotency
 * key, so a retry on another worker settles the same bytes instead of signing again.
 */
export function activityTransactions(network: Network) {
  const ctx = inActivity()
  const persisted: Persisted = {
    ...((ctx?.info.heartbeatDetails as { txs?: Persisted } | undefined)?.txs ?? {}),
  }
  const options = (key: string): SubmitOptions => ({
    signer: network.signer,
    ...(network.journalDir ? { journalDir: network.journalDir } : {}),
    persist: (details: PersistedTransaction) => {
      persisted[details.key] = details
      ctx?.heartbeat({ txs: persisted })
    },
    ...(persisted[key] ? { resume: persisted[key] } : {}),
    ...(ctx ? { signal: ctx.cancellationSignal } : {}),
  })
  return {
    /** Sends one call on `chain` under `key` (sign once, simulate first, await receipt). */
    send: (
      chain: ChainName,
      key: string,
      call: { to: Address; data: Hex; value?: bigint },
    ): Promise<SubmittedTransaction> =>
      submitTransaction(
        {
          chain: network.endpoint(chain),
          idempotencyKey: key,
          to: call.to,
          data: call.data,
          ...(call.value === undefined ? {} : { value: call.value.toString() }),
          confirmations: network.confirmations,
        },
        options(key),
      ),
    /** Approves exactly `amount` of `token` to `spender` when the allowance is short (under `key`). */
    approve: (
      chain: ChainName,
      key: string,
      args: { token: Address; spender: Address; amount: bigint },
    ): Promise<EnsureAllowanceResult> =>
      ensureAllowance(
        {
          chain: network.endpoint(chain),
          idempotencyKey: key,
          token: args.token,
          spender: args.spender,
          amount: args.amount.toString(),
          confirmations: network.confirmations,
        },
        options(key),
      ),
  }
}
