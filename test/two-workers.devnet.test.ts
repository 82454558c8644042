import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type Hex, keccak256 } from 'viem'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { getPublicClient } from '../activities/clients.js'
import { type ChainName, chainNames } from '../chains/names.js'
import { seededRandom } from '../policies/testing/random-scenario.js'
import { executeMove, type MoveOutcome } from '../workflows/execute-move.js'
import { type NonceOwnerState, nonceOwnerStateQuery, nonceOwnerWorkflowId } from '../workflows/nonce-owner.js'
import { readLedger } from './chain-ledger.js'
import { type DevnetStack, startDevnetStack } from './devnet-stack.js'
import { authorizedMove } from './move-authorization.js'
import { blockHeights } from './relayer-audit.js'
import { connectTemporal, type TemporalTestContext, uniqueTaskQueue } from './temporal-harness.js'
import { devnetWorker, writeWorkflowBundle } from './worker-process.js'

let ctx: TemporalTestContext
let stack: DevnetStack
let bundlePath: string

beforeAll(async () => {
  ctx = await connectTemporal()
  stack = await startDevnetStack({ portBase: 28545 })
  bundlePath = await writeWorkflowBundle()
})
afterAll(async () => {
  await stack?.stop()
  await ctx?.close()
})

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

// Each round runs these moves concurrently (two of them deposit on Ethereum side by side, so one signer's
// transactions on one chain come from different moves and hosts). Amounts differ per move and round, so
// every step's calldata is unique: a step mined twice shows up as two transactions with the same calldata.
const moves = [
  { from: 'idle:base', to: 'ethereum/savings/sUSDS', chain: 'base' },
  { from: 'idle:unichain', to: 'ethereum/savings/sUSDS', chain: 'unichain' },
  { from: 'idle:arbitrum', to: 'arbitrum/aave/USDC', chain: 'arbitrum' },
] as const
const ROUNDS = 3

