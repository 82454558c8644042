import { WorkflowUpdateFailedError } from '@temporalio/client'
import { defaultPayloadConverter } from '@temporalio/common'
import { afterAll, beforeAll, expect, test } from 'vitest'
import type { ChainName } from '../chains/names.js'
import { searchAttributes } from '../temporal.config.js'
import { allocationCycle } from '../workflows/allocation-cycle.js'
import { cycleStatusQuery, decideMoveUpdate, pauseSignal, resumeSignal } from '../workflows/messages.js'
import { fakeReadChainMarkets, recordingSteps } from './fake-chains.js'
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

const policyPath = 'test/fixtures/policy-approvals.yaml'

async function startCycle(taskQueue: string, workflowId: string, policy = policyPath) {
  return ctx.client.workflow.start(allocationCycle, {
    args: [{ policyPath: policy, trigger: { kind: 'manual', by: 'test' } }],
    taskQueue,
    workflowId,
  })
}

async function waitForPhase(handle: Awaited<ReturnType<typeof startCycle>>, phase: string) {
  for (let i = 0; i < 200; i++) {
    const status = await handle.query(cycleStatusQuery).catch(() => undefined)
    if (status?.phase === phase) return status
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`cycle never reached phase ${phase}`)
}

test('default: the small move runs alone; the large one waits for an allowlisted approver', async () => {
  const taskQueue = uniqueTaskQueue('cycle')
  const { calls, overrides } = recordingSteps()
  const worker = await startTestWorker(ctx, { taskQueue, activityOverrides: overrides })
  const workflowId = `plan-approve-${taskQueue}`
  await worker.runUntil(async () => {
    const handle = await startCycle(taskQueue, workflowId)
    const status = await waitForPhase(handle, 'awaiting-approval')
    const small = status.moves.find((m) => !m.needsApproval)
    const large = status.moves.find((m) => m.needsApproval)
    expect(status.moves).toHaveLength(2)
    expect([small?.from, small?.to, small?.amount, small?.state]).toEqual([
      'ethereum/savings/sUSDS',
      'ethereum/sparklend/USDS',
      '5000000.000000',
      'completed',
    ])
    expect([large?.from, large?.to, large?.amount, large?.state]).toEqual([
      'base/savings/sUSDS',
      'base/aave/USDC',
      '50000000.000000',
      'pending-approval',
    ])
    const [i, j] = [small?.index, large?.index]
    expect(calls.filter((c) => c.startsWith('withdraw'))).toEqual([`withdraw ${workflowId}/move-${i}`])

    const unknown = handle.executeUpdate(decideMoveUpdate, {
      args: [{ moveIndex: j as number, approver: 'mallory', decision: 'approve' }],
    })
    await expect(unknown).rejects.toBeInstanceOf(WorkflowUpdateFailedError)
    const refusal = await unknown.catch((error: WorkflowUpdateFailedError) => error.cause?.message)
    expect(refusal).toMatch(/approver "mallory" is not allowed by the policy/)

    const approved = await handle.executeUpdate(decideMoveUpdate, {
      args: [{ moveIndex: j as number, approver: 'alice', decision: 'approve' }],
    })
    expect(approved).toEqual({ moveIndex: j, state: 'approved', approver: 'alice' })
    const again = handle.executeUpdate(decideMoveUpdate, {
      args: [{ moveIndex: j as number, approver: 'bob', decision: 'reject' }],
    })
    expect(await again.catch((error: WorkflowUpdateFailedError) => error.cause?.message)).toMatch(
      /is (approved|running|completed), not pending approval/,
    )

    const result = await handle.result()
    expect(result.outcomes.map((o) => o.state)).toEqual(['completed', 'completed'])
  })
  expect(calls.filter((c) => c.startsWith('deposit')).sort()).toEqual([
    `deposit ${workflowId}/move-0`,
    `deposit ${workflowId}/move-1`,
  ])
  const history = await ctx.client.workflow.getHandle(workflowId).fetchHistory()
  const accepted = (history.events ?? []).flatMap(
    (e) => e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.args?.payloads ?? [],
  )
  const decisions = accepted.map((p) => defaultPayloadConverter.fromPayload<{ approver: string }>(p))
  // Who approved is in the history; a refused approver left no trace there.
  expect(decisions.map((d) => d.approver)).toEqual(['alice'])
  if (process.env.SLL_RECORD_HISTORIES) await recordHistory(ctx.client, workflowId, 'cycle-approval')
})

