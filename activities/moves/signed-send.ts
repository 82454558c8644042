import { Context } from '@temporalio/activity'
import { type Hex, isHex, keccak256, parseTransaction } from 'viem'
import type { ChainName } from '../../chains/names.js'
import type { Network } from '../network.js'
import { findJournalEntry, journalPaths, readJournal, resolveJournalDir } from '../tx/journal.js'
import { temporalNonceLedger } from '../tx/nonce-ledger.js'

/** A transaction already signed under a step key: its hash and what it pays (`msg.value`, wei). */
export type SignedSend = { hash: Hex; value: bigint; nonce: number }

function heartbeatRaw(key: string): Hex | undefined {
  let details: unknown
  try {
    details = Context.current().info.heartbeatDetails
  } catch {
    return undefined // not inside an activity
  }
  const raw = (details as { txs?: Record<string, { raw?: unknown }> } | undefined)?.txs?.[key]?.raw
  return isHex(raw) ? raw : undefined
}

/** The bytes the (chain, signer)'s nonce owner recorded under `key`, when the activity has a Temporal client. */
async function ownerRaw(network: Network, chain: ChainName, key: string): Promise<Hex | undefined> {
  let ctx: Context
  try {
    ctx = Context.current()
  } catch {
    return undefined // not inside an activity
  }
  let client: Context['client'] | undefined
  try {
    client = ctx.client
  } catch {
    return undefined // a MockActivityEnvironment without a client
  }
  if (!client) return undefined
  const { chainId } = network.endpoint(chain)
  return temporalNonceLedger(client, ctx.info.taskQueue, chainId, network.signer.address).recorded(key)
}

/**
 * The transaction signed under `key` on `chain`: recorded by the (chain, signer)'s nonce owner (any host),
 * in this worker's journal, or in the activity's heartbeat details (an earlier attempt); `undefined` when
 * none was ever signed. Read-only: `submitTransaction` still verifies and settles the bytes.
 */
export async function findSignedSend(
  network: Network,
  chain: ChainName,
  key: string,
): Promise<SignedSend | undefined> {
  const paths = journalPaths(resolveJournalDir(network.journalDir), chain, network.signer.address)
  const raw =
    (await ownerRaw(network, chain, key)) ??
    findJournalEntry(readJournal(paths.journal), key)?.raw ??
    heartbeatRaw(key)
  if (!raw) return undefined
  const tx = parseTransaction(raw)
  return { hash: keccak256(raw), value: tx.value ?? 0n, nonce: tx.nonce ?? -1 }
}
