import type { Client } from '@temporalio/client'
import { formatEther, type Hex } from 'viem'
import { getPublicClient } from '../activities/clients.js'
import { readLiveSnapshot } from '../activities/markets/live-snapshot.js'
import { allocationApr } from '../activities/metrics/apr.js'
import { loadNetwork, type Network } from '../activities/network.js'
import type { ChainName } from '../chains/names.js'
import { durationToMs } from '../policies/policy-schema.js'
import type { MoveRoute } from '../policies/route.js'
import { searchAttributes } from '../temporal.config.js'
import type { AllocationCycleResult } from '../workflows/allocation-cycle.js'
import type { MoveOutcome } from '../workflows/execute-move.js'
import { type Command, parseFlags, UsageError } from './command.js'
import { commandInfo } from './commands.js'
import {
  buildReport,
  type ChainCosts,
  formatReport,
  type ReportCycle,
  type ReportMove,
} from './report-model.js'
import { connectClient } from './temporal-client.js'

const { usage, summary } = commandInfo.report

const quote = (value: string) => `'${value.replaceAll("'", "\\'")}'`
const MOVE_STATES = new Set(['running', 'completed', 'parked', 'failed'])

/** Completed cycles and moves of the task queue started since `since`, with their results. */
async function readTemporal(client: Client, taskQueue: string, since: string) {
  const scope = `TaskQueue = ${quote(taskQueue)} AND StartTime > ${quote(since)}`
  const cycles: ReportCycle[] = []
  const cycleOutcomes: Record<string, number> = {
    completed: 0,
    'nothing-to-do': 0,
    skipped: 0,
    failed: 0,
    running: 0,
  }
  for await (const e of client.workflow.list({ query: `WorkflowType = 'allocationCycle' AND ${scope}` })) {
    if (e.status.name === 'RUNNING') cycleOutcomes.running = (cycleOutcomes.running ?? 0) + 1
    else if (e.status.name === 'FAILED' || e.status.name === 'TIMED_OUT')
      cycleOutcomes.failed = (cycleOutcomes.failed ?? 0) + 1
    if (e.status.name !== 'COMPLETED') continue
    const result = (await client.workflow.getHandle(e.workflowId, e.runId).result()) as AllocationCycleResult
    const phase = e.typedSearchAttributes.get(searchAttributes.status) ?? 'completed'
    cycleOutcomes[phase] = (cycleOutcomes[phase] ?? 0) + 1
    cycles.push({
      planId: result.planId,
      closeTime: e.closeTime?.toISOString() ?? '',
      ...(result.plan ? { plan: result.plan } : {}),
      moveStates: result.outcomes.map((o) => o.state),
    })
  }
  const moves: ReportMove[] = []
  const outcomes: MoveOutcome[] = []
  for await (const e of client.workflow.list({ query: `WorkflowType = 'executeMove' AND ${scope}` })) {
    const status = e.typedSearchAttributes.get(searchAttributes.status) ?? 'running'
    let amountUsd = e.typedSearchAttributes.get(searchAttributes.totalUsd)
    if (e.status.name === 'COMPLETED') {
      const outcome = (await client.workflow.getHandle(e.workflowId, e.runId).result()) as MoveOutcome
      outcomes.push(outcome)
      // A move started on its own (not by a cycle) has no SllTotalUsd: its route says the amount.
      amountUsd ??= outcome.route ? Number(outcome.route.amountUsd) : undefined
    }
    amountUsd ??= 0
    if (MOVE_STATES.has(status)) {
      moves.push({ workflowId: e.workflowId, status: status as ReportMove['status'], amountUsd })
    } else if (e.status.name !== 'RUNNING') {
      moves.push({ workflowId: e.workflowId, status: 'failed', amountUsd })
    }
  }
  return { cycles, cycleOutcomes, moves, outcomes }
}

/**
 * Gas (gasUsed x effectiveGasPrice) and bridge fees (the value sent with a transaction: only the OFT send
 * carries one, the LayerZero native fee) of every transaction of the moves, per chain, from the receipts.
 */
async function readCosts(network: Network, outcomes: MoveOutcome[]) {
  const costs: Partial<Record<ChainName, ChainCosts>> = {}
  let missingReceipts = 0
  for (const outcome of outcomes) {
    const route = outcome.route as MoveRoute | undefined
    if (!route) continue
    const chains = [...new Set([route.source.chain, route.convert?.chain, route.destination.chain])].filter(
      (c): c is ChainName => c !== undefined,
    )
    for (const hash of outcome.txHashes as Hex[]) {
      let found = false
      for (const chain of chains) {
        const client = getPublicClient(network.endpoint(chain))
        const receipt = await client.getTransactionReceipt({ hash }).catch(() => undefined)
        if (!receipt) continue
        const tx = await client.getTransaction({ hash })
        const c = costs[chain] ?? { transactions: 0, gasNative: 0, bridgeFeesNative: 0 }
        costs[chain] = c
        c.transactions += 1
        c.gasNative += Number(formatEther(receipt.gasUsed * receipt.effectiveGasPrice))
        c.bridgeFeesNative += Number(formatEther(tx.value))
        found = true
        break
      }
      if (!found) missingReceipts += 1
    }
  }
  return { costs, missingReceipts }
}

/** `sll report`: planned vs realised APR, money moved, costs paid and moves by outcome over a period. */
export const reportCommand: Command = {
  name: 'report',
  summary,
  usage,
  async run(argv, io) {
    const { values } = parseFlags(argv, {
      usage,
      options: { since: { type: 'string', default: '24h' }, json: { type: 'boolean', default: false } },
    })
    let periodMs: number
    try {
      periodMs = durationToMs(values.since)
    } catch {
      throw new UsageError(`--since must be a duration such as 24h, 7d or 90m, got "${values.since}"`, {
        instruction: `usage: ${usage}`,
      })
    }
    const until = new Date()
    const since = new Date(until.getTime() - periodMs).toISOString()
    const { client, config, close } = await connectClient()
    try {
      const temporal = await readTemporal(client, config.taskQueue, since)
      const network = loadNetwork()
      const { costs, missingReceipts } = await readCosts(network, temporal.outcomes)
      const snapshot = await readLiveSnapshot({ network: network.kind })
      const live = allocationApr(
        snapshot.markets,
        snapshot.idle.map((i) => i.amount),
      )
      const report = buildReport({
        since,
        until: until.toISOString(),
        cycles: temporal.cycles,
        cycleOutcomes: temporal.cycleOutcomes,
        moves: temporal.moves,
        realisedApr: live.managedUsd > 0 ? live.apr : null,
        costs,
        missingReceipts,
      })
      if (values.json) io.stdout(JSON.stringify(report, null, 2))
      else io.stdout(formatReport(report, (chain) => (chain === 'avalanche' ? 'AVAX' : 'ETH')))
      return 0
    } finally {
      await close()
    }
  },
}
