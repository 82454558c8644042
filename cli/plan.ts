import { availabilityFrom, type PlanningAvailability } from '../policies/availability.js'
import { type PlanAllocationInput, planAllocation } from '../policies/plan.js'
import { loadPolicyFile } from '../policies/policy-file.js'
import type { Snapshot } from '../policies/snapshot.js'
import { loadSnapshotFile } from '../policies/snapshot-file.js'
import { type Command, parseFlags, UsageError } from './command.js'
import { commandInfo } from './commands.js'
import { formatPlanTable } from './format/plan-table.js'

const { usage, summary } = commandInfo.plan

/**
 * The live markets and what their controllers refuse (pre-flight, same multicalls); viem is imported only
 * when a plan reads the chains (no `--snapshot`: a snapshot file has no pre-flight).
 */
async function readLive(): Promise<{ snapshot: Snapshot; availability: PlanningAvailability }> {
  const { readLiveMarkets } = await import('../activities/markets/live-snapshot.js')
  const { costConfigFromEnv } = await import('../activities/markets/cost-config.js')
  // Priced like the cycle's snapshot, so the preview chooses the bridges the cycle would.
  const { snapshot, perChain } = await readLiveMarkets({ costs: costConfigFromEnv() })
  const { cctpUnavailableItems } = await import('../activities/markets/cost-section.js')
  const availability = availabilityFrom(perChain.map((c) => c.preflight))
  availability.unavailable.push(...cctpUnavailableItems(perChain))
  return { snapshot, availability }
}

/** `sll plan`: snapshot + policy in, plan out (spec `docs/plan-cli.md`). */
export const planCommand: Command = {
  name: 'plan',
  summary,
  usage,
  run: async (argv, io) => {
    const { values } = parseFlags(argv, {
      usage,
      options: {
        policy: { type: 'string' },
        snapshot: { type: 'string' },
        json: { type: 'boolean', default: false },
      },
    })
    if (!values.policy) {
      throw new UsageError('missing --policy', { instruction: `usage: ${usage}` })
    }
    const loaded = await loadPolicyFile(values.policy)
    const { snapshot, availability } = values.snapshot
      ? { snapshot: await loadSnapshotFile(values.snapshot), availability: undefined }
      : await readLive()
    const input: PlanAllocationInput = {
      snapshot,
      policy: loaded.policy,
      policyRef: loaded.ref,
      ...(availability ? { availability } : {}),
    }
    const plan = planAllocation(input)
    io.stdout(values.json ? JSON.stringify(plan, null, 2) : formatPlanTable(plan))
    return 0
  },
}
