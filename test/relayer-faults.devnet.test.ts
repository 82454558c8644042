import { ApplicationFailure } from '@temporalio/common'
import type { Worker } from '@temporalio/worker'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { executeMove } from '../workflows/execute-move.js'
import { moveProgressQuery } from '../workflows/messages.js'
import { countBridgeSends, readLedger } from './chain-ledger.js'
import { type DevnetStack, startDevnetStack } from './devnet-stack.js'
import { authorizedMove } from './move-authorization.js'
import {
  connectTemporal,
  startTestWorker,
  type TemporalTestContext,
  uniqueTaskQueue,
} from './temporal-harness.js'

let ctx: TemporalTestContext
let stack: DevnetStack
let worker: Worker
let taskQueue: string
let running: Promise<void>

beforeAll(async () => {
  ctx = await connectTemporal()
  stack = await startDevnetStack({ portBase: 23545 })
  taskQueue = uniqueTaskQueue('relayer-faults')
  worker = await startTestWorker(ctx, { taskQueue, deps: { network: () => stack.network } })
  running = worker.run()
})
afterAll(async () => {
  worker?.shutdown()
  await running
  await stack?.stop()
  await ctx?.close()
})

// Base -> Ethereum: the SLL bridges hub and spoke (the spell leaves L2 <-> L2 LayerZero keys unset).
async function startMove(name: string, amount: string) {
  const workflowId = `faults-${taskQueue}-${name}/move-0`
  const handle = await ctx.client.workflow.start(executeMove, {
    taskQueue,
    workflowId,
    args: [
      await authorizedMove({
        planId: `faults-${taskQueue}-${name}`,
        index: 0,
        from: 'idle:base',
        to: 'ethereum/aave/USDC',
        amount,
      }),
    ],
  })
  return handle
}

async function waitForGuid(handle: Awaited<ReturnType<typeof startMove>>): Promise<`0x${string}`> {
  for (let i = 0; i < 300; i++) {
    const progress = await handle.query(moveProgressQuery)
    if (progress.guid && progress.step === 'awaiting-delivery') return progress.guid as `0x${string}`
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error('the move never reached awaiting-delivery')
}

async function expectExactlyOnce(run: () => Promise<void>, amount: string) {
  const before = await readLedger(stack.network)
  const sends = await countBridgeSends(stack.network)
  await run()
  expect(await countBridgeSends(stack.network)).toBe(sends + 1)
  const after = await readLedger(stack.network)
  expect(after.idleUsd18.base).toBe(before.idleUsd18.base - BigInt(amount) * 10n ** 18n)
  expect(after.idleUsd18.ethereum).toBe(before.idleUsd18.ethereum)
  for (const asset of Object.keys(after.minted)) expect(after.locked[asset]).toBe(after.minted[asset])
}

test('behavior: relayer delayed — the move waits in flight, then completes', async () => {
  stack.relayer.setFaults({ delayMs: 3_000 })
  await expectExactlyOnce(async () => {
    const handle = await startMove('delay', '700')
    const guid = await waitForGuid(handle)
    for (let i = 0; i < 50 && stack.relayer.status(guid) === undefined; i++)
      await new Promise((r) => setTimeout(r, 50))
    expect(['INFLIGHT', 'CONFIRMING']).toContain(stack.relayer.status(guid))
    expect((await handle.result()).status).toBe('completed')
    expect(stack.relayer.status(guid)).toBe('DELIVERED')
  }, '700')
  stack.relayer.setFaults({ delayMs: 0 })
})

test('behavior: relayer drops messages until restarted — delivered once after the restart', async () => {
  stack.relayer.setFaults({ drop: true })
  await expectExactlyOnce(async () => {
    const handle = await startMove('drop', '600')
    const guid = await waitForGuid(handle)
    await new Promise((r) => setTimeout(r, 2_000))
    expect((await handle.query(moveProgressQuery)).step).toBe('awaiting-delivery')
    await stack.restartRelayer()
    expect((await handle.result()).status).toBe('completed')
    expect(stack.relayer.status(guid)).toBe('DELIVERED')
  }, '600')
})

test('behavior: executor out of gas — payload stored, retried, credited once', async () => {
  stack.relayer.setFaults({ lowGas: true })
  await expectExactlyOnce(async () => {
    const handle = await startMove('lowgas', '500')
    const guid = await waitForGuid(handle)
    for (let i = 0; i < 100 && stack.relayer.status(guid) !== 'PAYLOAD_STORED'; i++) {
      await new Promise((r) => setTimeout(r, 100))
    }
    expect(stack.relayer.status(guid)).toBe('PAYLOAD_STORED')
    expect((await handle.query(moveProgressQuery)).step).toBe('awaiting-delivery')
    stack.relayer.setFaults({ lowGas: false })
    expect((await handle.result()).status).toBe('completed')
  }, '500')
})

test('behavior: a deposit that fails after the bridge parks the money idle on the destination', async () => {
  const parkedQueue = uniqueTaskQueue('parked')
  const failingWorker = await startTestWorker(ctx, {
    taskQueue: parkedQueue,
    deps: { network: () => stack.network },
    activityOverrides: {
      depositToMarket: async () => {
        throw ApplicationFailure.nonRetryable('supply cap reached', 'TransactionRevertedError')
      },
    },
  })
  const before = await readLedger(stack.network)
  const outcome = await failingWorker.runUntil(
    ctx.client.workflow.execute(executeMove, {
      taskQueue: parkedQueue,
      workflowId: `parked-${parkedQueue}/move-0`,
      args: [
        await authorizedMove({
          planId: `parked-${parkedQueue}`,
          index: 0,
          from: 'idle:base',
          to: 'ethereum/aave/USDC',
          amount: '400',
        }),
      ],
    }),
  )
  expect(outcome.status).toBe('parked')
  expect(outcome.parkedAt).toBe('idle:ethereum')
  expect(outcome.error).toMatch(/supply cap reached/)
  const after = await readLedger(stack.network)
  const moved = 400n * 10n ** 18n
  expect(after.idleUsd18.ethereum).toBe(before.idleUsd18.ethereum + moved)
  expect(after.idleUsd18.base).toBe(before.idleUsd18.base - moved)
})
