import { type WorkflowHandle, WorkflowUpdateFailedError } from '@temporalio/client'
import { defaultPayloadConverter } from '@temporalio/common'
import { afterAll, beforeAll, expect, test } from 'vitest'
import type { ChainName } from '../chains/names.js'
import { searchAttributes } from '../temporal.config.js'
import { allocationCycle } from '../workflows/allocation-cycle.js'
import type { approvalRequest } from '../workflows/approval-request.js'
import {
  approvalRequestStatusQuery,
  cycleStatusQuery,
  decideMoveUpdate,
  type MoveDecision,
  pauseSignal,
  resumeSignal,
} from '../workflows/messages.js'
import { fakePlan, fakeReadChainMarkets, recordingSteps, timedSteps } from './fake-chains.js'
import { recordHistory } from './replay.js'
import { signedDecision, type TestDecision } from './signed-decisions.js'
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

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, tries = 200): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const value = await probe().catch(() => undefined)
    if (value !== undefined) return value
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`never: ${what}`)
}

const request = (planId: string, index: number): WorkflowHandle<typeof approvalRequest> =>
  ctx.client.workflow.getHandle(`${planId}/move-${index}/approval`)

async function decide(planId: string, decision: TestDecision) {
  const signed = await signedDecision(ctx.client, planId, decision)
  return request(planId, decision.moveIndex).executeUpdate(decideMoveUpdate, { args: [signed] })
}

async function refusal(planId: string, decision: TestDecision): Promise<string | undefined> {
  return decide(planId, decision).then(
    () => undefined,
    (error: WorkflowUpdateFailedError) => {
      expect(error).toBeInstanceOf(WorkflowUpdateFailedError)
      return error.cause?.message
    },
  )
}

test('default: the small move runs, the large one waits in its own approval request, and the cycle finishes', async () => {
  const taskQueue = uniqueTaskQueue('cycle')
  const { calls, overrides } = recordingSteps()
  const worker = await startTestWorker(ctx, { taskQueue, activityOverrides: overrides })
  const workflowId = `plan-approve-${taskQueue}`
  await worker.runUntil(async () => {
    const handle = await startCycle(taskQueue, workflowId)
    // The cycle does not wait for approvers.
    const result = await handle.result()
    const status = await handle.query(cycleStatusQuery)
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
      'approval-requested',
    ])
    const [i, j] = [small?.index as number, large?.index as number]
    expect(large?.approvalWorkflowId).toBe(`${workflowId}/move-${j}/approval`)
    expect(result.outcomes.map((o) => o.state).sort()).toEqual(['approval-requested', 'completed'])
    expect(calls.filter((c) => c.startsWith('withdraw'))).toEqual([`withdraw ${workflowId}/move-${i}`])

    // The request holds the exact move.
    const held = await request(workflowId, j).query(approvalRequestStatusQuery)
    expect(held).toMatchObject({
      planId: workflowId,
      index: j,
      from: 'base/savings/sUSDS',
      to: 'base/aave/USDC',
      amount: '50000000.000000',
      state: 'pending-approval',
      policy: result.policy,
    })

    expect(await refusal(workflowId, { moveIndex: j, approver: 'mallory', decision: 'approve' })).toMatch(
      /signed by 0x[0-9a-fA-F]{40}, which is not an approver of policy approvals-test/,
    )
    // An approval of a move other than the one held (amount, ends or policy) is refused.
    expect(
      await refusal(workflowId, {
        moveIndex: j,
        approver: 'alice',
        decision: 'approve',
        expected: { amount: '5000000' },
      }),
    ).toMatch(/is not the move you signed: it has amount 50000000.000000 USD/)
    expect(
      await refusal(workflowId, {
        moveIndex: j,
        approver: 'alice',
        decision: 'approve',
        expected: { policySha: 'de'.repeat(32) },
      }),
    ).toMatch(/policy sha [0-9a-f]{64}/)

    const approved = await decide(workflowId, {
      moveIndex: j,
      approver: 'alice',
      decision: 'approve',
      expected: { from: held.from, to: held.to, amount: held.amount, policySha: held.policy.sha256 },
    })
    expect(approved).toEqual({
      moveIndex: j,
      state: 'approved',
      approver: 'alice',
      approvals: 1,
      threshold: 1,
    })
    expect(await refusal(workflowId, { moveIndex: j, approver: 'bob', decision: 'reject' })).toMatch(
      /is (approved|running|completed), not pending approval/,
    )
    // The status names who signed (the signatures are in the history).
    expect((await request(workflowId, j).query(approvalRequestStatusQuery)).votes).toMatchObject([
      { approver: 'alice', address: '0xFABB0ac9d68B0B445fB7357272Ff202C5651694a', decision: 'approve' },
    ])
    const ran = await request(workflowId, j).result()
    expect(ran.state).toBe('completed')
  })
  expect(calls.filter((c) => c.startsWith('deposit')).sort()).toEqual([
    `deposit ${workflowId}/move-0`,
    `deposit ${workflowId}/move-1`,
  ])
  const requestId = `${workflowId}/move-1/approval`
  const history = await ctx.client.workflow.getHandle(requestId).fetchHistory()
  const accepted = (history.events ?? []).flatMap(
    (e) => e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.args?.payloads ?? [],
  )
  const decisions = accepted.map((p) => defaultPayloadConverter.fromPayload<MoveDecision>(p))
  // Signed decisions are in the history: Mallory's (refused by the handler once her address was recovered)
  // and Alice's; those the validator stopped (wrong move) left no trace. The status names who signed.
  expect(decisions.map((d) => d.signed.signature)).toHaveLength(2)
  if (process.env.SLL_RECORD_HISTORIES) {
    await recordHistory(ctx.client, workflowId, 'cycle-approval')
    await recordHistory(ctx.client, requestId, 'approval-request')
  }
})

