import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ApplicationFailure } from '@temporalio/common'
import { MockActivityEnvironment } from '@temporalio/testing'
import { DefaultLogger } from '@temporalio/worker'
import { type Address, encodeFunctionData, erc20Abi, parseEther } from 'viem'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { createTxActivities } from './activities.js'
import { readErc20Balance } from './erc20.js'
import { loadSigner } from './signer.js'
import type { PersistedTransaction, SubmitTransactionInput, SubmittedTransaction } from './submit.js'
import {
  anvilAccount,
  anvilKeys,
  deployMintableErc20,
  type RunningAnvil,
  startAnvil,
} from './testing/anvil.js'

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

/** Expected activity failures are not logged. */
const quiet = { logger: new DefaultLogger('ERROR') }
const freshDir = () => mkdtempSync(join(tmpdir(), 'sll-tx-act-'))
const balance = async () => BigInt(await readErc20Balance({ chain: anvil.endpoint, token, owner: recipient }))
const transfer = (key: string, amount: bigint): SubmitTransactionInput => ({
  chain: anvil.endpoint,
  idempotencyKey: key,
  to: token,
  data: encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [recipient, amount] }),
})

test('default: the activity heartbeats { key, hash, raw } and returns the receipt', async () => {
  const env = new MockActivityEnvironment(undefined, quiet)
  const heartbeats: unknown[] = []
  env.on('heartbeat', (details) => heartbeats.push(details))
  const activities = createTxActivities({ signer, journalDir: freshDir() })
  const result = (await env.run(activities.submitTransaction, transfer('act/1', 3n))) as SubmittedTransaction
  expect(result.status).toBe('success')
  expect(heartbeats[0]).toMatchObject({ key: 'act/1', hash: result.hash })
})

test('behavior: a retry on another worker (empty journal) resumes from heartbeat details, one transfer', async () => {
  const before = await balance()
  const first = new MockActivityEnvironment(undefined, quiet)
  let details: PersistedTransaction | undefined
  first.on('heartbeat', (d: PersistedTransaction) => {
    details = d
  })
  const a = <SubmittedTransaction>(
    await first.run(
      createTxActivities({ signer, journalDir: freshDir() }).submitTransaction,
      transfer('act/2', 5n),
    )
  )
  const retry = new MockActivityEnvironment({ attempt: 2, heartbeatDetails: details }, quiet)
  const b = <SubmittedTransaction>(
    await retry.run(
      createTxActivities({ signer, journalDir: freshDir() }).submitTransaction,
      transfer('act/2', 5n),
    )
  )
  expect(b.hash).toBe(a.hash)
  expect(await balance()).toBe(before + 5n)
})

test('error: a simulated revert surfaces as a non-retryable ApplicationFailure', async () => {
  const env = new MockActivityEnvironment(undefined, quiet)
  const activities = createTxActivities({ signer, journalDir: freshDir() })
  const error = await env
    .run(activities.submitTransaction, transfer('act/3', parseEther('1000000000000')))
    .catch((e) => e)
  expect(error).toBeInstanceOf(ApplicationFailure)
  expect(error).toMatchObject({ type: 'TransactionRevertedError', nonRetryable: true })
})

test('behavior: ensureAllowance and the reads work as activities', async () => {
  const env = new MockActivityEnvironment(undefined, quiet)
  const activities = createTxActivities({ signer, journalDir: freshDir() })
  const spender = anvilAccount(2).address
  const input = { chain: anvil.endpoint, idempotencyKey: 'act/4', token, spender, amount: '42' }
  expect(await env.run(activities.ensureAllowance, input)).toMatchObject({ approved: true, allowance: '42' })
  expect(
    await env.run(activities.readAllowance, { chain: anvil.endpoint, token, owner: signer.address, spender }),
  ).toBe('42')
})