test('behavior: two worker processes with separate state directories, killed at random, several rounds — every step mined once, no nonce gap, money conserved', async () => {
  const taskQueue = uniqueTaskQueue('two-workers')
  const seed = Number(process.env.SLL_CHAOS_SEED ?? Date.now() % 1_000_000)
  const rand = seededRandom(seed)
  const worker = (name: string, crashAt: string) =>
    devnetWorker(stack.env, {
      taskQueue,
      bundlePath,
      env: {
        // Separate state per "host": nothing on disk is shared.
        SLL_TX_JOURNAL_DIR: join(mkdtempSync(join(tmpdir(), `sll-${name}-`)), 'tx-journal'),
        // Also die in the worst windows: signed and recorded but not broadcast / broadcast but not awaited.
        SLL_CHAOS_CRASH_AT: crashAt,
        SLL_LOG_LEVEL: 'info',
      },
    })
  const workers = [worker('host-a', 'after-sign'), worker('host-b', 'after-broadcast')]
  const signer = stack.network.signer.address
  const heights = await blockHeights(stack.network)
  const client = (chain: ChainName) => getPublicClient(stack.network.endpoint(chain))
  const noncesBefore = {} as Record<ChainName, number>
  for (const chain of chainNames)
    noncesBefore[chain] = await client(chain).getTransactionCount({ address: signer })
  const before = await readLedger(stack.network)

  for (const w of workers) w.start()
  let kills = 0
  let killing = true
  const killer = (async () => {
    while (killing) {
      // A restart takes a few seconds (process start, connect, load the bundle): leave room to progress.
      await sleep(8_000 + rand() * 10_000)
      if (killing && workers[Math.floor(rand() * workers.length)]?.kill()) kills++
    }
  })()
  const outcomes: MoveOutcome[] = []
  const moved = {} as Record<ChainName, bigint>
  const states = {} as Record<ChainName, NonceOwnerState>
  try {
    for (let round = 0; round < ROUNDS; round++) {
      const planId = `two-workers-${taskQueue}-r${round}`
      const results = await Promise.all(
        moves.map(async (move, index) => {
          const amount = String(60 + 10 * round + index)
          moved[move.chain] = (moved[move.chain] ?? 0n) + BigInt(amount) * 10n ** 18n
          return ctx.client.workflow.execute(executeMove, {
            taskQueue,
            workflowId: `${planId}/move-${index}`,
            args: [await authorizedMove({ planId, index, from: move.from, to: move.to, amount })],
            workflowExecutionTimeout: '6 minutes',
          })
        }),
      )
      outcomes.push(...results)
    }
    killing = false
    await killer
    // Queries need a worker: read the owners' states before stopping them.
    for (const chain of chainNames) {
      const ownerId = nonceOwnerWorkflowId(taskQueue, stack.network.endpoint(chain).chainId, signer)
      states[chain] = await ctx.client.workflow
        .getHandle(ownerId)
        .query(nonceOwnerStateQuery)
        .catch(() => ({ entries: [] }))
    }
  } finally {
    killing = false
    await killer
    await Promise.all(workers.map((w) => w.stop()))
    workers.forEach((w, i) => {
      writeFileSync(join(tmpdir(), `sll-two-workers-${i}.log`), w.output.join(''))
    })
  }
  const context = `seed ${seed}, ${kills} random kills, crashes ${workers.map((w) => w.crashes).join('/')}`
  for (const outcome of outcomes) expect(outcome.status, `${outcome.error} (${context})`).toBe('completed')
  expect(kills, context).toBeGreaterThanOrEqual(1)

  // Every relayer transaction since the start, block by block, and what the nonce owners recorded.
  for (const chain of chainNames) {
    const c = client(chain)
    const sent: Array<{ hash: Hex; input: Hex; to: string | null }> = []
    for (let n = heights[chain] + 1n; n <= (await c.getBlockNumber()); n++) {
      const block = await c.getBlock({ blockNumber: n, includeTransactions: true })
      for (const tx of block.transactions)
        if (tx.from.toLowerCase() === signer.toLowerCase())
          sent.push({ hash: tx.hash, input: tx.input, to: tx.to })
    }
    // No step mined twice: every call is distinct ...
    const calls = sent.map((tx) => `${tx.to}|${keccak256(tx.input)}`)
    expect(new Set(calls).size, `${chain}: a call was mined twice (${context})`).toBe(calls.length)
    // ... and each one is the recorded transaction of a distinct step of the owner.
    const state = states[chain]
    const keyOf = new Map(state.entries.filter((e) => e.hash).map((e) => [e.hash?.toLowerCase(), e.key]))
    const keys = sent.map((tx) => keyOf.get(tx.hash.toLowerCase()))
    expect(
      keys.every((k) => k !== undefined),
      `${chain}: a tx the owner never recorded (${context})`,
    ).toBe(true)
    expect(new Set(keys).size, `${chain}: one step mined twice (${context})`).toBe(keys.length)
    // No nonce gap or stuck transaction: everything recorded is mined, nothing pending, nothing reserved.
    const latest = await c.getTransactionCount({ address: signer, blockTag: 'latest' })
    const pending = await c.getTransactionCount({ address: signer, blockTag: 'pending' })
    expect(pending, `${chain}: pending txs left (${context})`).toBe(latest)
    expect(latest - noncesBefore[chain], `${chain}: chain nonce vs relayer txs (${context})`).toBe(
      sent.length,
    )
    expect(state.entries.filter((e) => e.status === 'reserved')).toEqual([])
    expect(state.entries.length, `${chain}: recorded but not mined (${context})`).toBe(sent.length)
  }

  // Money conserved: each source lost exactly what it moved, destinations hold no idle leftovers, and the
  // LayerZero backing is intact.
  const after = await readLedger(stack.network)
  for (const chain of chainNames) {
    expect(after.idleUsd18[chain], `${chain} idle (${context})`).toBe(
      before.idleUsd18[chain] - (moved[chain] ?? 0n),
    )
  }
  for (const asset of Object.keys(after.minted)) expect(after.locked[asset]).toBe(after.minted[asset])
}, 900_000)
