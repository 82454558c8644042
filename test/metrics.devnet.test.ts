import { readFileSync, rmSync } from 'node:fs'
import { afterAll, beforeAll, expect, inject, test } from 'vitest'
import { parse } from 'yaml'
import { getPublicClient } from '../activities/clients.js'
import { createActivities } from '../activities/index.js'
import { readLiveSnapshot } from '../activities/markets/live-snapshot.js'
import { getVenue } from '../chains/lookup.js'
import { chainNames } from '../chains/names.js'
import { main } from '../cli/main.js'
import type { Report } from '../cli/report-model.js'
import { planAllocation } from '../policies/plan.js'
import { loadPolicyFile } from '../policies/policy-file.js'
import type { MoveRoute } from '../policies/route.js'
import { freePort } from '../worker/metrics/server.js'
import type { allocationCycle } from '../workflows/allocation-cycle.js'
import { executeMove, type MoveOutcome } from '../workflows/execute-move.js'
import { cycleStatusQuery, decideMoveUpdate } from '../workflows/messages.js'
import { type DevnetStack, startDevnetStack } from './devnet-stack.js'
import { authorizedMove } from './move-authorization.js'
import { alertRulesFile, requirePrometheus, startPrometheus, type TestPrometheus } from './prometheus.js'
import { signedDecision } from './signed-decisions.js'
import { connectTemporal, type TemporalTestContext, uniqueTaskQueue } from './temporal-harness.js'
import { SupervisedWorker, writeWorkflowBundle } from './worker-process.js'

let ctx: TemporalTestContext
let stack: DevnetStack
let worker: SupervisedWorker
let prometheus: TestPrometheus
let bundleFile: string
const taskQueue = uniqueTaskQueue('metrics')
const saved = { ...process.env }
const E2E_POLICY = 'test/fixtures/policy-devnet-e2e.yaml'
let parkedOutcome: MoveOutcome | undefined

/** The expression of an alert rule, exactly as in ops/prometheus/alerts.yml. */
function alertExpr(name: string): string {
  const rules = parse(readFileSync(alertRulesFile, 'utf8')) as {
    groups: { rules: { alert?: string; expr: string }[] }[]
  }
  const rule = rules.groups.flatMap((g) => g.rules).find((r) => r.alert === name)
  if (!rule) throw new Error(`no alert ${name}`)
  return rule.expr
}

async function eventually<T>(what: string, read: () => Promise<T>, ok: (v: T) => boolean, ms = 90_000) {
  const deadline = Date.now() + ms
  let last: T | undefined
  for (;;) {
    last = await read()
    if (ok(last)) return last
    if (Date.now() > deadline) {
      throw new Error(
        `${what}: last ${JSON.stringify(last)}\nworker: ${worker.output.join('').slice(-3000)}\nprometheus: ${prometheus.output.join('').slice(-1000)}`,
      )
    }
    await new Promise((r) => setTimeout(r, 500))
  }
}

const scalar = async (expr: string) => {
  const [first] = await prometheus.query(expr)
  return first ? Number(first.value[1]) : Number.NaN
}

beforeAll(async () => {
  requirePrometheus() // fail early and clearly, before booting anything
  ctx = await connectTemporal()
  stack = await startDevnetStack({ portBase: 25545 })
  bundleFile = await writeWorkflowBundle()
  const [metricsPort, temporalMetricsPort] = [await freePort(), await freePort()]
  worker = new SupervisedWorker({
    ...stack.env,
    TEMPORAL_ADDRESS: inject('temporalAddress'),
    TEMPORAL_NAMESPACE: inject('temporalNamespace'),
    SLL_TASK_QUEUE: taskQueue,
    SLL_SCHEDULE_ID: `no-schedule-${taskQueue}`,
    SLL_WORKFLOW_BUNDLE: bundleFile,
    SLL_METRICS_PORT: String(metricsPort),
    SLL_TEMPORAL_METRICS_PORT: String(temporalMetricsPort),
    SLL_METRICS_INTERVAL_SECONDS: '1',
  })
  worker.start()
  prometheus = await startPrometheus({
    sll: `127.0.0.1:${metricsPort}`,
    'temporal-sdk': `127.0.0.1:${temporalMetricsPort}`,
  })
  await eventually(
    'both worker endpoints scraped',
    () => scalar('sum(up)'),
    (v) => v === 2,
  )
})
afterAll(async () => {
  process.env = saved
  await worker?.stop()
  await prometheus?.stop()
  await stack?.stop()
  await ctx?.close()
  if (bundleFile) rmSync(bundleFile, { force: true })
})

