import { WorkflowFailedError } from '@temporalio/client'
import { createWalletClient, http } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { getPublicClient } from '../activities/clients.js'
import type { Network } from '../activities/network.js'
import { devnetAccounts } from '../chains/devnet-accounts.js'
import type { Registry } from '../chains/types.js'
import { endpointChain } from '../chains/viem-chains.js'
import { loadDevnetDeployment } from '../devnet/deployment.js'
import { layerZeroArtifacts } from '../devnet/layerzero/artifacts.js'
import { executorDstConfig } from '../devnet/layerzero/mesh-params.js'
import { parseFeeCaps } from '../lib/fee-caps.js'
import { type ExecuteMoveInput, executeMove } from '../workflows/execute-move.js'
import { countBridgeSends, readLedger } from './chain-ledger.js'
import { type DevnetStack, startDevnetStack } from './devnet-stack.js'
import { authorizedMove } from './move-authorization.js'
import {
  connectTemporal,
  startTestWorker,
  type TemporalTestContext,
  uniqueTaskQueue,
} from './temporal-harness.js'
import { devnetWorker, writeWorkflowBundle } from './worker-process.js'

// Issue 12 parts 3 and 4: money in flight is never lost track of; failures are bounded and visible.
let ctx: TemporalTestContext
let stack: DevnetStack
let bundlePath: string

beforeAll(async () => {
  ctx = await connectTemporal()
  stack = await startDevnetStack({ portBase: 29545 })
  bundlePath = await writeWorkflowBundle()
})
afterAll(async () => {
  await stack?.stop()
  await ctx?.close()
})

/** Sets the base -> ethereum executor fee multiplier (deployer = LayerZero admin): changes quoteSend. */
async function setExecutorMultiplier(multiplierBps: number): Promise<void> {
  const deployment = loadDevnetDeployment()
  const executor = deployment.chains.base.layerZero?.executor
  if (!executor) throw new Error('devnet deployment has no base executor')
  const endpoint = stack.network.endpoint('base')
  const wallet = createWalletClient({
    account: privateKeyToAccount(devnetAccounts.deployer.privateKey),
    chain: endpointChain(endpoint),
    transport: http(endpoint.rpcUrl),
  })
  const dstEid = stack.network.registry.ethereum.eid
  const hash = await wallet.writeContract({
    address: executor,
    abi: layerZeroArtifacts().executor.abi,
    functionName: 'setDstConfig',
    args: [[{ ...executorDstConfig(dstEid), multiplierBps }]],
  })
  await getPublicClient(endpoint).waitForTransactionReceipt({ hash })
}

const moveArgs = async (
  planId: string,
  amount: string,
  from = 'idle:base',
  to = 'ethereum/savings/sUSDS',
): Promise<[ExecuteMoveInput]> => [await authorizedMove({ planId, index: 0, from, to, amount })]

test('behavior: the LayerZero fee changes while a sent bridge is retried — the send is settled with its own bytes, followed to delivery and deposited (not parked on the source)', async () => {
  const taskQueue = uniqueTaskQueue('fee-change')
  const worker = devnetWorker(stack.env, {
    taskQueue,
    bundlePath,
    env: { SLL_CHAOS_CRASH_AT: 'after-broadcast', SLL_CHAOS_CRASH_KEY: '/bridge', SLL_LOG_LEVEL: 'warn' },
  })
  const before = await readLedger(stack.network)
  const sendsBefore = await countBridgeSends(stack.network)
  worker.start()
  try {
    const planId = `fee-${taskQueue}`
    const handle = await ctx.client.workflow.start(executeMove, {
      taskQueue,
      workflowId: `${planId}/move-0`,
      args: await moveArgs(planId, '1300'),
      workflowExecutionTimeout: '5 minutes',
    })
    // The worker died right after broadcasting the send; before its retry, the fee drops by a sixth.
    while (worker.crashes === 0) await new Promise((resolve) => setTimeout(resolve, 50))
    await setExecutorMultiplier(10_000)
    const outcome = await handle.result()
    expect(outcome.status, outcome.error).toBe('completed')
    expect(outcome.guid).toMatch(/^0x[0-9a-f]{64}$/)
  } finally {
    await worker.stop()
    await setExecutorMultiplier(executorDstConfig(0).multiplierBps)
  }
  expect(await countBridgeSends(stack.network)).toBe(sendsBefore + 1)
  const after = await readLedger(stack.network)
  const moved = 1300n * 10n ** 18n
  expect(after.idleUsd18.base).toBe(before.idleUsd18.base - moved)
  // Delivered and deposited: nothing left idle on Ethereum.
  expect(after.idleUsd18.ethereum).toBe(before.idleUsd18.ethereum)
})

