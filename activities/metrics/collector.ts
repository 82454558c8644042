/**
 * The worker's periodic metrics collector. Every interval it reads Temporal visibility (moves and cycles of
 * the worker's task queue by status, pending approvals, the last plan) and the six chains (positions,
 * idle money, rates, vault exchange rates, the signer's gas), and sets the gauges of `registry.ts`.
 * Visibility is the same for every worker, so several workers export the same values (aggregate with
 * `max`, not `sum`, across instances). A failed source keeps its last values and counts in
 * `sll_collector_errors_total{source}`.
 *
 * @module
 */
import type { Client, WorkflowExecutionInfo } from '@temporalio/client'
import { formatEther } from 'viem'
import { chainNames } from '../../chains/names.js'
import type { Plan } from '../../policies/plan.js'
import { approvalRequestStatusQuery } from '../../workflows/messages.js'
import { getPublicClient } from '../clients.js'
import { PENDING_REQUESTS_QUERY } from '../control-state.js'
import { toChainMarkets } from '../markets/convert.js'
import { readChainRaw } from '../markets/read-chain.js'
import type { Network } from '../network.js'
import { currentSupplyRate, weightedRates } from './apr.js'
import { sllMetrics } from './registry.js'

/** Options of {@link startMetricsCollector}. */
export type MetricsCollectorOptions = {
  client: Client
  taskQueue: string
  scheduleId: string
  /** Chains and signer to read; without it only Temporal is collected. */
  network?: () => Network
  intervalMs: number
  log: { warn: (fields: object, message: string) => void }
  now?: () => number
}

/** A running collector. `collect()` runs one collection now (tests, first scrape). */
export type MetricsCollector = { collect: () => Promise<void>; stop: () => void }

const PARKED_WINDOW_MS = 24 * 3_600_000

const quote = (value: string) => `'${value.replaceAll("'", "\\'")}'`

/** Starts collecting now and every `intervalMs`; collections never overlap. */
export function startMetricsCollector(options: MetricsCollectorOptions): MetricsCollector {
  const state: CollectorState = { lastCycleId: undefined, lastPlan: undefined, ratesAtCycle: undefined }
  let running: Promise<void> | undefined
  const collect = () => {
    running ??= collectOnce(options, state).finally(() => {
      running = undefined
    })
    return running
  }
  const timer = setInterval(() => void collect(), options.intervalMs)
  timer.unref()
  void collect()
  return { collect, stop: () => clearInterval(timer) }
}

type CollectorState = {
  lastCycleId: string | undefined
  lastPlan: Plan | undefined
  /** Vault exchange rates to copy into `..._at_last_cycle` at the next chain read (a new cycle closed). */
  ratesAtCycle: 'pending' | undefined
}

async function guarded(options: MetricsCollectorOptions, source: string, run: () => Promise<void>) {
  try {
    await run()
  } catch (error) {
    sllMetrics.collectorErrors.inc({ source })
    options.log.warn(
      { source, error: error instanceof Error ? error.message : String(error) },
      'metrics: read failed',
    )
  }
}

async function collectOnce(options: MetricsCollectorOptions, state: CollectorState): Promise<void> {
  await guarded(options, 'temporal', () => collectTemporal(options, state))
  const network = options.network
  if (!network) return
  let net: Network
  try {
    net = network()
  } catch (error) {
    sllMetrics.collectorErrors.inc({ source: 'network' })
    options.log.warn({ error: error instanceof Error ? error.message : String(error) }, 'metrics: no network')
    return
  }
  const copyRates = state.ratesAtCycle === 'pending'
  state.ratesAtCycle = undefined
  await Promise.all(
    chainNames.map((chain) => guarded(options, chain, () => collectChain(options, net, chain, copyRates))),
  )
}

/** The execution that closed last among the newest `scan` matches (SQL visibility has no ORDER BY). */
async function lastClosed(
  client: Client,
  query: string,
  scan = 50,
): Promise<WorkflowExecutionInfo | undefined> {
  let best: WorkflowExecutionInfo | undefined
  let seen = 0
  for await (const execution of client.workflow.list({ query, pageSize: scan })) {
    if (execution.closeTime && (!best?.closeTime || execution.closeTime > best.closeTime)) best = execution
    if (++seen >= scan) break
  }
  return best
}

