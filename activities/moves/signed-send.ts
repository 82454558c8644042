import { Context } from '@temporalio/activity'
import { type Hex, isHex, keccak256, parseTransaction } from 'viem'
import type { ChainName } from '../../chains/names.js'
import type { Network } from '../network.js'
import { findJournalEntry, journalPaths, readJournal, resolveJournalDir } from '../tx/journal.js'

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

/**
 * The transaction signed under `key` on `chain`, from this worker's journal or the activity's heartbeat
 * details (an earlier attempt on another worker), or `undefined` when none was ever signed. Read-only:
 * `submitTransaction` still verifies and settles the bytes.
 */
export function findSignedSend(network: Network, chain: ChainName, key: string): SignedSend | undefined {
  const paths = journalPaths(resolveJournalDir(network.journalDir), chain, network.signer.address)
  const raw = findJournalEntry(readJournal(paths.journal), key)?.raw ?? heartbeatRaw(key)
  if (!raw) return undefined
  const tx = parseTransaction(raw)
  return { hash: keccak256(raw), value: tx.value ?? 0n, nonce: tx.nonce ?? -1 }
}