test('behavior: reject and timeout leave the money where it was', async () => {
  const taskQueue = uniqueTaskQueue('cycle')
  const { calls, overrides } = recordingSteps()
  const worker = await startTestWorker(ctx, { taskQueue, activityOverrides: overrides })
  await worker.runUntil(async () => {
    const rejected = await startCycle(taskQueue, `plan-reject-${taskQueue}`)
    const status = await waitForPhase(rejected, 'awaiting-approval')
    const large = status.moves.find((m) => m.needsApproval)?.index as number
    await rejected.executeUpdate(decideMoveUpdate, {
      args: [{ moveIndex: large, approver: 'bob', decision: 'reject', reason: 'too big today' }],
    })
    const rejectedStates = (await rejected.result()).outcomes.map((o) => o.state)
    expect(rejectedStates.sort()).toEqual(['completed', 'rejected'])

    const expired = await startCycle(
      taskQueue,
      `plan-expire-${taskQueue}`,
      'test/fixtures/policy-approvals-expire.yaml',
    )
    const result = await expired.result()
    expect(result.outcomes.map((o) => o.state).sort()).toEqual(['completed', 'expired'])
    expect(calls.filter((c) => c.includes(`/move-${large}`))).toEqual([])
  })
  expect(calls.filter((c) => c.startsWith('withdraw'))).toHaveLength(2)
})

test('behavior: while paused no move starts; resume lets it run', async () => {
  const taskQueue = uniqueTaskQueue('cycle')
  const { calls, overrides } = recordingSteps()
  const worker = await startTestWorker(ctx, {
    taskQueue,
    activityOverrides: { ...overrides, readControlState: async () => ({ paused: true, note: 'test' }) },
  })
  await worker.runUntil(async () => {
    const handle = await startCycle(taskQueue, `plan-pause-${taskQueue}`)
    await waitForPhase(handle, 'executing')
    await new Promise((r) => setTimeout(r, 1_500))
    expect(calls.filter((c) => c.startsWith('withdraw'))).toEqual([])
    await handle.signal(resumeSignal, { by: 'test' })
    const status = await waitForPhase(handle, 'awaiting-approval')
    const large = status.moves.find((m) => m.needsApproval)?.index as number
    await handle.signal(pauseSignal, { by: 'test' })
    await handle.executeUpdate(decideMoveUpdate, {
      args: [{ moveIndex: large, approver: 'alice', decision: 'approve' }],
    })
    await new Promise((r) => setTimeout(r, 1_500))
    expect(calls.filter((c) => c.startsWith('withdraw'))).toHaveLength(1)
    await handle.signal(resumeSignal, { by: 'test' })
    expect((await handle.result()).outcomes.map((o) => o.state)).toEqual(['completed', 'completed'])
  })
})

test('behavior: a cycle started while another is running does nothing', async () => {
  const taskQueue = uniqueTaskQueue('cycle')
  const { calls, overrides } = recordingSteps()
  const { readControlState: _real, ...withRealControl } = overrides
  const worker = await startTestWorker(ctx, { taskQueue, activityOverrides: withRealControl })
  await worker.runUntil(async () => {
    const first = await startCycle(taskQueue, `plan-first-${taskQueue}`)
    const status = await waitForPhase(first, 'awaiting-approval')
    const second = await startCycle(taskQueue, `plan-second-${taskQueue}`)
    const skipped = await second.result()
    expect(skipped.skippedFor).toBe(`plan-first-${taskQueue}`)
    expect(skipped.plan).toBeUndefined()
    const large = status.moves.find((m) => m.needsApproval)?.index as number
    await first.executeUpdate(decideMoveUpdate, {
      args: [{ moveIndex: large, approver: 'bob', decision: 'reject' }],
    })
    await first.result()
  })
  expect(calls.filter((c) => c.includes('plan-second'))).toEqual([])
})

test('behavior: a market whose cash cannot repay its excess is held; memo and SllBreaches name the breach', async () => {
  const taskQueue = uniqueTaskQueue('cycle')
  const { overrides } = recordingSteps()
  // 20M of ours in a market with 5M of cash: 15M cannot leave, the policy allows 5M (maxUsd).
  const readChainMarkets = async (input: { chain: ChainName }) => {
    const read = await fakeReadChainMarkets(input)
    return {
      ...read,
      markets: read.markets.map((m) =>
        m.id === 'ethereum/sparklend/USDS'
          ? { ...m, totalSupply: '100000000', totalBorrow: '95000000', position: '20000000' }
          : m,
      ),
    }
  }
  const worker = await startTestWorker(ctx, {
    taskQueue,
    activityOverrides: { ...overrides, readChainMarkets },
  })
  const workflowId = `plan-breach-${taskQueue}`
  await worker.runUntil(async () => {
    const handle = await ctx.client.workflow.start(allocationCycle, {
      args: [{ policyPath, trigger: { kind: 'manual', by: 'test' }, dryRun: true }],
      taskQueue,
      workflowId,
    })
    const result = await handle.result()
    expect(result.plan?.breaches).toMatchObject([
      { kind: 'market', market: 'ethereum/sparklend/USDS', limit: 'maxUsd', heldUsd: '15000000.000000' },
    ])
    const described = await handle.describe()
    const memo = described.memo?.plan as { breaches?: unknown[] } | undefined
    expect(memo?.breaches).toEqual(result.plan?.breaches)
    expect(described.typedSearchAttributes.get(searchAttributes.breaches)).toEqual([
      'ethereum/sparklend/USDS',
    ])
  })
})