test('behavior: reject and timeout leave the money where it was', async () => {
  const taskQueue = uniqueTaskQueue('cycle')
  const { calls, overrides } = recordingSteps()
  const worker = await startTestWorker(ctx, { taskQueue, activityOverrides: overrides })
  await worker.runUntil(async () => {
    const planId = `plan-reject-${taskQueue}`
    const rejected = await (await startCycle(taskQueue, planId)).result()
    const large = rejected.outcomes.find((o) => o.state === 'approval-requested')?.index as number
    await decide(planId, { moveIndex: large, approver: 'bob', decision: 'reject', reason: 'too big today' })
    expect((await request(planId, large).result()).state).toBe('rejected')

    const expiredId = `plan-expire-${taskQueue}`
    await (await startCycle(taskQueue, expiredId, 'test/fixtures/policy-approvals-expire.yaml')).result()
    await waitFor('expired', async () =>
      (await request(expiredId, large).query(approvalRequestStatusQuery)).state === 'expired'
        ? true
        : undefined,
    )
    expect(await refusal(expiredId, { moveIndex: large, approver: 'alice', decision: 'approve' })).toMatch(
      /expired at .* without a decision; a later cycle plans it again/,
    )
    expect(calls.filter((c) => c.includes(`/move-${large}`))).toEqual([])
  })
  expect(calls.filter((c) => c.startsWith('withdraw'))).toHaveLength(2)
})

test('behavior: while paused no move starts; resume lets it run; an approval while paused waits', async () => {
  const taskQueue = uniqueTaskQueue('cycle')
  const { calls, overrides } = recordingSteps()
  const worker = await startTestWorker(ctx, {
    taskQueue,
    activityOverrides: { ...overrides, readControlState: async () => ({ paused: true, note: 'test' }) },
  })
  await worker.runUntil(async () => {
    const planId = `plan-pause-${taskQueue}`
    const handle = await startCycle(taskQueue, planId)
    await waitFor('executing', async () =>
      (await handle.query(cycleStatusQuery)).phase === 'executing' ? true : undefined,
    )
    await new Promise((r) => setTimeout(r, 1_500))
    expect(calls.filter((c) => c.startsWith('withdraw'))).toEqual([])
    await handle.signal(resumeSignal, { by: 'test' })
    const result = await handle.result()
    const large = result.outcomes.find((o) => o.state === 'approval-requested')?.index as number
    // The cycle was paused when it asked (the request started paused); the cycle's resume reached it.
    expect((await request(planId, large).query(approvalRequestStatusQuery)).paused).toBe(false)
    await request(planId, large).signal(pauseSignal, { by: 'test' })
    await decide(planId, { moveIndex: large, approver: 'alice', decision: 'approve' })
    await new Promise((r) => setTimeout(r, 1_500))
    expect(calls.filter((c) => c.startsWith('withdraw'))).toHaveLength(1)
    await request(planId, large).signal(resumeSignal, { by: 'test' })
    expect((await request(planId, large).result()).state).toBe('completed')
  })
})