test('behavior: a LayerZero fee above the chain cap stops the move before any transaction, naming the variable', async () => {
  const net: Network = { ...stack.network, feeCaps: parseFeeCaps({ SLL_MAX_LZ_FEE_WEI_BASE: '1' }) }
  const taskQueue = uniqueTaskQueue('fee-cap')
  const worker = await startTestWorker(ctx, { taskQueue, deps: { network: () => net } })
  const sendsBefore = await countBridgeSends(net)
  const outcome = await worker.runUntil(
    ctx.client.workflow.execute(executeMove, {
      taskQueue,
      workflowId: `cap-${taskQueue}/move-0`,
      args: await moveArgs(`cap-${taskQueue}`, '1000'),
      workflowExecutionTimeout: '2 minutes',
    }),
  )
  expect(outcome.status).toBe('failed')
  expect(outcome.txHashes).toEqual([])
  expect(outcome.error).toContain('SLL_MAX_LZ_FEE_WEI_BASE')
  expect(outcome.error).toContain('FeeCapExceededError')
  expect(await countBridgeSends(net)).toBe(sendsBefore)
})

test('behavior: a route whose destination lacks the OFT is refused before the first transaction', async () => {
  const registry = structuredClone(stack.network.registry) as Registry
  delete registry.ethereum.layerZero.ofts.USDS
  const net: Network = { ...stack.network, registry }
  const taskQueue = uniqueTaskQueue('route-check')
  const worker = await startTestWorker(ctx, { taskQueue, deps: { network: () => net } })
  const sendsBefore = await countBridgeSends(stack.network)
  const before = await readLedger(stack.network)
  const outcome = await worker.runUntil(
    ctx.client.workflow.execute(executeMove, {
      taskQueue,
      workflowId: `route-${taskQueue}/move-0`,
      // Withdraws from a market first: without the check the withdrawal (and the send) would happen.
      args: await moveArgs(`route-${taskQueue}`, '1000', 'base/aave/USDC'),
      workflowExecutionTimeout: '2 minutes',
    }),
  )
  expect(outcome.status).toBe('failed')
  expect(outcome.txHashes).toEqual([])
  expect(outcome.error).toContain('no LayerZero OFT for USDS on ethereum')
  expect(await countBridgeSends(stack.network)).toBe(sendsBefore)
  expect(await readLedger(stack.network)).toEqual(before)
})

test('behavior: a dead RPC ends the move within its retry bound, failed, naming the step and the bound', async () => {
  const dead = { ...stack.network.endpoint('base'), rpcUrl: 'http://127.0.0.1:9' }
  const net: Network = {
    ...stack.network,
    endpoint: (chain) => (chain === 'base' ? dead : stack.network.endpoint(chain)),
  }
  const taskQueue = uniqueTaskQueue('dead-rpc')
  const worker = await startTestWorker(ctx, { taskQueue, deps: { network: () => net } })
  const started = Date.now()
  const outcome = await worker.runUntil(
    ctx.client.workflow.execute(executeMove, {
      taskQueue,
      workflowId: `dead-${taskQueue}/move-0`,
      args: await moveArgs(`dead-${taskQueue}`, '1000'),
      workflowExecutionTimeout: '3 minutes',
    }),
  )
  expect(outcome.status).toBe('failed')
  expect(outcome.txHashes).toEqual([])
  expect(outcome.error).toMatch(/prepareMove: .*MAXIMUM_ATTEMPTS_REACHED/)
  expect(Date.now() - started).toBeLessThan(120_000)
}, 180_000)

test('error: a move started without an authorization, or above its policy auto limit, is refused and sends nothing', async () => {
  const taskQueue = uniqueTaskQueue('unauthorized')
  const worker = await startTestWorker(ctx, { taskQueue, deps: { network: () => stack.network } })
  const sendsBefore = await countBridgeSends(stack.network)
  const before = await readLedger(stack.network)
  const planId = `unauthorized-${taskQueue}`
  // From a market: without the refusal the withdrawal would be the first transaction.
  const [valid] = await moveArgs(planId, '1000', 'base/aave/USDC')
  const { authorization: _none, ...bare } = valid
  const inputs: Array<[string, ExecuteMoveInput, RegExp]> = [
    ['none', bare, /carries no authorization/],
    ['above auto', { ...valid, amount: '20000000' }, /above the auto-approve limit of devnet-e2e/],
  ]
  await worker.runUntil(async () => {
    for (const [name, input, message] of inputs) {
      const error = await ctx.client.workflow
        .execute(executeMove, {
          taskQueue,
          workflowId: `${planId}-${name.replace(' ', '-')}/move-0`,
          args: [input],
          workflowExecutionTimeout: '2 minutes',
        })
        .then(
          () => undefined,
          (e: unknown) => e,
        )
      expect(error, name).toBeInstanceOf(WorkflowFailedError)
      const cause = (error as WorkflowFailedError).cause?.cause as { type?: string; message?: string }
      expect(cause?.type, name).toBe('UnauthorizedMoveError')
      expect(cause?.message, name).toMatch(message)
    }
  })
  expect(await countBridgeSends(stack.network)).toBe(sendsBefore)
  expect(await readLedger(stack.network)).toEqual(before)
})
