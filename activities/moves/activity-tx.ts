import { Context } from '@temporalio/activity'
import type { Client } from '@temporalio/client'
import type { Address, Hex } from 'viem'
import type { ChainName } from '../../chains/names.js'
import { defaultFeeCaps } from '../../lib/fee-caps.js'
import { createRootLogger } from '../../lib/logger.js'
import { withTxMetrics } from '../metrics/registry.js'
import type { Network } from '../network.js'
import { temporalNonceLedger } from '../tx/nonce-ledger.js'
import {
  type PersistedTransaction,
  type SubmitOptions,
  type SubmittedTransaction,
  submitTransaction,
  type TxLogger,
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
 * Heartbeats while a send waits (for the nonce owner's lease, the node or the receipt), so that the
 * heartbeat timeout only fires when this worker is gone.
 */
async function keepAlive<T>(ctx: Context, persisted: Persisted, run: Promise<T>): Promise<T> {
  const beat = setInterval(() => ctx.heartbeat({ txs: persisted }), 2_000)
  try {
    return await run
  } finally {
    clearInterval(beat)
  }
}

/** The worker's Temporal client, if the activity has one (a `MockActivityEnvironment` may not). */
function temporalClient(ctx: Context | undefined): Client | undefined {
  try {
    return ctx?.client
  } catch {
    return undefined
  }
}

let processLogger: TxLogger | undefined

/**
 * Where transaction lines go: the activity logger inside an activity (the worker routes it to its pino
 * root, with the activity's workflow and step attached), else one pino root logger of this process.
 */
export function transactionLogger(ctx: Context | undefined): TxLogger {
  if (ctx) return { info: (fields, message) => ctx.log.info(message, { ...fields }) }
  processLogger ??= createRootLogger({ name: 'sll-tx' })
  return processLogger
}

/** Options of {@link activityTransactions}. */
export type ActivityTransactionsOptions = {
  /** Where the signing and inclusion lines go; default {@link transactionLogger}. */
  log?: TxLogger
}

/**
 * The one adapter from a workflow step to a signed transaction (the move steps use it: every call goes to a
 * chain's SLL controller; the RELAYER sends no approval and no token transfer). Sends with the
 * sign-once guarantees of `submitTransaction`. Inside an activity the (chain, signer)'s nonce-owner workflow
 * is the source of truth (`nonce-ledger.ts`): the nonce is reserved there and the signed bytes are recorded
 * in its history before any broadcast, so a retry on any worker, whatever its state directory, settles the
 * same bytes instead of signing again; the heartbeat (`{ txs }`, every 2 s while sending) is liveness only.
 * Outside an activity the local journal is used. Every tx is logged once at signing and once at inclusion
 * (chain, step key, hash, nonce, to, status; never key material). Errors are thrown as they are: the
 * activity wrapper (`asActivity`) turns them into Temporal failures.
 */
export function activityTransactions(network: Network, opts: ActivityTransactionsOptions = {}) {
  const ctx = inActivity()
  const log = opts.log ?? transactionLogger(ctx)
  const persisted: Persisted = {
    ...((ctx?.info.heartbeatDetails as { txs?: Persisted } | undefined)?.txs ?? {}),
  }
  const client = temporalClient(ctx)
  const options = (key: string, chainId: number): SubmitOptions => ({
    signer: network.signer,
    // Inside an activity the nonce owner workflow (not this process or its directory) is the source of truth.
    ...(ctx && client
      ? { nonces: temporalNonceLedger(client, ctx.info.taskQueue, chainId, network.signer.address) }
      : {}),
    ...(network.journalDir ? { journalDir: network.journalDir } : {}),
    persist: (details: PersistedTransaction) => {
      persisted[details.key] = details
      ctx?.heartbeat({ txs: persisted })
    },
    ...(persisted[key] ? { resume: persisted[key] } : {}),
    ...(ctx ? { signal: ctx.cancellationSignal } : {}),
    log,
    feeCaps: network.feeCaps ?? defaultFeeCaps,
  })
  return withTxMetrics(ctx?.info.attempt ?? 1, {
    /** Sends one call on `chain` under `key` (sign once, simulate first, await receipt). */
    send: (
      chain: ChainName,
      key: string,
      call: { to: Address; data: Hex; value?: bigint },
      /** Pre-send check, run only before the key's first signature (see `SubmitOptions.beforeSign`). */
      beforeSign?: () => Promise<void>,
    ): Promise<SubmittedTransaction> => {
      const endpoint = network.endpoint(chain)
      const send = submitTransaction(
        {
          chain: endpoint,
          idempotencyKey: key,
          to: call.to,
          data: call.data,
          ...(call.value === undefined ? {} : { value: call.value.toString() }),
          confirmations: network.confirmations,
        },
        beforeSign ? { ...options(key, endpoint.chainId), beforeSign } : options(key, endpoint.chainId),
      )
      return ctx ? keepAlive(ctx, persisted, send) : send
    },
  })
}