async function collectTemporal(options: MetricsCollectorOptions, state: CollectorState): Promise<void> {
  const { client, taskQueue } = options
  const now = options.now?.() ?? Date.now()
  const count = async (query: string) => (await client.workflow.count(query)).count
  const moves = `WorkflowType = 'executeMove' AND TaskQueue = ${quote(taskQueue)}`
  const cycles = `WorkflowType = 'allocationCycle' AND TaskQueue = ${quote(taskQueue)}`

  for (const status of ['running', 'completed', 'parked', 'failed'] as const) {
    sllMetrics.moves.set({ state: status }, await count(`${moves} AND SllStatus = ${quote(status)}`))
  }
  const since = new Date(now - PARKED_WINDOW_MS).toISOString()
  sllMetrics.movesParkedRecent.set(
    await count(`${moves} AND SllStatus = 'parked' AND CloseTime > ${quote(since)}`),
  )
  let oldestStart = now
  for await (const execution of client.workflow.list({ query: `${moves} AND ExecutionStatus = 'Running'` })) {
    oldestStart = Math.min(oldestStart, execution.startTime.getTime())
  }
  sllMetrics.moveOldestRunningSeconds.set((now - oldestStart) / 1000)

  const outcomes: Record<string, string> = {
    completed: `${cycles} AND ExecutionStatus = 'Completed' AND SllStatus = 'completed'`,
    'nothing-to-do': `${cycles} AND ExecutionStatus = 'Completed' AND SllStatus = 'nothing-to-do'`,
    skipped: `${cycles} AND ExecutionStatus = 'Completed' AND SllStatus = 'skipped'`,
    failed: `${cycles} AND ExecutionStatus IN ('Failed', 'TimedOut')`,
    running: `${cycles} AND ExecutionStatus = 'Running'`,
  }
  for (const [outcome, query] of Object.entries(outcomes))
    sllMetrics.cycles.set({ outcome }, await count(query))

  const lastCompleted = await lastClosed(client, `${cycles} AND ExecutionStatus = 'Completed'`)
  if (lastCompleted?.closeTime) {
    sllMetrics.lastCycleCompletedTimestamp.set(lastCompleted.closeTime.getTime() / 1000)
    if (lastCompleted.workflowId !== state.lastCycleId) {
      const result = (await client.workflow
        .getHandle(lastCompleted.workflowId, lastCompleted.runId)
        .result()) as {
        plan?: Plan
      }
      state.lastCycleId = lastCompleted.workflowId
      if (result.plan) state.lastPlan = result.plan
      state.ratesAtCycle = 'pending'
    }
  }
  const lastFailed = await lastClosed(client, `${cycles} AND ExecutionStatus IN ('Failed', 'TimedOut')`)
  sllMetrics.lastCycleFailedTimestamp.set(lastFailed?.closeTime ? lastFailed.closeTime.getTime() / 1000 : 0)

  const interval = await client.schedule
    .getHandle(options.scheduleId)
    .describe()
    .then((d) => d.spec.intervals?.[0]?.every)
    .catch(() => undefined)
  if (interval === undefined) sllMetrics.cycleIntervalSeconds.reset()
  else sllMetrics.cycleIntervalSeconds.set(interval / 1000)

  await collectApprovals(options, now)

  const plan = state.lastPlan
  if (plan) {
    sllMetrics.planApr.set({ kind: 'current' }, plan.summary.currentApr)
    sllMetrics.planApr.set({ kind: 'planned' }, plan.summary.plannedApr)
    const rows = plan.targets.map((t) => {
      const [chain = '?', protocol = '?'] = t.market.split('/')
      return { group: `${chain}|${protocol}`, weight: Number(t.amount), rate: t.plannedRate }
    })
    for (const [group, rate] of weightedRates(rows)) {
      const [chain = '?', protocol = '?'] = group.split('|')
      sllMetrics.apr.set({ chain, protocol, kind: 'planned' }, rate)
    }
  }
}

