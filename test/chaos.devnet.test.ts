import { afterAll, beforeAll, expect, test } from 'vitest'
import { devnetAccounts } from '../chains/devnet-accounts.js'
import { executeMove } from '../workflows/execute-move.js'
import { countBridgeSends, readLedger } from './chain-ledger.js'
import { type DevnetStack, startDevnetStack } from './devnet-stack.js'
import { authorizedMove } from './move-authorization.js'
import { connectTemporal, type TemporalTestContext, uniqueTaskQueue } from './temporal-harness.js'
import { devnetWorker, writeWorkflowBundle } from './worker-process.js'

let ctx: TemporalTestContext
let stack: DevnetStack
let bundlePath: string

beforeAll(async () => {
  ctx = await connectTemporal()
  stack = await startDevnetStack({ portBase: 22545 })
  bundlePath = await writeWorkflowBundle()
})
afterAll(async () => {
  await stack?.stop()
  await ctx?.close()
})

// Each case kills the worker process (SIGKILL) at one point of a cross-chain move from idle money on
// Base to the savings vault on Ethereum, restarts it, and checks that the move completed exactly once.
const points = [
  { point: 'after-sign', key: '/bridge', amount: '1500' },
  { point: 'after-broadcast', key: '/bridge', amount: '1250' },
  { point: 'awaiting-delivery', key: '', amount: '1100' },
  { point: 'before-deposit', key: '', amount: '1050' },
] as const

for (const { point, key, amount } of points) {
  test(`behavior: worker killed ${point} — the move completes exactly once`, async () => {
    const taskQueue = uniqueTaskQueue(`chaos-${point}`)
    const worker = devnetWorker(stack.env, {
      taskQueue,
      bundlePath,
      env: { SLL_CHAOS_CRASH_AT: point, SLL_CHAOS_CRASH_KEY: key, SLL_LOG_LEVEL: 'info' },
    })
    const before = await readLedger(stack.network)
    const sendsBefore = await countBridgeSends(stack.network)
    worker.start()
    try {
      const outcome = await ctx.client.workflow.execute(executeMove, {
        taskQueue,
        workflowId: `chaos-${taskQueue}/move-0`,
        args: [
          await authorizedMove({
            planId: `chaos-${taskQueue}`,
            index: 0,
            from: 'idle:base',
            to: 'ethereum/savings/sUSDS',
            amount,
          }),
        ],
        workflowExecutionTimeout: '5 minutes',
      })
      expect(outcome.status, outcome.error).toBe('completed')
      expect(worker.crashes).toBeGreaterThanOrEqual(1)
    } finally {
      await worker.stop()
    }
    expect(await countBridgeSends(stack.network)).toBe(sendsBefore + 1)
    const after = await readLedger(stack.network)
    const moved = BigInt(amount) * 10n ** 18n
    expect(after.idleUsd18.base).toBe(before.idleUsd18.base - moved)
    expect(after.idleUsd18.ethereum).toBe(before.idleUsd18.ethereum)
    for (const asset of Object.keys(after.minted)) expect(after.locked[asset]).toBe(after.minted[asset])
    // The worker's logs (every restart) never show the signer's key.
    const logs = worker.output.join('').toLowerCase()
    expect(logs.length).toBeGreaterThan(0)
    expect(logs.includes(devnetAccounts.operator.privateKey.slice(2).toLowerCase())).toBe(false)
  })
}
