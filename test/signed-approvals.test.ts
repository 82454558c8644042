import { WorkflowFailedError, WorkflowUpdateFailedError } from '@temporalio/client'
import { privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, expect, test } from 'vitest'
import type { MoveAuthorization } from '../activities/approval-verification.js'
import { guardStep } from '../activities/step-guard.js'
import { devnetApprovers } from '../chains/devnet-approvers.js'
import { sendOperatorAction } from '../cli/pause.js'
import { signMoveDecision, signOperatorAction } from '../lib/approver-key.js'
import { loadPolicyFile } from '../policies/policy-file.js'
import { searchAttributes } from '../temporal.config.js'
import { allocationCycle } from '../workflows/allocation-cycle.js'
import type { approvalRequest } from '../workflows/approval-request.js'
import { controlWorkflowId } from '../workflows/control-messages.js'
import { executeMove } from '../workflows/execute-move.js'
import {
  approvalRequestStatusQuery,
  cycleStatusQuery,
  decideMoveUpdate,
  moveProgressQuery,
  moveWorkflowId,
} from '../workflows/messages.js'
import { fakePlan, recordingSteps } from './fake-chains.js'
import { keyOf, MALLORY_KEY, signedDecision, type TestDecision } from './signed-decisions.js'
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

/** The recording steps, each behind the real guard the worker runs before a step signs. */
function guardedSteps() {
  const { calls, overrides } = recordingSteps()
  const guard =
    <I extends { moveKey: string }, R>(fn: (input: I) => Promise<R>) =>
    async (input: I) => {
      await guardStep(input as unknown as Parameters<typeof guardStep>[0])
      return fn(input)
    }
  return {
    calls,
    overrides: {
      ...overrides,
      withdrawFromMarket: guard(overrides.withdrawFromMarket),
      convertViaPsm: guard(overrides.convertViaPsm),
      depositToMarket: guard(overrides.depositToMarket),
    },
  }
}

const request = (planId: string, index: number) =>
  ctx.client.workflow.getHandle<typeof approvalRequest>(`${planId}/move-${index}/approval`)

async function decide(planId: string, d: TestDecision) {
  const signed = await signedDecision(ctx.client, planId, d)
  return request(planId, d.moveIndex).executeUpdate(decideMoveUpdate, { args: [signed] })
}

async function refusal(planId: string, d: TestDecision): Promise<string | undefined> {
  return decide(planId, d).then(
    () => undefined,
    (error: unknown) => {
      expect(error).toBeInstanceOf(WorkflowUpdateFailedError)
      return (error as WorkflowUpdateFailedError).cause?.message
    },
  )
}

async function pendingMove(taskQueue: string, planId: string, policy = policyPath): Promise<number> {
  const result = await (
    await ctx.client.workflow.start(allocationCycle, {
      args: [{ policyPath: policy, trigger: { kind: 'manual', by: 'test' } }],
      taskQueue,
      workflowId: planId,
    })
  ).result()
  return result.outcomes.find((o) => o.state === 'approval-requested')?.index as number
}

test('error: forged, foreign and expired signatures are refused; nothing moves', async () => {
  const taskQueue = uniqueTaskQueue('signed')
  const { calls, overrides } = guardedSteps()
  const worker = await startTestWorker(ctx, { taskQueue, activityOverrides: overrides })
  await worker.runUntil(async () => {
    const planId = `plan-forged-${taskQueue}`
    const j = await pendingMove(taskQueue, planId)
    // Forged: Alice's signature with one byte changed recovers to some other address (or none).
    const real = await signedDecision(ctx.client, planId, {
      moveIndex: j,
      approver: 'alice',
      decision: 'approve',
    })
    const s = real.signed.signature
    const forged = {
      ...real,
      signed: {
        ...real.signed,
        signature: `${s.slice(0, 10)}${s[10] === '0' ? '1' : '0'}${s.slice(11)}` as `0x${string}`,
      },
    }
    const forgedRefusal = await request(planId, j)
      .executeUpdate(decideMoveUpdate, { args: [forged] })
      .then(
        () => undefined,
        (e: WorkflowUpdateFailedError) => e.cause?.message,
      )
    expect(forgedRefusal).toMatch(/not an approver of policy approvals-test|does not recover/)
    // A message signed by Alice for another amount is not this move.
    expect(
      await refusal(planId, {
        moveIndex: j,
        approver: 'alice',
        decision: 'approve',
        expected: { amount: '1' },
      }),
    ).toMatch(/not the move you signed: it has amount 50000000.000000 USD/)
    // Or for another plan (the plan hash binds the whole plan).
    expect(
      await refusal(planId, {
        moveIndex: j,
        approver: 'alice',
        decision: 'approve',
        planHash: 'ab'.repeat(32),
      }),
    ).toMatch(/plan hash [0-9a-f]{64}/)
    // Mallory's own valid signature: not an approver.
    expect(await refusal(planId, { moveIndex: j, approver: 'mallory', decision: 'approve' })).toMatch(
      /signed by 0x[0-9a-fA-F]{40}, which is not an approver/,
    )
    // Expired: the deadline is checked against workflow time.
    const past = Math.floor(Date.now() / 1000) - 5
    expect(
      await refusal(planId, { moveIndex: j, approver: 'alice', decision: 'approve', deadline: past }),
    ).toMatch(/the signed decision expired at/)
    const held = await request(planId, j).query(approvalRequestStatusQuery)
    expect([held.state, held.votes]).toEqual(['pending-approval', []])
    expect(calls.filter((c) => c.includes(`/move-${j}`))).toEqual([])
  })
})

