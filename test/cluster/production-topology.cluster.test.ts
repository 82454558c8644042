import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Client, Connection } from '@temporalio/client'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { devnetAccounts } from '../../chains/devnet-accounts.js'
import { chainNames } from '../../chains/names.js'
import { resolveTemporalServer } from '../../ops/temporal-server-binaries.js'
import type { PlannedMove } from '../../policies/plan.js'
import type { AllocationCycleResult } from '../../workflows/allocation-cycle.js'
import { bridgeConservation, countBridgeSends, readLedger } from '../chain-ledger.js'
import { type DevnetStack, startDevnetStack } from '../devnet-stack.js'
import { writeWorkflowBundle } from '../worker-process.js'
import { type Postgres, startPostgres } from './postgres.js'
import { startTemporalCluster, type TemporalCluster } from './temporal-cluster.js'

// The production topology of docker-compose.yml, run as plain processes on this machine: PostgreSQL,
// a released Temporal server (schema by temporal-sql-tool), `sll setup` (one-shot), two workers.
// The e2e policy (same-chain and cross-chain moves) with a weekly schedule (ticks Thursdays 00:00 UTC): the
// test triggers its one cycle itself (a paused schedule would pause the cycle too: that is `sll pause`).
const POLICY = join(mkdtempSync(join(tmpdir(), 'sll-cluster-policy-')), 'policy-cluster.yaml')
writeFileSync(
  POLICY,
  readFileSync('test/fixtures/policy-devnet-e2e.yaml', 'utf8').replace(/interval: 5m/, 'interval: 7d'),
)
const NAMESPACE = 'sll-cluster'
const TASK_QUEUE = 'sll-cluster'
const SCHEDULE_ID = 'sll-allocation-cycle'

let pg: Postgres | undefined
let cluster: TemporalCluster | undefined
let stack: DevnetStack | undefined
let bundlePath: string
const workers: WorkerProcess[] = []
const timings: Record<string, number> = {}

async function timed<T>(name: string, run: () => Promise<T> | T): Promise<T> {
  const started = Date.now()
  try {
    return await run()
  } finally {
    timings[name] = Date.now() - started
  }
}

beforeAll(async () => {
  const bins = resolveTemporalServer() // `node --import tsx scripts/ensure-temporal-server.ts` builds them
  pg = await timed('postgres', () => startPostgres())
  cluster = await timed('temporal-server (schema + start)', () => startTemporalCluster(bins, pg as Postgres))
  stack = await timed('devnet + relayer', () => startDevnetStack({ portBase: 25545 }))
  bundlePath = await timed('workflow bundle', () => writeWorkflowBundle())
}, 300_000)

afterAll(async () => {
  for (const w of workers) if (w.alive) w.child.kill('SIGKILL')
  await stack?.stop()
  await cluster?.stop()
  await pg?.stop()
  console.info(`cluster test timings (ms): ${JSON.stringify(timings)}`)
})

function clusterEnv(): NodeJS.ProcessEnv {
  return {
    ...stack?.env,
    TEMPORAL_ADDRESS: cluster?.address,
    TEMPORAL_NAMESPACE: NAMESPACE,
    SLL_TASK_QUEUE: TASK_QUEUE,
    SLL_SCHEDULE_ID: SCHEDULE_ID,
    SLL_CLI_FROM_SOURCE: '',
  }
}

/** Runs the real CLI (`bin/sll.mjs`) as the compose file's one-shot `setup` service does. */
function sll(args: string[], env: NodeJS.ProcessEnv = clusterEnv()) {
  const result = spawnSync(process.execPath, ['bin/sll.mjs', ...args], {
    env,
    encoding: 'utf8',
    timeout: 120_000,
  })
  return { code: result.status, stdout: result.stdout, stderr: result.stderr }
}