test('behavior: moves run side by side; a move waits for the move whose arrival it spends; pause holds all of them', async () => {
  const taskQueue = uniqueTaskQueue('cycle')
  const { started, ended, overrides } = timedSteps({ stepMs: 1_200 })
  const plan = fakePlan([
    { from: 'idle:base', to: 'idle:arbitrum', amount: '100' },
    { from: 'idle:arbitrum', to: 'arbitrum/aave/USDC', amount: '100' },
    { from: 'idle:optimism', to: 'optimism/aave/USDC', amount: '100' },
    { from: 'idle:unichain', to: 'ethereum/savings/sUSDS', amount: '100' },
  ])
  const worker = await startTestWorker(ctx, {
    taskQueue,
    activityOverrides: { ...overrides, planAllocation: async () => plan },
  })
  const planId = `plan-concurrent-${taskQueue}`
  const key = (n: number) => `${planId}/move-${n}`
  await worker.runUntil(async () => {
    const handle = await startCycle(taskQueue, planId)
    const status = await waitFor('three moves in flight', async () => {
      const s = await handle.query(cycleStatusQuery)
      return s.moves.filter((m) => m.state === 'running').length === 3 ? s : undefined
    })
    expect(status.moves.map((m) => m.dependsOn)).toEqual([[], [0], [], []])
    expect(status.moves.map((m) => m.state)).toEqual(['running', 'waiting', 'running', 'running'])
    // Pause with three moves in flight: none of them starts its next transaction until resumed.
    await handle.signal(pauseSignal, { by: 'test' })
    await new Promise((r) => setTimeout(r, 2_500))
    expect(ended.size).toBe(0)
    await handle.signal(resumeSignal, { by: 'test' })
    const result = await handle.result()
    expect(result.outcomes.map((o) => o.state)).toEqual(['completed', 'completed', 'completed', 'completed'])
  })
  const at = (m: Map<string, number>, n: number) => m.get(key(n)) as number
  // Independent moves overlapped; the dependent one started after the move that fills its source ended.
  expect(at(started, 2)).toBeLessThan(at(ended, 0))
  expect(at(started, 3)).toBeLessThan(at(ended, 0))
  expect(at(started, 1)).toBeGreaterThanOrEqual(at(ended, 0))
  const description = await ctx.client.workflow.getHandle(planId).describe()
  const memo = description.memo?.plan as { dependsOn: number[][]; moves: string[] }
  expect(memo.dependsOn).toEqual([[], [0], [], []])
  expect(memo.moves[1]).toBe('#1 idle:arbitrum -> arbitrum/aave/USDC: 100 USD (after #0)')
})

test('behavior: a move whose source move failed is blocked; one that depends on a move needing approval is deferred', async () => {
  const taskQueue = uniqueTaskQueue('cycle')
  const { overrides } = timedSteps({ stepMs: 50, fail: (moveKey) => moveKey.endsWith('/move-0') })
  const plan = fakePlan([
    { from: 'idle:base', to: 'idle:arbitrum', amount: '100' },
    { from: 'idle:arbitrum', to: 'arbitrum/aave/USDC', amount: '100' },
    { from: 'idle:optimism', to: 'idle:avalanche', amount: '50000000', needsApproval: true },
    { from: 'idle:avalanche', to: 'avalanche/aave/USDC', amount: '100' },
    { from: 'idle:unichain', to: 'ethereum/savings/sUSDS', amount: '100' },
  ])
  const worker = await startTestWorker(ctx, {
    taskQueue,
    activityOverrides: { ...overrides, planAllocation: async () => plan },
  })
  const planId = `plan-blocked-${taskQueue}`
  await worker.runUntil(async () => {
    const result = await (await startCycle(taskQueue, planId)).result()
    expect(result.outcomes.map((o) => o.state)).toEqual([
      'failed',
      'blocked',
      'approval-requested',
      'deferred',
      'completed',
    ])
    await decide(planId, { moveIndex: 2, approver: 'bob', decision: 'reject' })
  })
})

test('behavior: two approvals decided in reverse order both execute, each as soon as it is approved', async () => {
  const taskQueue = uniqueTaskQueue('cycle')
  const { calls, overrides } = recordingSteps()
  const worker = await startTestWorker(ctx, { taskQueue, activityOverrides: overrides })
  const planId = `plan-reverse-${taskQueue}`
  await worker.runUntil(async () => {
    const result = await (
      await startCycle(taskQueue, planId, 'test/fixtures/policy-approvals-all.yaml')
    ).result()
    expect(result.outcomes.map((o) => o.state)).toEqual(['approval-requested', 'approval-requested'])
    await decide(planId, { moveIndex: 1, approver: 'alice', decision: 'approve' })
    expect((await request(planId, 1).result()).state).toBe('completed')
    // Move 1 ran while move 0 still waits.
    expect((await request(planId, 0).query(approvalRequestStatusQuery)).state).toBe('pending-approval')
    expect(calls.filter((c) => c.startsWith('deposit'))).toEqual([`deposit ${planId}/move-1`])
    await decide(planId, { moveIndex: 0, approver: 'bob', decision: 'approve' })
    expect((await request(planId, 0).result()).state).toBe('completed')
  })
  expect(calls.filter((c) => c.startsWith('deposit'))).toEqual([
    `deposit ${planId}/move-1`,
    `deposit ${planId}/move-0`,
  ])
})

