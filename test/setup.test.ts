import { Client, Connection } from '@temporalio/client'
import { afterAll, beforeAll, expect, inject, test } from 'vitest'
import { main } from '../cli/main.js'
import { searchAttributes } from '../temporal.config.js'

const saved = { ...process.env }
let connection: Connection

beforeAll(async () => {
  connection = await Connection.connect({ address: inject('temporalAddress') })
})
afterAll(async () => {
  process.env = saved
  await connection?.close()
})

async function sll(...argv: string[]) {
  const out: string[] = []
  const err: string[] = []
  const code = await main(argv, { stdout: (t) => out.push(t), stderr: (t) => err.push(t) })
  return { code, stdout: out.join('\n'), stderr: err.join('\n') }
}

test('default: sll setup creates namespace, search attributes and schedule; a second run changes nothing', async () => {
  const suffix = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`
  const namespace = `setup-${suffix}`
  process.env.TEMPORAL_ADDRESS = inject('temporalAddress')
  process.env.TEMPORAL_NAMESPACE = namespace
  process.env.SLL_TASK_QUEUE = `setup-${suffix}`
  process.env.SLL_SCHEDULE_ID = `setup-schedule-${suffix}`

  const missing = await sll('setup', '--policy', 'policies/devnet.yaml')
  expect(missing.code).toBe(2)
  expect(missing.stderr).toMatch(/namespace "setup-.*" does not exist.*\n.*--create-namespace/)

  const first = await sll('setup', '--policy', 'policies/example.yaml', '--create-namespace')
  expect(first.code, first.stderr).toBe(0)
  expect(first.stdout).toContain(`namespace ${namespace}: created`)
  expect(first.stdout).toContain(
    'search attributes: added SllPlanId, SllStatus, SllChains, SllTotalUsd, SllPolicySha',
  )
  expect(first.stdout).toMatch(/schedule setup-schedule-.*: created, every 15m/)
  expect(first.stdout).toMatch(/3 change\(s\)$/)
  const listed = await connection.operatorService.listSearchAttributes({ namespace })
  for (const key of Object.values(searchAttributes)) expect(listed.customAttributes?.[key.name]).toBeDefined()

  const second = await sll('setup', '--policy', 'policies/example.yaml', '--create-namespace')
  expect(second.code, second.stderr).toBe(0)
  expect(second.stdout).toContain(`namespace ${namespace}: exists`)
  expect(second.stdout).toContain('search attributes: none added')
  expect(second.stdout).toMatch(/: unchanged, every 15m/)
  expect(second.stdout).toMatch(/no changes$/)

  // Another policy (other interval and path) updates the schedule in place and keeps it paused.
  // (the schedule is paused directly: a signed `sll pause` needs a worker to verify the signature, and
  // test/operator-cli.test.ts covers it)
  const client = new Client({ connection, namespace })
  await client.schedule.getHandle(`setup-schedule-${suffix}`).pause('setup test')
  const updated = await sll('setup', '--policy', 'test/fixtures/policy-devnet-e2e.yaml')
  expect(updated.code, updated.stderr).toBe(0)
  expect(updated.stdout).toMatch(
    /: updated \(interval 900s -> 300s \(5m\); policy .*policies\/example\.yaml -> .*policy-devnet-e2e\.yaml\)/,
  )
  expect(updated.stdout).toContain('paused (kept)')
  const again = await sll('setup', '--policy', 'test/fixtures/policy-devnet-e2e.yaml', '--json')
  expect(again.code, again.stderr).toBe(0)
  const report = JSON.parse(again.stdout)
  expect(report.changes).toEqual([])
  expect(report.schedule).toMatchObject({ state: 'unchanged', paused: true })

  process.env.TEMPORAL_ADDRESS = '127.0.0.1:1'
  const unreachable = await sll('setup', '--policy', 'policies/devnet.yaml')
  expect(unreachable.code).toBe(1)
  expect(unreachable.stderr).toMatch(/cannot reach Temporal at 127\.0\.0\.1:1/)
})
