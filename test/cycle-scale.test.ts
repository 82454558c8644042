import { afterAll, beforeAll, expect, test } from 'vitest'
import { MAX_LIST } from '../policies/input-limits.js'
import { allocationCycle } from '../workflows/allocation-cycle.js'
import { fakePlan, recordingSteps } from './fake-chains.js'
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

// The largest plan a policy allows: `moves.maxMovesPerCycle` is at most MAX_LIST (500), as are markets.
const MOVES = MAX_LIST
// Temporal warns from 10,240 events (and fails at 51,200); a cycle of the largest size stays below the
// warning, so it never needs continue-as-new.
const HISTORY_WARNING = 10_240

test(`behavior: a cycle of ${MOVES} concurrent moves (the policy maximum) completes with a bounded history`, async () => {
  const taskQueue = uniqueTaskQueue('scale')
  const { calls, overrides } = recordingSteps()
  const chains = ['base', 'arbitrum', 'optimism', 'unichain', 'avalanche'] as const
  const plan = fakePlan(
    Array.from({ length: MOVES }, (_, i) => ({
      from: `${chains[i % chains.length]}/fake/source-${i}`,
      to: `ethereum/fake/target-${i}`,
      amount: '1000',
    })),
  )
  const worker = await startTestWorker(ctx, {
    taskQueue,
    activityOverrides: { ...overrides, planAllocation: async () => plan },
  })
  const workflowId = `plan-scale-${taskQueue}`
  const result = await worker.runUntil(
    ctx.client.workflow.execute(allocationCycle, {
      // Auto-approved moves need a policy whose approvals.autoApproveMaxUsd covers them (authorizeMove).
      args: [{ policyPath: 'test/fixtures/policy-approvals.yaml', trigger: { kind: 'manual', by: 'test' } }],
      taskQueue,
      workflowId,
    }),
  )
  expect(result.outcomes.filter((o) => o.state === 'completed')).toHaveLength(MOVES)
  expect(calls.filter((c) => c.startsWith('deposit'))).toHaveLength(MOVES)
  const events = (await ctx.client.workflow.getHandle(workflowId).fetchHistory()).events?.length ?? 0
  console.log(`cycle of ${MOVES} moves: ${events} history events (${(events / MOVES).toFixed(1)} per move)`)
  expect(events).toBeLessThan(HISTORY_WARNING)
}, 600_000)
