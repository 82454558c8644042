import type { Client } from '@temporalio/client'
import { readLiveMarkets } from '../activities/markets/live-snapshot.js'
import { networkFromEnv } from '../activities/markets/sources.js'
import { loadDevnetRegistry } from '../chains/devnet.js'
import type { NetworkKind } from '../chains/names.js'
import { productionRegistry } from '../chains/production.js'
import { describeError } from '../lib/errors.js'
import type { Snapshot } from '../policies/snapshot.js'
import { loadSnapshotFile } from '../policies/snapshot-file.js'
import { planKeyUsage } from '../sll/plan-key-usage.js'
import type { AllocationCycleResult } from '../workflows/allocation-cycle.js'
import { type Command, parseFlags } from './command.js'
import { commandInfo } from './commands.js'
import { formatLimitsTable, limitRows } from './format/limits-table.js'
import { loadPlanMoves, type PlanMoves } from './limits-plan.js'
import { liveOptionsFrom } from './snapshot.js'
import { runningCycles } from './status.js'
import { connectClient } from './temporal-client.js'

const { usage, summary } = commandInfo.limits

/** The newest plan of a running cycle, else of the newest finished cycle that made one (as `sll status`). */
export async function latestPlan(client: Client): Promise<{ planId: string; plan: PlanMoves } | undefined> {
  const running = (await runningCycles(client)).find((s) => s.plan)
  if (running?.plan) return { planId: running.planId, plan: running.plan }
  for await (const execution of client.workflow.list({
    query: "WorkflowType = 'allocationCycle' AND ExecutionStatus = 'Completed'",
  })) {
    const result = (await client.workflow
      .getHandle(execution.workflowId)
      .result()
      .catch(() => undefined)) as AllocationCycleResult | undefined
    if (result?.plan) return { planId: result.planId, plan: result.plan }
  }
  return undefined
}

async function planFromTemporal(): Promise<{ source: string; plan?: PlanMoves }> {
  let connected: Awaited<ReturnType<typeof connectClient>>
  try {
    connected = await connectClient()
  } catch (error) {
    return { source: `no plan (${describeError(error).split('\n')[0]}; pass --plan <file>)` }
  }
  try {
    const found = await latestPlan(connected.client)
    return found
      ? { source: `plan ${found.planId} (Temporal)`, plan: found.plan }
      : { source: 'no plan yet (no cycle has planned; pass --plan <file>)' }
  } finally {
    await connected.close()
  }
}

/**
 * `sll limits`: every rate-limit key of the snapshot (live, or `--snapshot <file>` offline) per chain: what
 * it guards, capacity now, max, slope per day, time to full, and what the last plan draws from it
 * (`--plan <file>`, else the newest plan in Temporal). `--json` prints the rows.
 */
export const limitsCommand: Command = {
  name: 'limits',
  summary,
  usage,
  run: async (argv, io) => {
    const { values } = parseFlags(argv, {
      usage,
      options: {
        snapshot: { type: 'string' },
        plan: { type: 'string' },
        json: { type: 'boolean', default: false },
        network: { type: 'string' },
        operator: { type: 'string' },
      },
    })
    const live = liveOptionsFrom(values, usage)
    const network: NetworkKind = live.network ?? networkFromEnv()
    const snapshot: Snapshot = values.snapshot
      ? await loadSnapshotFile(values.snapshot)
      : (await readLiveMarkets(live)).snapshot
    const { source, plan } = values.plan
      ? { source: `plan file ${values.plan}`, plan: await loadPlanMoves(values.plan) }
      : await planFromTemporal()
    const section = snapshot.rateLimits
    if (!section) {
      io.stdout(
        `no rateLimits section in the snapshot (${values.snapshot ?? 'live'}): no SLL controller known for these ` +
          'chains, or a snapshot written before the section existed (write a fresh one with `sll snapshot`)',
      )
      return 0
    }
    const registry = network === 'devnet' ? loadDevnetRegistry() : productionRegistry
    const drawn = plan ? planKeyUsage(plan.moves, registry) : undefined
    const rows = limitRows(section, drawn?.byKey)
    if (values.json) {
      io.stdout(
        JSON.stringify(
          { takenAt: snapshot.takenAt, plan: source, rows, unresolved: drawn?.unresolved ?? [] },
          null,
          2,
        ),
      )
      return 0
    }
    io.stdout(
      `rate limits at ${snapshot.takenAt} (USD; capacity as of each chain's block at the read); ${source}`,
    )
    io.stdout(formatLimitsTable(rows))
    for (const line of drawn?.unresolved ?? []) io.stdout(`not counted: ${line}`)
    return 0
  },
}