async function collectApprovals(options: MetricsCollectorOptions, now: number): Promise<void> {
  const { client } = options
  const pending: { planId: string; move: number; ageSeconds: number; timeoutSeconds?: number }[] = []
  // Each move waiting for approval lives in its own approvalRequest workflow (the cycle does not wait).
  for await (const execution of client.workflow.list({ query: PENDING_REQUESTS_QUERY })) {
    const status = await client.workflow
      .getHandle(execution.workflowId, execution.runId)
      .query(approvalRequestStatusQuery)
      .catch(() => undefined)
    if (status?.state !== 'pending-approval') continue
    const since = execution.startTime.getTime()
    pending.push({
      planId: status.planId,
      move: status.index,
      ageSeconds: Math.max(0, (now - since) / 1000),
      timeoutSeconds: (Date.parse(status.expiresAt) - since) / 1000,
    })
  }
  sllMetrics.approvalPendingSeconds.reset()
  sllMetrics.approvalTimeoutSeconds.reset()
  for (const p of pending) {
    const labels = { plan_id: p.planId, move: String(p.move) }
    sllMetrics.approvalPendingSeconds.set(labels, p.ageSeconds)
    if (p.timeoutSeconds !== undefined) sllMetrics.approvalTimeoutSeconds.set(labels, p.timeoutSeconds)
  }
  sllMetrics.approvalsPending.set(pending.length)
  sllMetrics.approvalOldestPendingSeconds.set(Math.max(0, ...pending.map((p) => p.ageSeconds)))
}

async function collectChain(
  options: MetricsCollectorOptions,
  network: Network,
  chain: (typeof chainNames)[number],
  copyRates: boolean,
): Promise<void> {
  const endpoint = network.endpoint(chain)
  const [raw, gas] = await Promise.all([
    readChainRaw({
      chain,
      rpcUrl: endpoint.rpcUrl,
      deployment: network.registry[chain],
      operator: network.holder(chain),
      psm3: network.psm3(chain),
    }),
    getPublicClient(endpoint).getBalance({ address: network.signer.address }),
  ])
  const markets = toChainMarkets(raw)
  sllMetrics.relayerGasBalance.set({ chain }, Number(formatEther(gas)))

  const byProtocol = new Map<string, number>()
  for (const m of markets.markets) {
    sllMetrics.positionUsd.set(
      { market: m.id, chain, protocol: m.protocol, asset: m.asset },
      Number(m.position),
    )
    byProtocol.set(m.protocol, (byProtocol.get(m.protocol) ?? 0) + Number(m.position))
  }
  byProtocol.set('idle', Number(markets.idle))
  for (const [protocol, usd] of byProtocol) sllMetrics.managedUsd.set({ chain, protocol }, usd)

  const rows = markets.markets.map((m) => ({
    group: m.protocol,
    weight: Number(m.position),
    rate: currentSupplyRate(m),
  }))
  for (const [protocol, rate] of weightedRates(rows))
    sllMetrics.apr.set({ chain, protocol, kind: 'current' }, rate)

  for (const m of raw.markets) {
    const rate =
      m.kind === 'morpho'
        ? ratio(m.vaultTotalAssets, m.vaultTotalSupply)
        : m.kind === 'savings'
          ? ratio(m.totalAssets, m.totalSupply)
          : undefined
    if (rate === undefined) continue
    sllMetrics.vaultExchangeRate.set({ market: m.venue.id }, rate)
    if (copyRates) sllMetrics.vaultExchangeRateAtLastCycle.set({ market: m.venue.id }, rate)
  }
  sllMetrics.chainReadTimestamp.set({ chain }, (options.now?.() ?? Date.now()) / 1000)
}

/** a / b as a float with 18 significant digits of the bigint quotient kept. */
function ratio(a: bigint, b: bigint): number | undefined {
  if (b === 0n) return undefined
  const scale = 10n ** 18n
  return Number((a * scale) / b) / 1e18
}