test('behavior: an approval pending longer than half its timeout raises SllApprovalStale', async () => {
  const planId = `plan-metrics-approvals-${taskQueue}`
  const handle = await ctx.client.workflow.start('allocationCycle', {
    taskQueue,
    workflowId: planId,
    args: [
      { policyPath: 'test/fixtures/policy-metrics-approvals.yaml', trigger: { kind: 'manual', by: 'test' } },
    ],
  })
  const stale = await eventually(
    'SllApprovalStale expression',
    () => prometheus.query(alertExpr('SllApprovalStale')),
    (r) => r.some((s) => s.metric.plan_id === planId),
  )
  expect(Number(stale[0]?.value[1])).toBeGreaterThan(0.5)
  const status = await ctx.client.workflow.getHandle<typeof allocationCycle>(planId).query(cycleStatusQuery)
  const pending = status.moves.filter((m) => m.state === 'approval-requested')
  expect(pending.length).toBeGreaterThan(0)
  expect(await scalar('max(sll_approvals_pending)')).toBe(pending.length)
  await eventually(
    'SllApprovalStale in /api/v1/alerts',
    () => prometheus.alerts(),
    (alerts) => alerts.some((a) => a.labels.alertname === 'SllApprovalStale' && a.labels.plan_id === planId),
  )
  // Reject them: the cycle ends without moving money.
  for (const m of pending) {
    await ctx.client.workflow
      .getHandle(`${planId}/move-${m.index}/approval`)
      .executeUpdate(decideMoveUpdate, {
        args: [
          await signedDecision(ctx.client, planId, {
            moveIndex: m.index,
            approver: 'ops-alice',
            decision: 'reject',
            reason: 'test',
          }),
        ],
      })
  }
  await handle.result()
  await eventually(
    'approval alert clears',
    () => prometheus.query(alertExpr('SllApprovalStale')),
    (r) => r.length === 0,
  )
})

/** JSON-RPC to one devnet chain (anvil cheat codes). */
async function rpc(url: string, method: string, params: unknown[]): Promise<unknown> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  })
  const body = (await res.json()) as { result?: unknown; error?: { message: string } }
  if (body.error) throw new Error(`${method}: ${body.error.message}`)
  return body.result
}

test('behavior: a deposit that fails after the bridge parks the move and raises SllMoveParked', async () => {
  const { venue } = getVenue('ethereum/aave/USDC', stack.network.registry)
  if (venue.protocol !== 'aave' && venue.protocol !== 'sparklend') throw new Error('not an Aave venue')
  const rpcUrl = stack.network.endpoint('ethereum').rpcUrl
  const code = (await rpc(rpcUrl, 'eth_getCode', [venue.pool, 'latest'])) as string
  // The pool reverts everything (PUSH1 0 PUSH1 0 REVERT) while the move runs: its deposit fails after the bridge.
  await rpc(rpcUrl, 'anvil_setCode', [venue.pool, '0x60006000fd'])
  let outcome: MoveOutcome
  try {
    outcome = await ctx.client.workflow.execute(executeMove, {
      taskQueue,
      workflowId: `parked-${taskQueue}/move-0`,
      args: [
        await authorizedMove({
          planId: `parked-${taskQueue}`,
          index: 0,
          from: 'idle:base',
          to: 'ethereum/aave/USDC',
          amount: '400',
        }),
      ],
    })
  } finally {
    await rpc(rpcUrl, 'anvil_setCode', [venue.pool, code])
  }
  expect(outcome.status, outcome.error).toBe('parked')
  expect(outcome.parkedAt).toBe('idle:ethereum')
  await eventually(
    'parked move counted',
    () => scalar('max(sll_moves{state="parked"})'),
    (v) => v === 1,
  )
  const parked = await prometheus.query(alertExpr('SllMoveParked'))
  expect(parked.map((s) => Number(s.value[1]))).toEqual([1])
  await eventually(
    'SllMoveParked firing',
    () => prometheus.alerts(),
    (alerts) => alerts.some((a) => a.labels.alertname === 'SllMoveParked' && a.state === 'firing'),
  )
  expect(await scalar('sum(sll_tx_reverts_total{chain="ethereum", stage="simulation"})')).toBe(1)
  parkedOutcome = outcome
})

let e2ePlan: NonNullable<Awaited<ReturnType<typeof allocationCycle>>['plan']>
let e2eOutcomes: MoveOutcome[] = []