test('behavior: a pending approval never freezes the loop; the next cycle supersedes it, and an approval of the superseded move is refused', async () => {
  const taskQueue = uniqueTaskQueue('cycle')
  const { calls, overrides } = recordingSteps()
  const { readControlState: _real, ...withRealControl } = overrides
  // Deposits of the approved move of the second plan wait for this gate: its money is then in flight.
  let open: () => void = () => undefined
  const gate = new Promise<void>((r) => {
    open = r
  })
  const worker = await startTestWorker(ctx, {
    taskQueue,
    activityOverrides: {
      ...withRealControl,
      depositToMarket: async (input: { moveKey: string }) => {
        if (input.moveKey.includes('plan-second') && input.moveKey.endsWith('/move-1')) await gate
        return overrides.depositToMarket(input)
      },
    },
  })
  const first = `plan-first-${taskQueue}`
  const second = `plan-second-${taskQueue}`
  await worker.runUntil(async () => {
    try {
      const one = await (await startCycle(taskQueue, first)).result()
      expect(one.outcomes.map((o) => o.state).sort()).toEqual(['approval-requested', 'completed'])
      const large = one.outcomes.find((o) => o.state === 'approval-requested')?.index as number

      // The pending request is not a running cycle: the next cycle plans and runs its auto-approved move.
      const two = await (await startCycle(taskQueue, second)).result()
      expect(two.skippedFor).toBeUndefined()
      expect(two.superseded).toContain(`${first}/move-${large}/approval`)
      expect(two.outcomes.map((o) => o.state).sort()).toEqual(['approval-requested', 'completed'])
      expect(calls).toContain(`deposit ${second}/move-${1 - large}`)

      expect(await refusal(first, { moveIndex: large, approver: 'alice', decision: 'approve' })).toBe(
        `move ${large} of plan ${first} was superseded by plan ${second}: that plan re-planned this money; decide on its moves instead (sll status)`,
      )
      expect(await request(first, large).query(approvalRequestStatusQuery)).toMatchObject({
        state: 'superseded',
        supersededBy: second,
      })

      // An approved move is money in flight: a cycle started meanwhile does nothing.
      await decide(second, { moveIndex: large, approver: 'alice', decision: 'approve' })
      await waitFor('deposit of the approved move started', async () =>
        (await request(second, large).query(approvalRequestStatusQuery)).state === 'running'
          ? true
          : undefined,
      )
      const third = await (await startCycle(taskQueue, `plan-third-${taskQueue}`)).result()
      expect(third.skippedFor).toBe(`${second}/move-${large}/approval`)
      expect(third.plan).toBeUndefined()
      open()
      expect((await request(second, large).result()).state).toBe('completed')
    } finally {
      open()
    }
  })
  expect(calls.filter((c) => c.includes('plan-third'))).toEqual([])
})

test('behavior: a cycle started while another is running does nothing', async () => {
  const taskQueue = uniqueTaskQueue('cycle')
  const { calls, overrides } = recordingSteps()
  const { readControlState: _real, ...withRealControl } = overrides
  let open: () => void = () => undefined
  const gate = new Promise<void>((r) => {
    open = r
  })
  const worker = await startTestWorker(ctx, {
    taskQueue,
    activityOverrides: {
      ...withRealControl,
      depositToMarket: async (input: { moveKey: string }) => {
        await gate
        return overrides.depositToMarket(input)
      },
    },
  })
  await worker.runUntil(async () => {
    try {
      const first = await startCycle(taskQueue, `plan-first-${taskQueue}`)
      await waitFor('first cycle executing', async () =>
        (await first.query(cycleStatusQuery)).moves.some((m) => m.state === 'running') ? true : undefined,
      )
      const skipped = await (await startCycle(taskQueue, `plan-second-${taskQueue}`)).result()
      expect(skipped.skippedFor).toBe(`plan-first-${taskQueue}`)
      expect(skipped.plan).toBeUndefined()
      open()
      const done = await first.result()
      const large = done.outcomes.find((o) => o.state === 'approval-requested')?.index as number
      await decide(`plan-first-${taskQueue}`, { moveIndex: large, approver: 'bob', decision: 'reject' })
    } finally {
      open()
    }
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