test('behavior: a 2-of-3 threshold needs two distinct approver addresses; both signatures authorize the move', async () => {
  const taskQueue = uniqueTaskQueue('signed')
  const { calls, overrides } = guardedSteps()
  const worker = await startTestWorker(ctx, { taskQueue, activityOverrides: overrides })
  await worker.runUntil(async () => {
    const planId = `plan-2of3-${taskQueue}`
    const j = await pendingMove(taskQueue, planId, 'test/fixtures/policy-approvals-2of3.yaml')
    const first = await decide(planId, { moveIndex: j, approver: 'alice', decision: 'approve' })
    expect(first).toEqual({
      moveIndex: j,
      state: 'pending-approval',
      approver: 'alice',
      approvals: 1,
      threshold: 2,
    })
    // One vote per address: Alice again does not count twice.
    expect(await refusal(planId, { moveIndex: j, approver: 'alice', decision: 'approve' })).toMatch(
      /alice \(0xFABB0ac9d68B0B445fB7357272Ff202C5651694a\) already voted on move/,
    )
    await new Promise((r) => setTimeout(r, 500))
    expect(calls.filter((c) => c.includes(`/move-${j}`))).toEqual([])
    const second = await decide(planId, { moveIndex: j, approver: 'carol', decision: 'approve' })
    expect(second).toMatchObject({ state: 'approved', approver: 'carol', approvals: 2, threshold: 2 })
    expect((await request(planId, j).result()).state).toBe('completed')
    expect(calls.filter((c) => c.startsWith(`withdraw ${planId}/move-${j}`))).toHaveLength(1)
    const status = await request(planId, j).query(approvalRequestStatusQuery)
    expect(status.votes.map((v) => v.approver)).toEqual(['alice', 'carol'])
  })
})

test('behavior: a USDC move planned over CCTP takes CCTP whether it runs auto-approved or after its signed approval', async () => {
  const taskQueue = uniqueTaskQueue('signed')
  const { calls, overrides } = guardedSteps()
  const plan = fakePlan([
    { from: 'idle:ethereum', to: 'base/aave/USDC', amount: '20000000', needsApproval: true },
    { from: 'idle:ethereum', to: 'idle:base', amount: '1000' },
  ])
  for (const move of plan.moves) move.bridge = 'cctp'
  // What each move asked its route for (the bridge decides CCTP vs LayerZero in prepareMove).
  const asked: string[] = []
  const worker = await startTestWorker(ctx, {
    taskQueue,
    activityOverrides: {
      ...overrides,
      planAllocation: async () => plan,
      prepareMove: async (input: { from: string; to: string; amountUsd: string; bridge?: string }) => {
        asked.push(`${input.amountUsd} ${input.bridge ?? 'default'}`)
        return overrides.prepareMove(input)
      },
    },
  })
  await worker.runUntil(async () => {
    const planId = `plan-cctp-${taskQueue}`
    const j = await pendingMove(taskQueue, planId)
    expect(j).toBe(0)
    expect(asked).toEqual(['1000 cctp'])
    expect(await decide(planId, { moveIndex: j, approver: 'alice', decision: 'approve' })).toMatchObject({
      state: 'approved',
    })
    expect((await request(planId, j).result()).state).toBe('completed')
  })
  expect(asked).toEqual(['1000 cctp', '20000000 cctp'])
  expect(calls.filter((c) => c.startsWith('withdraw'))).toHaveLength(2)
})

