import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { allocationCycle } from '../workflows/allocation-cycle.js'
import { recordHistory } from './replay.js'
import {
  connectTemporal,
  startTestWorker,
  type TemporalTestContext,
  uniqueTaskQueue,
} from './temporal-harness.js'

let ctx: TemporalTestContext

beforeAll(async () => {
  ctx = await connectTemporal()
})
afterAll(async () => {
  await ctx?.close()
})

test('default: a cycle pins the policy by content hash on the real dev server', async () => {
  const taskQueue = uniqueTaskQueue('cycle')
  const worker = await startTestWorker(ctx, { taskQueue })
  const path = 'test/fixtures/policy-minimal.yaml'
  const expected = createHash('sha256').update(readFileSync(path)).digest('hex')
  const result = await worker.runUntil(
    ctx.client.workflow.execute(allocationCycle, {
      args: [{ policyPath: path }],
      taskQueue,
      workflowId: `test-cycle-${taskQueue}`,
    }),
  )
  expect(result).toEqual({ policySha256: expected, policyName: 'minimal' })
  const history = await ctx.client.workflow.getHandle(`test-cycle-${taskQueue}`).fetchHistory()
  const types = history.events?.map((e) => e.eventType) ?? []
  expect(types.length).toBeGreaterThan(5)
  if (process.env.SLL_RECORD_HISTORIES)
    await recordHistory(ctx.client, `test-cycle-${taskQueue}`, 'cycle-policy-only')
})

test('error: a missing policy file fails the cycle with a final error, without retries', async () => {
  const taskQueue = uniqueTaskQueue('cycle')
  const worker = await startTestWorker(ctx, { taskQueue })
  const run = worker.runUntil(
    ctx.client.workflow.execute(allocationCycle, {
      args: [{ policyPath: 'test/fixtures/does-not-exist.yaml' }],
      taskQueue,
      workflowId: `test-cycle-missing-${taskQueue}`,
      workflowExecutionTimeout: '30s',
    }),
  )
  await expect(run).rejects.toThrow(/Workflow execution failed/)
})