test('default: after a devnet cycle Prometheus sees managed USD = the snapshot total and each completed move once', async () => {
  const workflowId = `plan-metrics-e2e-${taskQueue}`
  // Counters so far (the parked move's transactions): give the last increments a scrape to land.
  await new Promise((r) => setTimeout(r, 2_500))
  const [confirmed0, submitted0, reverts0, deliveries0] = [
    await scalar('sum(sll_tx_confirmed_total) or vector(0)'),
    await scalar('sum(sll_tx_submissions_total) or vector(0)'),
    await scalar('sum(sll_tx_reverts_total) or vector(0)'),
    await scalar('sum(sll_bridge_delivery_seconds_count) or vector(0)'),
  ]
  const result = await ctx.client.workflow.execute<typeof allocationCycle>('allocationCycle', {
    taskQueue,
    workflowId,
    args: [{ policyPath: E2E_POLICY, trigger: { kind: 'manual', by: 'test' } }],
  })
  if (!result.plan) throw new Error(`cycle skipped for ${result.skippedFor}`)
  e2ePlan = result.plan
  const completed = result.outcomes.filter((o) => o.state === 'completed')
  expect(completed.length).toBe(result.plan.moves.length)
  expect(completed.length).toBeGreaterThan(0)
  e2eOutcomes = completed.map((o) => o.outcome as MoveOutcome)
  if (parkedOutcome) e2eOutcomes.push(parkedOutcome)

  // Each completed move counted once (visibility by SllStatus, this task queue only).
  await eventually(
    'completed moves',
    () => scalar('max(sll_moves{state="completed"})'),
    (v) => v === completed.length,
  )
  expect(await scalar('max(sll_moves{state="parked"})')).toBe(1) // the parked move of the test before
  // The cycle's own close reaches visibility (and the collector's next tick) after its moves' closes.
  await eventually(
    'completed cycles (the approvals test and this one)',
    () => scalar('max(sll_cycles{outcome="completed"})'),
    (v) => v === 2,
  )
  expect(await scalar('time() - max(sll_last_cycle_completed_timestamp_seconds)')).toBeLessThan(120)

  // Managed USD equals the snapshot's total (positions + idle; interest accrued meanwhile aside: < 1 USD).
  const activities = createActivities({ network: () => stack.network })
  const snapshotTotal = async () => {
    const perChain = await Promise.all(chainNames.map((chain) => activities.readChainMarkets({ chain })))
    return perChain.reduce(
      (s, c) => s + Number(c.idle) + c.markets.reduce((t, m) => t + Number(m.position), 0),
      0,
    )
  }
  const total = await snapshotTotal()
  await eventually(
    'sum(sll_managed_usd) = snapshot total',
    () => scalar('sum(max by (chain, protocol) (sll_managed_usd))'),
    (v) => Math.abs(v - total) < 1,
  )
  // The plan's APRs are exported as planned.
  // (the collector picks the finished cycle's plan up on its next tick: the previous cycle's until then).
  const plannedApr = result.plan.summary.plannedApr
  await eventually(
    'sll_plan_apr{kind="planned"} = the plan of this cycle',
    () => scalar('max(sll_plan_apr{kind="planned"})'),
    (v) => Math.abs(v - plannedApr) < 5e-10,
  )

  // The tx adapter's counters: every transaction of the moves, confirmed once, none reverted.
  const txs = completed.reduce((s, o) => s + (o.outcome?.txHashes.length ?? 0), 0)
  await eventually(
    'tx confirmations',
    () => scalar('sum(sll_tx_confirmed_total)'),
    (v) => v === confirmed0 + txs,
  )
  expect(await scalar('sum(sll_tx_submissions_total)')).toBe(submitted0 + txs)
  expect(await scalar('sum(sll_tx_reverts_total) or vector(0)')).toBe(reverts0)
  // One delivery time per bridged move; gas balances per chain; the vault rates of the last cycle.
  const bridged = result.plan.moves.filter((m) => m.bridge === 'layerzero').length
  expect(await scalar('sum(sll_bridge_delivery_seconds_count)')).toBe(deliveries0 + bridged)
  expect((await prometheus.query('sll_relayer_gas_balance')).length).toBe(chainNames.length)
  await eventually(
    'exchange rates at the last cycle',
    () => prometheus.query('sll_vault_exchange_rate_at_last_cycle'),
    (r) => r.length > 0,
  )
  expect(await prometheus.query(alertExpr('SllVaultExchangeRateJump'))).toEqual([])
  // The Temporal SDK's own metrics, from Core's exporter on the second port.
  expect(await scalar('count({job="temporal-sdk", __name__=~"temporal_.+"})')).toBeGreaterThan(0)
  // Every dashboard query is valid PromQL.
  const dashboard = JSON.parse(readFileSync('ops/grafana/sll.json', 'utf8')) as {
    panels: { targets?: { expr: string }[] }[]
  }
  for (const target of dashboard.panels.flatMap((p) => p.targets ?? [])) await prometheus.query(target.expr)
})