test('error: executeMove started directly with a forged input fails final and signs nothing', async () => {
  const taskQueue = uniqueTaskQueue('signed')
  const { calls, overrides } = guardedSteps()
  const worker = await startTestWorker(ctx, { taskQueue, activityOverrides: overrides })
  const { sha256 } = await loadPolicyFile(policyPath)
  const move = {
    planId: `plan-forged-${taskQueue}`,
    index: 0,
    from: 'idle:ethereum',
    to: 'ethereum/sparklend/USDS',
  }
  const forgedVote = await signMoveDecision(privateKeyToAccount(MALLORY_KEY), {
    ...move,
    moveIndex: 0,
    amount: '90000000',
    policySha256: sha256,
    planHash: '00'.repeat(32),
    decision: 'approve',
    deadline: Math.floor(Date.now() / 1000) + 600,
  })
  const base = { policyPath, policySha256: sha256, planHash: '00'.repeat(32) }
  const inputs: Array<[string, string, MoveAuthorization | undefined, RegExp]> = [
    ['none', '100', undefined, /carries no authorization/],
    ['above auto', '90000000', { ...base, approval: { kind: 'auto' } }, /above the auto-approve limit/],
    [
      'mallory',
      '90000000',
      { ...base, approval: { kind: 'signed', votes: [forgedVote] } },
      /carries 0 valid signed approval/,
    ],
    [
      'other policy',
      '100',
      { ...base, policySha256: 'ab'.repeat(32), approval: { kind: 'auto' } },
      /the file changed since the plan was made/,
    ],
  ]
  await worker.runUntil(async () => {
    for (const [name, amount, authorization, message] of inputs) {
      const handle = await ctx.client.workflow.start(executeMove, {
        args: [{ ...move, amount, ...(authorization ? { authorization } : {}) }],
        taskQueue,
        workflowId: `${move.planId}/forged-${name.replace(' ', '-')}`,
      })
      const error = await handle.result().then(
        () => undefined,
        (e: unknown) => e,
      )
      expect(error, name).toBeInstanceOf(WorkflowFailedError)
      const cause = (error as WorkflowFailedError).cause?.cause as {
        type?: string
        message?: string
        nonRetryable?: boolean
      }
      expect([cause?.type, cause?.nonRetryable], name).toEqual(['UnauthorizedMoveError', true])
      expect(cause?.message, name).toMatch(message)
    }
  })
  expect(calls).toEqual([])
})

test('behavior: a signed pause is durable: a move started without the signal signs nothing until a signed resume', async () => {
  const taskQueue = uniqueTaskQueue('signed')
  const { calls, overrides } = guardedSteps()
  const worker = await startTestWorker(ctx, { taskQueue, activityOverrides: overrides })
  const { sha256 } = await loadPolicyFile(policyPath)
  const action = async (key: `0x${string}`, kind: 'pause' | 'resume') =>
    sendOperatorAction(ctx.client, taskQueue, {
      policyPath,
      signed: await signOperatorAction(privateKeyToAccount(key), {
        action: kind,
        reason: kind === 'pause' ? 'drill' : '',
        policySha256: sha256,
        nonce: `${kind}-${Math.random()}`,
        deadline: Math.floor(Date.now() / 1000) + 600,
      }),
    })
  await worker.runUntil(async () => {
    // Mallory cannot pause (nor resume).
    await expect(action(MALLORY_KEY, 'pause')).rejects.toThrow(WorkflowUpdateFailedError)
    expect(await action(keyOf('bob'), 'pause')).toMatchObject({ paused: true, by: 'bob', reason: 'drill' })
    // A replayed signed action is refused (single use).
    const once = await signOperatorAction(privateKeyToAccount(devnetApprovers['ops-bob'].privateKey), {
      action: 'resume',
      reason: '',
      policySha256: sha256,
      nonce: 'once',
      deadline: Math.floor(Date.now() / 1000) + 600,
    })
    const control = ctx.client.workflow.getHandle(controlWorkflowId(taskQueue))
    try {
      // The cycle is not signalled (it never learns of the pause: readControlState is faked to "not
      // paused"), like a move started while a pause was on its way: its steps read the durable fact.
      const planId = `plan-pause-${taskQueue}`
      const handle = await ctx.client.workflow.start(allocationCycle, {
        args: [{ policyPath, trigger: { kind: 'manual', by: 'test' } }],
        taskQueue,
        workflowId: planId,
      })
      await new Promise((r) => setTimeout(r, 3_000))
      const status = await handle.query(cycleStatusQuery)
      expect(status.moves.some((m) => m.state === 'running')).toBe(true)
      expect(calls.filter((c) => c.startsWith('withdraw'))).toEqual([])
      // The refused step does not spin in activity retries (which end the move once spent): the move
      // itself waits, paused, on a durable timer.
      const running = status.moves.find((m) => m.state === 'running')
      const move = ctx.client.workflow.getHandle(moveWorkflowId(planId, running?.index ?? -1))
      expect(await move.query(moveProgressQuery)).toMatchObject({ paused: true })
      const described = await move.describe()
      expect(described.searchAttributes?.[searchAttributes.status.name]).toEqual(['paused'])
      await sendOperatorAction(ctx.client, taskQueue, { policyPath, signed: once })
      await expect(sendOperatorAction(ctx.client, taskQueue, { policyPath, signed: once })).rejects.toThrow(
        WorkflowUpdateFailedError,
      )
      const result = await handle.result()
      expect(result.outcomes.map((o) => o.state).sort()).toEqual(['approval-requested', 'completed'])
      expect(calls.filter((c) => c.startsWith('withdraw'))).toHaveLength(1)
    } finally {
      await action(keyOf('bob'), 'resume').catch(() => undefined)
      await control.terminate('test done').catch(() => undefined)
    }
  })
})