/** One worker process (`worker/main.ts`), not restarted when it dies. */
class WorkerProcess {
  readonly output: string[] = []
  readonly child: ChildProcess
  readonly exited: Promise<NodeJS.Signals | null>
  constructor(
    readonly name: string,
    env: NodeJS.ProcessEnv,
  ) {
    this.child = spawn(process.execPath, ['--import', 'tsx', 'worker/main.ts'], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    for (const stream of [this.child.stdout, this.child.stderr]) {
      stream?.setEncoding('utf8')
      stream?.on('data', (chunk: string) => this.output.push(chunk))
    }
    this.exited = new Promise((r) => this.child.once('exit', (_code, signal) => r(signal)))
  }
  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null
  }
  async stop(): Promise<void> {
    if (!this.alive) return
    this.child.kill('SIGTERM')
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 15_000)
    await this.exited
    clearTimeout(timer)
  }
}

const toUnits18 = (amount: string) => {
  const [whole, fraction = ''] = amount.split('.')
  return BigInt(whole ?? '0') * 10n ** 18n + BigInt(fraction.padEnd(18, '0'))
}

test('cluster: PostgreSQL + temporal-server + sll setup + two workers run a cycle; a worker SIGKILLed mid-move, the other finishes it', async () => {
  if (!cluster || !stack) throw new Error('setup failed')

  // sll setup on a fresh cluster: creates the namespace, registers the search attributes, creates the schedule.
  const first = await timed('sll setup (first)', () =>
    sll(['setup', '--create-namespace', '--policy', POLICY]),
  )
  expect(first.code, first.stderr).toBe(0)
  expect(first.stdout).toContain(`namespace ${NAMESPACE}: created`)
  expect(first.stdout).toContain(
    'search attributes: added SllPlanId, SllStatus, SllChains, SllTotalUsd, SllPolicySha',
  )
  expect(first.stdout).toContain(`schedule ${SCHEDULE_ID}: created, every 7d`)

  const connection = await Connection.connect({ address: cluster.address })
  const client = new Client({ connection, namespace: NAMESPACE })
  try {
    // A second run changes nothing, and keeps a paused schedule paused.
    const schedule = client.schedule.getHandle(SCHEDULE_ID)
    await schedule.pause('cluster test: is the pause kept?')
    const second = await timed('sll setup (second)', () =>
      sll(['setup', '--create-namespace', '--policy', POLICY]),
    )
    expect(second.code, second.stderr).toBe(0)
    expect(second.stdout).toMatch(/no changes\s*$/)
    expect(second.stdout).toContain('paused (kept)')
    await schedule.unpause('cluster test: one cycle, triggered now')

    // The plan the cycle will make (same chains, same policy): the first cross-chain move is the victim.
    const planned = sll(['plan', '--policy', POLICY, '--json'], stack.env)
    expect(planned.code, planned.stderr).toBe(0)
    const expectedMoves = (JSON.parse(planned.stdout) as { moves: PlannedMove[] }).moves
    const victim = expectedMoves.findIndex((m) => m.bridge === 'layerzero')
    expect(victim).toBeGreaterThanOrEqual(0)
    expect(expectedMoves.some((m) => m.bridge === 'none')).toBe(true)

    // Two workers on the same task queue and the same signer. They share the transaction journal (one
    // nonce owner per chain and signer: the PID lock file moves to the survivor when the owner dies).
    // Whichever worker broadcasts the victim's bridge transaction SIGKILLs itself right after it.
    const journalDir = join(mkdtempSync(join(tmpdir(), 'sll-cluster-journal-')), 'tx-journal')
    for (const name of ['worker-a', 'worker-b']) {
      workers.push(
        new WorkerProcess(name, {
          ...clusterEnv(),
          SLL_TX_JOURNAL_DIR: journalDir,
          SLL_WORKFLOW_BUNDLE: bundlePath,
          SLL_CHAOS_CRASH_AT: 'after-broadcast',
          SLL_CHAOS_CRASH_KEY: `/move-${victim}/bridge`,
          SLL_LOG_LEVEL: 'info',
        }),
      )
    }
    for (const w of workers) {
      const deadline = Date.now() + 120_000
      while (!w.output.join('').includes('worker polling')) {
        if (!w.alive || Date.now() > deadline)
          throw new Error(`${w.name} did not start:\n${w.output.join('')}`)
        await new Promise((r) => setTimeout(r, 200))
      }
    }

    const before = await readLedger(stack.network)
    const sendsBefore = await countBridgeSends(stack.network)
    const cycleStarted = Date.now()
    await schedule.trigger()
    let workflowId: string | undefined
    for (let i = 0; i < 100 && !workflowId; i++) {
      const described = await schedule.describe()
      workflowId = [
        ...described.info.runningActions,
        ...described.info.recentActions.map((a) => a.action),
      ].find((a) => a?.workflow?.workflowId)?.workflow.workflowId
      if (!workflowId) await new Promise((r) => setTimeout(r, 200))
    }
    if (!workflowId) throw new Error('the schedule did not start a cycle')
    const handle = client.workflow.getHandle(workflowId)
    const result = (await Promise.race([
      handle.result(),
      new Promise((_, reject) =>
        setTimeout(async () => {
          const tails = workers.map(
            (w) => `--- ${w.name} (alive ${w.alive}):\n${w.output.join('').slice(-3000)}`,
          )
          const history = await handle.fetchHistory().catch(() => undefined)
          const events = (history?.events ?? []).slice(-15).map((e) => JSON.stringify(e).slice(0, 400))
          reject(
            new Error(
              `cycle ${workflowId} did not finish in 5 min:\n${events.join('\n')}\n${tails.join('\n')}\n--- server:\n${cluster?.output.join('').slice(-3000)}`,
            ),
          )
        }, 300_000),
      ),
    ])) as AllocationCycleResult
    timings['cycle (trigger to result)'] = Date.now() - cycleStarted

    const plan = result.plan
    if (!plan) throw new Error(`cycle skipped for ${result.skippedFor}`)
    expect(plan.moves.map((m) => [m.from, m.to, m.amount])).toEqual(
      expectedMoves.map((m) => [m.from, m.to, m.amount]),
    )
    expect(result.outcomes.map((o) => o.state)).toEqual(plan.moves.map(() => 'completed'))

    // Exactly one worker died, by SIGKILL, in the victim's bridge step; the other is alive and finished it.
    const dead = workers.filter((w) => !w.alive)
    expect(dead.map((w) => w.name)).toHaveLength(1)
    expect(await dead[0]?.exited).toBe('SIGKILL')
    expect(workers.filter((w) => w.alive)).toHaveLength(1)

    // Money conserved to the base unit, one bridge transfer per cross-chain move (none sent twice).
    const ledger = await readLedger(stack.network)
    for (const chain of chainNames) {
      let expected = before.idleUsd18[chain] as bigint
      for (const m of plan.moves) {
        if (m.from === `idle:${chain}`) expected -= toUnits18(m.amount)
        if (m.to === `idle:${chain}`) expected += toUnits18(m.amount)
      }
      expect(ledger.idleUsd18[chain] as bigint, `idle on ${chain}`).toBe(expected)
    }
    const cctpMoved = plan.moves.some((m) => m.bridge === 'cctp')
    for (const [label, actual, expected] of bridgeConservation(before, ledger, cctpMoved))
      expect(actual, label).toBe(expected)
    expect((await countBridgeSends(stack.network)) - sendsBefore).toBe(
      plan.moves.filter((m) => m.bridge === 'layerzero').length,
    )

    // The search attributes `sll setup` registered work on the SQL visibility store.
    let found = 0
    for (let i = 0; i < 50 && found === 0; i++) {
      for await (const _ of client.workflow.list({
        query: `SllPlanId = "${result.planId}" AND WorkflowType = "allocationCycle"`,
      }))
        found++
      if (found === 0) await new Promise((r) => setTimeout(r, 200))
    }
    expect(found).toBeGreaterThan(0)

    // No worker log shows the signer's key.
    const key = devnetAccounts.operator.privateKey.slice(2).toLowerCase()
    for (const w of workers) expect(w.output.join('').toLowerCase().includes(key), w.name).toBe(false)
  } finally {
    for (const w of workers) if (w.alive) w.child.kill('SIGKILL') // a test timeout must not leave workers
    await Promise.all(workers.map((w) => w.stop()))
    await connection.close()
  }
}, 600_000)
