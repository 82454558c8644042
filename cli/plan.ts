import { NonRetryableError } from '../lib/errors.js'
import { type PlanAllocationInput, planAllocation } from '../policies/plan.js'
import { loadPolicyFile } from '../policies/policy-file.js'
import type { Snapshot } from '../policies/snapshot.js'
import { loadSnapshotFile } from '../policies/snapshot-file.js'
import { type Command, parseFlags, UsageError } from './command.js'
import { formatPlanTable } from './format/plan-table.js'

const usage = 'sll plan --policy <policy.yaml> [--snapshot <snapshot.json>] [--json]'

/** The live snapshot reader is not available in this checkout. */
export class LiveSnapshotUnavailableError extends NonRetryableError {
  override readonly name = 'LiveSnapshotUnavailableError'
}

async function readLive(): Promise<Snapshot> {
  const specifier = '../activities/markets/live-snapshot.js'
  let mod: { readLiveSnapshot?: () => Promise<Snapshot> }
  try {
    mod = (await import(specifier)) as typeof mod
  } catch (error) {
    throw new LiveSnapshotUnavailableError(
      `cannot read live markets: ${specifier} is not available (${(error as Error).message.split('\n')[0]})`,
      { instruction: 'Pass --snapshot <snapshot.json>, or start the devnet and retry.', cause: error },
    )
  }
  if (typeof mod.readLiveSnapshot !== 'function') {
    throw new LiveSnapshotUnavailableError('cannot read live markets: readLiveSnapshot() is missing', {
      instruction: 'Pass --snapshot <snapshot.json>.',
    })
  }
  return mod.readLiveSnapshot()
}

/** `sll plan`: snapshot + policy in, plan out (spec `docs/plan-cli.md`). */
export const planCommand: Command = {
  name: 'plan',
  summary: 'Plan the allocation for a policy and a market snapshot (or the live markets)',
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
    const snapshot = values.snapshot ? await loadSnapshotFile(values.snapshot) : await readLive()
    const input: PlanAllocationInput = { snapshot, policy: loaded.policy, policyRef: loaded.ref }
    const plan = planAllocation(input)
    io.stdout(values.json ? JSON.stringify(plan, null, 2) : formatPlanTable(plan))
    return 0
  },
}
