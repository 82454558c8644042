import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ApplicationFailure } from '@temporalio/common'
import { MockActivityEnvironment } from '@temporalio/testing'
import { DefaultLogger, type LogEntry } from '@temporalio/worker'
import { type Address, encodeFunctionData, erc20Abi, parseEther } from 'viem'
import { afterAll, beforeAll, expect, test } from 'vitest'
import type { Registry } from '../../chains/types.js'
import { asActivity } from '../failure.js'
import type { Network } from '../network.js'
import { readErc20Balance } from '../tx/erc20.js'
import { loadSigner } from '../tx/signer.js'
import type { SubmittedTransaction } from '../tx/submit.js'
import {
  anvilAccount,
  anvilKeys,
  deployMintableErc20,
  type RunningAnvil,
  startAnvil,
} from '../tx/testing/anvil.js'
import { activityTransactions } from './activity-tx.js'

let anvil: RunningAnvil
let token: Address
const signer = loadSigner({ SLL_SIGNER_KEY: anvilKeys[0] })
const recipient = anvilAccount(3).address

beforeAll(async () => {
  anvil = await startAnvil({ name: 'acttest' })
  token = await deployMintableErc20(anvil.endpoint, anvilAccount(1), [signer.address])
})

afterAll(async () => {
  await anvil?.stop()
})

/** A network of one anvil chain (every chain name resolves to it), with its own journal directory. */
const network = (): Network => ({
  kind: 'devnet',
  registry: {} as Registry,
  endpoint: () => anvil.endpoint,
  signer,
  holder: () => signer.address,
  psm3: () => undefined,
  sll: () => {
    throw new Error('no SLL in this test')
  },
  confirmations: 1,
  journalDir: mkdtempSync(join(tmpdir(), 'sll-tx-act-')),
  delivery: { kind: 'chain-logs' },
})
/** Activity log entries are captured (expected activity failures are not printed). */
const mockEnv = (info?: ConstructorParameters<typeof MockActivityEnvironment>[0]) => {
  const entries: LogEntry[] = []
  const env = new MockActivityEnvironment(info, {
    logger: new DefaultLogger('INFO', (entry) => entries.push(entry)),
  })
  return { env, entries }
}
const balance = async () => BigInt(await readErc20Balance({ chain: anvil.endpoint, token, owner: recipient }))
const transfer = (amount: bigint) => ({
  to: token,
  data: encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [recipient, amount] }),
})
/** A step that sends one transfer under `key`, wrapped like the registered activities. */
const step = (net: Network, key: string, amount: bigint) =>
  asActivity(
    async (): Promise<SubmittedTransaction> => activityTransactions(net).send('base', key, transfer(amount)),
  )

test('default: the activity heartbeats { key, hash, raw } and returns the receipt', async () => {
  const { env } = mockEnv()
  const heartbeats: unknown[] = []
  env.on('heartbeat', (details) => heartbeats.push(details))
  const result = (await env.run(step(network(), 'act/1', 3n))) as SubmittedTransaction
  expect(result.status).toBe('success')
  expect(heartbeats[0]).toMatchObject({ txs: { 'act/1': { key: 'act/1', hash: result.hash } } })
})

test('behavior: a retry on another worker (empty journal) resumes from heartbeat details, one transfer', async () => {
  const before = await balance()
  const first = mockEnv().env
  let details: unknown
  first.on('heartbeat', (d: unknown) => {
    details = d
  })
  const a = <SubmittedTransaction>await first.run(step(network(), 'act/2', 5n))
  const retry = mockEnv({ attempt: 2, heartbeatDetails: details }).env
  const b = <SubmittedTransaction>await retry.run(step(network(), 'act/2', 5n))
  expect(b.hash).toBe(a.hash)
  expect(await balance()).toBe(before + 5n)
})

test('error: a simulated revert surfaces as a non-retryable ApplicationFailure', async () => {
  const { env } = mockEnv()
  const error = await env.run(step(network(), 'act/3', parseEther('1000000000000'))).catch((e) => e)
  expect(error).toBeInstanceOf(ApplicationFailure)
  expect(error).toMatchObject({ type: 'TransactionRevertedError', nonRetryable: true })
})

test('behavior: every transaction is logged once at signing and once at inclusion, without the key', async () => {
  const { env, entries } = mockEnv()
  const result = (await env.run(step(network(), 'act/5', 1n))) as SubmittedTransaction
  const txLines = entries.filter((e) => e.message.startsWith('tx: '))
  expect(txLines.map((e) => e.message)).toEqual(['tx: signed and journaled', 'tx: confirmed'])
  const common = { chain: anvil.endpoint.name, idempotencyKey: 'act/5', hash: result.hash, to: token }
  expect(txLines[0]?.meta).toMatchObject({ ...common, nonce: expect.any(Number), status: 'signed' })
  expect(txLines[1]?.meta).toMatchObject({ ...common, status: 'success', blockNumber: result.blockNumber })
  expect(txLines[1]?.meta?.nonce).toBe(txLines[0]?.meta?.nonce)
  const text = JSON.stringify(entries, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)).toLowerCase()
  expect(text).not.toContain(anvilKeys[0].slice(2).toLowerCase())
})