test('default: sll report prints a capture ratio whose inputs check out by hand', async () => {
  Object.assign(process.env, {
    TEMPORAL_ADDRESS: inject('temporalAddress'),
    TEMPORAL_NAMESPACE: inject('temporalNamespace'),
    SLL_TASK_QUEUE: taskQueue,
    SLL_NETWORK: 'devnet',
    SLL_DEVNET_PORT_BASE: String(stack.portBase),
  })
  const out: string[] = []
  const err: string[] = []
  const io = { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t) }
  expect(await main(['report', '--since', '1h', '--json'], io), err.join('\n')).toBe(0)
  const report = JSON.parse(out.join('\n')) as Report

  // Only the e2e cycle executed moves (the approvals cycle was rejected): it is baseline and plan.
  expect(report.cycles.executed).toBe(1)
  expect(report.apr.baseline).toBe(e2ePlan.summary.currentApr)
  expect(report.apr.planned).toBe(e2ePlan.summary.plannedApr)
  // Realised: the engine's currentApr of the live snapshot (what the allocation earns now).
  const { policy } = await loadPolicyFile(E2E_POLICY)
  const live = planAllocation({
    snapshot: await readLiveSnapshot(),
    policy,
    policyRef: { name: 'live', sha256: 'x' },
  }).summary.currentApr
  expect(report.apr.realised).toBeCloseTo(live, 8)
  const baseline = e2ePlan.summary.currentApr
  const planned = e2ePlan.summary.plannedApr
  expect(planned).toBeGreaterThan(baseline)
  expect(report.apr.captureRatio).toBeCloseTo(
    ((report.apr.realised as number) - baseline) / (planned - baseline),
    12,
  )
  expect(report.apr.captureRatio).toBeGreaterThan(0.9)
  expect(report.apr.captureRatio).toBeLessThan(1.1)

  // Money moved and moves by outcome.
  const completedUsd = e2ePlan.moves.reduce((s, m) => s + Number(m.amount), 0)
  expect(report.moneyMovedUsd.completed).toBeCloseTo(completedUsd, 2)
  expect(report.moneyMovedUsd.parked).toBe(400)
  expect(report.moves).toEqual({ running: 0, completed: e2ePlan.moves.length, parked: 1, failed: 0 })

  // Costs by hand: gasUsed x effectiveGasPrice and the value of every move transaction, per chain.
  const byHand: Record<string, { transactions: number; gas: bigint; fees: bigint }> = {}
  for (const outcome of e2eOutcomes) {
    const route = outcome.route as MoveRoute
    const chains = [...new Set([route.source.chain, route.convert?.chain, route.destination.chain])]
    for (const hash of outcome.txHashes as `0x${string}`[]) {
      for (const chain of chains) {
        if (!chain) continue
        const client = getPublicClient(stack.network.endpoint(chain))
        const receipt = await client.getTransactionReceipt({ hash }).catch(() => undefined)
        if (!receipt) continue
        const tx = await client.getTransaction({ hash })
        const c = byHand[chain] ?? { transactions: 0, gas: 0n, fees: 0n }
        byHand[chain] = c
        c.transactions += 1
        c.gas += receipt.gasUsed * receipt.effectiveGasPrice
        c.fees += tx.value
        break
      }
    }
  }
  expect(report.missingReceipts).toBe(0)
  expect(Object.keys(report.costs).sort()).toEqual(Object.keys(byHand).sort())
  for (const [chain, c] of Object.entries(byHand)) {
    const got = report.costs[chain]
    expect(got?.transactions, chain).toBe(c.transactions)
    expect(got?.gasNative, chain).toBeCloseTo(Number(c.gas) / 1e18, 15)
    expect(got?.bridgeFeesNative, chain).toBeCloseTo(Number(c.fees) / 1e18, 15)
  }
  // The LayerZero fee was paid on each bridged move's source chain.
  for (const m of e2eOutcomes.filter((o) => o.route?.bridge)) {
    expect(report.costs[(m.route as MoveRoute).source.chain]?.bridgeFeesNative).toBeGreaterThan(0)
  }

  // The table prints the same capture ratio.
  out.length = 0
  expect(await main(['report', '--since', '1h'], io)).toBe(0)
  expect(out.join('\n')).toMatch(/capture: \d\.\d{4}/)
})
