import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, inject, test } from 'vitest'
import { devnetApprovers } from '../chains/devnet-approvers.js'
import { main } from '../cli/main.js'
import type { allocationCycle } from '../workflows/allocation-cycle.js'
import { controlWorkflowId } from '../workflows/control-messages.js'
import { cycleStatusQuery } from '../workflows/messages.js'
import { recordingSteps } from './fake-chains.js'
import { MALLORY_KEY } from './signed-decisions.js'
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
    expect(status.stdout).toContain(`sll approve ${planId} ${pending} --key-file <your-approver-key>`)

    // No key: nothing is sent. A key readable by others is refused before it is read.
    delete process.env.SLL_APPROVER_KEY
    const keyless = await sll('approve', planId, String(pending))
    expect([keyless.code, keyless.stderr]).toEqual([2, expect.stringMatching(/no approver key/)])
    const dir = mkdtempSync(join(tmpdir(), 'sll-keys-'))
    const aliceKey = join(dir, 'alice.key')
    writeFileSync(aliceKey, `${devnetApprovers['ops-alice'].privateKey}\n`, { mode: 0o644 })
    chmodSync(aliceKey, 0o644)
    const loose = await sll('approve', planId, String(pending), '--key-file', aliceKey)
    expect(loose.stderr).toMatch(/readable by others \(mode 644\)[\s\S]*chmod 600/)
    expect(loose.stderr).not.toContain(devnetApprovers['ops-alice'].privateKey.slice(2))

    // Mallory's key signs a valid message, but her address is not an approver of the policy.
    process.env.SLL_APPROVER_KEY = MALLORY_KEY
    const refused = await sll('approve', planId, String(pending))
    expect(refused.code).toBe(2)
    expect(refused.stdout).toBe('')
    expect(refused.stderr).toMatch(
      /signed by 0x[0-9a-fA-F]{40}, which is not an approver of policy approvals-test/,
    )
    // Pause is signed too: Mallory cannot pause.
    const malloryPause = await sll('pause', '--policy', 'test/fixtures/policy-approvals.yaml')
    expect(malloryPause.stderr).toMatch(/pause refused: .*not an approver of approvals-test/)
    delete process.env.SLL_APPROVER_KEY

    chmodSync(aliceKey, 0o600)
    const paused = await sll(
      'pause',
      '--key-file',
      aliceKey,
      '--policy',
      'test/fixtures/policy-approvals.yaml',
      '--reason',
      'incident drill',
    )
    expect(paused.code, paused.stderr).toBe(0)
    expect(paused.stdout).toContain('paused by alice: incident drill')
    expect(paused.stdout).toContain(planId)
    const approved = await sll('approve', planId, String(pending), '--key-file', aliceKey)
    expect(approved.code, approved.stderr).toBe(0)
    expect(approved.stdout).toMatch(
      new RegExp(
        `^move ${pending} of ${planId}: approved by alice \\(0xFABB0ac9d68B0B445fB7357272Ff202C5651694a\\) \\(base/savings/sUSDS -> base/aave/USDC, 50000000.000000 USD, policy [0-9a-f]{12}\\)$`,
      ),
    )
    await new Promise((r) => setTimeout(r, 1_000))
    expect(calls.filter((c) => c.includes(`/move-${pending}`))).toEqual([])

    const resumed = await sll(
      'resume',
      '--key-file',
      aliceKey,
      '--policy',
      'test/fixtures/policy-approvals.yaml',
    )
    expect(resumed.code, resumed.stderr).toBe(0)
    const result = await handle.result()
    expect(result.outcomes.map((o) => o.state).sort()).toEqual(['approval-requested', 'completed'])
    const request = ctx.client.workflow.getHandle(`${planId}/move-${pending}/approval`)
    expect((await request.result()).state).toBe('completed')
    expect(calls.filter((c) => c.startsWith(`withdraw ${planId}/move-${pending}`))).toHaveLength(1)
  })
  // The control workflow polls this test's task queue: end it so that later tests start their own.
  await ctx.client.workflow
    .getHandle(controlWorkflowId(taskQueue))
    .terminate('test done')
    .catch(() => undefined)
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
