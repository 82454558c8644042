import { writeFileSync } from 'node:fs'
import { gunzipSync, gzipSync } from 'node:zlib'
import type { ChainClient } from './chain-client.js'

type AnvilState = {
  best_block_number: number
  blocks: Array<{ header: { number: string }; transactions: unknown[] }>
  transactions: unknown[]
}

/**
 * Dumps the chain state with `anvil_dumpState` (gzipped JSON as hex), drops the build history (every block
 * but the head, all transaction receipts and traces: ~80% of the size; anvil only needs accounts and the
 * head block to resume), and writes it gzipped to `file`. Returns the gzip and JSON sizes in bytes.
 */
export async function dumpState(client: ChainClient, file: string): Promise<{ gzip: number; json: number }> {
  const hex = (await client.public.request({
    method: 'anvil_dumpState' as never,
    params: [] as never,
  })) as string
  const state = JSON.parse(gunzipSync(Buffer.from(hex.slice(2), 'hex')).toString('utf8')) as AnvilState
  state.transactions = []
  state.blocks = state.blocks.filter((block) => Number(block.header.number) === state.best_block_number)
  if (state.blocks.length !== 1) throw new Error(`${client.name}: head block missing from anvil_dumpState`)
  for (const block of state.blocks) block.transactions = []
  const json = Buffer.from(JSON.stringify(state))
  const gzip = gzipSync(json, { level: 9 })
  writeFileSync(file, gzip)
  return { gzip: gzip.length, json: json.length }
}
