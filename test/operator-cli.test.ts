import { afterAll, beforeAll, expect, inject, test } from 'vitest'
import { main } from '../cli/main.js'
import type { allocationCycle } from '../workflows/allocation-cycle.js'
import { cycleStatusQuery } from '../workflows/messages.js'
import { recordingSteps } from './fake-chains.js'
import {
  connectTemporal,
  startTestWorker,
  type TemporalTestContext,
  uniqueTaskQueue,
} from './temporal-harness.js'

let ctx: TemporalTestContext
const saved = { ...process.env }

beforeAll(async () => {
  ctx = await connectTemporal()
})
afterAll(async () => {
  process.env = saved
  await ctx?.close()
})

async function sll(...argv: string[]) {
  const out: string[] = []
  const err: string[] = []
  const code = await main(argv, { stdout: (t) => out.push(t), stderr: (t) => err.push(t) })
  return { code, stdout: out.join('\n'), stderr: err.join('\n') }
}

test('default: rebalance, status, approve (refused and accepted), pause and resume through the CLI', async () => {
  const taskQueue = uniqueTaskQueue('cli')
  process.env.TEMPORAL_ADDRESS = inject('temporalAddress')
  process.env.TEMPORAL_NAMESPACE = inject('temporalNamespace')
  process.env.SLL_TASK_QUEUE = taskQueue
  process.env.SLL_SCHEDULE_ID = `no-schedule-${taskQueue}`
  const { calls, overrides } = recordingSteps()
  const worker = await startTestWorker(ctx, { taskQueue, activityOverrides: overrides })
  await worker.runUntil(async () => {
    const started = await sll('rebalance', '--policy', 'test/fixtures/policy-approvals.yaml', '--no-follow')
    expect(started.code, started.stderr).toBe(0)
    const planId = started.stdout.trim()
    expect(planId).toMatch(/^plan-manual-/)
    const handle = ctx.client.workflow.getHandle<typeof allocationCycle>(planId)
    let pending = -1
    for (let i = 0; i < 100 && pending < 0; i++) {
      const status = await handle.query(cycleStatusQuery).catch(() => undefined)
      pending = status?.moves.find((m) => m.state === 'approval-requested')?.index ?? -1
      if (pending < 0) await new Promise((r) => setTimeout(r, 100))
    }
    expect(pending).toBeGreaterThanOrEqual(0)

    const status = await sll('status', planId)
    expect(status.code).toBe(0)
    expect(status.stdout).toContain(`sll approve ${planId} ${pending} --as <approver-id>`)

    const refused = await sll('approve', planId, String(pending), '--as', 'mallory')
    expect(refused.code).toBe(2)
    expect(refused.stdout).toBe('')
    expect(refused.stderr).toMatch(/approver "mallory" is not allowed by the policy/)

    const paused = await sll('pause', '--as', 'ops', '--reason', 'incident drill')
    expect(paused.code).toBe(0)
    expect(paused.stdout).toContain(planId)
    const approved = await sll('approve', planId, String(pending), '--as', 'alice')
    expect(approved.code, approved.stderr).toBe(0)
    expect(approved.stdout).toMatch(
      new RegExp(
        `^move ${pending} of ${planId}: approved by alice \\(base/savings/sUSDS -> base/aave/USDC, 50000000.000000 USD, policy [0-9a-f]{12}\\)$`,
      ),
    )
    await new Promise((r) => setTimeout(r, 1_000))
    expect(calls.filter((c) => c.includes(`/move-${pending}`))).toEqual([])

    expect((await sll('resume', '--as', 'ops')).code).toBe(0)
    const result = await handle.result()
    expect(result.outcomes.map((o) => o.state).sort()).toEqual(['approval-requested', 'completed'])
    const request = ctx.client.workflow.getHandle(`${planId}/move-${pending}/approval`)
    expect((await request.result()).state).toBe('completed')
    expect(calls.filter((c) => c.startsWith(`withdraw ${planId}/move-${pending}`))).toHaveLength(1)
  })
})

test('error: a bad policy is rejected before anything starts', async () => {
  const bad = await sll('rebalance', '--policy', 'test/fixtures/does-not-exist.yaml')
  expect(bad.code).toBe(2)
  expect(bad.stdout).toBe('')
  expect(bad.stderr).toMatch(/does-not-exist\.yaml/)
})

test('error: an unreachable server is one clear line', async () => {
  process.env.TEMPORAL_ADDRESS = '127.0.0.1:1'
  const result = await sll('status')
  expect(result.code).toBe(1)
  expect(result.stderr).toMatch(
    /cannot reach Temporal at 127\.0\.0\.1:1 .*\n\s+-> Start everything with `npm start`/,
  )
})
