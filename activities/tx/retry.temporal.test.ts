import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Context } from '@temporalio/activity'
import { Client, Connection } from '@temporalio/client'
import { bundleWorkflowCode, DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker'
import { type Address, encodeFunctionData, erc20Abi, parseEther } from 'viem'
import { afterAll, beforeAll, expect, inject, test } from 'vitest'
import { asActivity } from '../failure.js'
import { readErc20Balance } from './erc20.js'
import { journalPaths, readJournal } from './journal.js'
import { loadSigner } from './signer.js'
import { type SubmitTransactionInput, submitTransaction } from './submit.js'
import {
  anvilAccount,
  anvilKeys,
  deployMintableErc20,
  type RunningAnvil,
  startAnvil,
} from './testing/anvil.js'
import type { submitOnceWorkflow } from './testing/tx-workflows.js'

const signer = loadSigner({ SLL_SIGNER_KEY: anvilKeys[0] })
const recipient = anvilAccount(3).address
let anvil: RunningAnvil
let token: Address
let connection: Connection
let nativeConnection: NativeConnection
let client: Client
let bundle: { code: string }

beforeAll(async () => {
  try {
    // Activity failures are expected here: keep the SDK quiet (the runtime may already exist in this fork).
    Runtime.install({ logger: new DefaultLogger('ERROR') })
  } catch {
    // installed by an earlier test file
  }
  anvil = await startAnvil({ name: 'temporaltest' })
  token = await deployMintableErc20(anvil.endpoint, anvilAccount(1), [signer.address])
  const address = inject('temporalAddress')
  connection = await Connection.connect({ address })
  nativeConnection = await NativeConnection.connect({ address })
  client = new Client({ connection, namespace: inject('temporalNamespace') })
  bundle = await bundleWorkflowCode({
    workflowsPath: fileURLToPath(new URL('./testing/tx-workflows.ts', import.meta.url)),
    logger: new DefaultLogger('WARN'),
  })
})

afterAll(async () => {
  await connection?.close()
  await nativeConnection?.close()
  await anvil?.stop()
})

const balance = async () => BigInt(await readErc20Balance({ chain: anvil.endpoint, token, owner: recipient }))
const transfer = (key: string, amount: bigint): SubmitTransactionInput => ({
  chain: anvil.endpoint,
  idempotencyKey: key,
  to: token,
  data: encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [recipient, amount] }),
})

/**
 * The production wiring of `activityTransactions` (heartbeat = persist, heartbeat details = resume), except that every attempt runs on "another host"
 * (its own journal directory) and attempt 1 dies right after signing and heartbeating (never broadcast).
 */
function flakyHostActivities(attempts: number[], journalDirs: string[]) {
  return {
    submitTransaction: asActivity(async (input: SubmitTransactionInput) => {
      const ctx = Context.current()
      attempts.push(ctx.info.attempt)
      const journalDir = mkdtempSync(join(tmpdir(), `sll-host-${ctx.info.attempt}-`))
      journalDirs.push(journalDir)
      return submitTransaction(input, {
        signer,
        journalDir,
        resume: ctx.info.heartbeatDetails,
        signal: ctx.cancellationSignal,
        persist: (details) => {
          ctx.heartbeat(details)
          if (ctx.info.attempt === 1) throw new Error('worker lost right after signing (simulated)')
        },
      })
    }),
  }
}

async function runWorkflow(input: SubmitTransactionInput, attempts: number[], journalDirs: string[]) {
  const taskQueue = `tx-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`
  const worker = await Worker.create({
    connection: nativeConnection,
    namespace: inject('temporalNamespace'),
    taskQueue,
    workflowBundle: bundle,
    activities: flakyHostActivities(attempts, journalDirs),
  })
  return worker.runUntil(
    client.workflow.execute<typeof submitOnceWorkflow>('submitOnceWorkflow', {
      taskQueue,
      workflowId: `tx-test-${taskQueue}`,
      args: [input],
    }),
  )
}

test('behavior: a retry on another host resumes from the heartbeat details of the failed attempt: one transfer', async () => {
  const before = await balance()
  const attempts: number[] = []
  const journalDirs: string[] = []
  const result = await runWorkflow(transfer('temporal-wf/transfer', 21n), attempts, journalDirs)
  expect(attempts).toEqual([1, 2])
  const signedOnHost1 = readJournal(journalPaths(journalDirs[0]!, 'temporaltest', signer.address).journal)
  expect(signedOnHost1).toHaveLength(1)
  expect(result).toEqual({ ok: expect.objectContaining({ hash: signedOnHost1[0]?.hash, status: 'success' }) })
  expect(await balance()).toBe(before + 21n)
})

test('error: a revert fails the workflow step after one attempt with the failure type', async () => {
  const attempts: number[] = []
  const result = await runWorkflow(transfer('temporal-wf/too-much', parseEther('1000000000')), attempts, [])
  expect(result).toEqual({ failureType: 'TransactionRevertedError' })
  expect(attempts).toEqual([1])
})
