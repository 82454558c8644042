import {
  type Client,
  type ScheduleDescription,
  ScheduleNotFoundError,
  ScheduleOverlapPolicy,
  type ScheduleUpdateOptions,
} from '@temporalio/client'
import { durationToMs } from '../policies/policy-schema.js'
import type { TemporalConfig } from '../temporal.config.js'

/** The workflow type the schedule starts (kept as a string: this module must not import workflow code). */
const CYCLE_WORKFLOW = 'allocationCycle'
/** Missed ticks older than this are dropped after an outage (a late cycle plans on stale data anyway). */
const CATCHUP_WINDOW_MS = 60_000

/** What {@link ensureAllocationSchedule} did, and which fields it changed on an existing schedule. */
export type ScheduleResult = {
  state: 'created' | 'updated' | 'unchanged'
  changes: string[]
  /** Whether the schedule is paused (kept as it was: `sll pause` / `sll resume` own that state). */
  paused: boolean
}

function desiredAction(config: Pick<TemporalConfig, 'taskQueue'>, policyPath: string) {
  return {
    type: 'startWorkflow' as const,
    workflowType: CYCLE_WORKFLOW,
    workflowId: 'plan',
    taskQueue: config.taskQueue,
    args: [{ policyPath, trigger: { kind: 'schedule' } }],
  }
}

/** The fields of an existing schedule that differ from what the policy asks for, as readable lines. */
export function scheduleDrift(
  current: Pick<ScheduleDescription, 'spec' | 'action' | 'policies'>,
  wanted: { taskQueue: string; policyPath: string; interval: string },
): string[] {
  const drift: string[] = []
  const everyMs = durationToMs(wanted.interval)
  const intervals = current.spec.intervals ?? []
  const onlyInterval = intervals.length === 1 && (current.spec.calendars ?? []).length === 0
  if (!onlyInterval || intervals[0]?.every !== everyMs || (intervals[0]?.offset ?? 0) !== 0) {
    const now = intervals.map((i) => `${i.every / 1000}s`).join(',') || 'none'
    drift.push(`interval ${now} -> ${everyMs / 1000}s (${wanted.interval})`)
  }
  const action = current.action
  if (action.workflowType !== CYCLE_WORKFLOW)
    drift.push(`workflow ${action.workflowType} -> ${CYCLE_WORKFLOW}`)
  if (action.taskQueue !== wanted.taskQueue)
    drift.push(`task queue ${action.taskQueue} -> ${wanted.taskQueue}`)
  const wantedArgs = desiredAction(wanted, wanted.policyPath).args
  if (JSON.stringify(action.args ?? []) !== JSON.stringify(wantedArgs)) {
    const was =
      (action.args?.[0] as { policyPath?: string } | undefined)?.policyPath ?? JSON.stringify(action.args)
    drift.push(`policy ${was} -> ${wanted.policyPath}`)
  }
  if (current.policies.overlap !== ScheduleOverlapPolicy.SKIP)
    drift.push(`overlap ${current.policies.overlap} -> SKIP`)
  if (current.policies.catchupWindow !== CATCHUP_WINDOW_MS)
    drift.push(`catch-up window ${current.policies.catchupWindow / 1000}s -> ${CATCHUP_WINDOW_MS / 1000}s`)
  return drift
}

/**
 * Makes the allocation schedule match the policy: every `interval`, one `allocationCycle` on the policy
 * file, overlap SKIP (a cycle still running makes the next tick a no-op), catch-up window one minute.
 * Creates it when missing; updates only the fields that differ otherwise, keeping its state (paused or
 * not, with its note) as it is. Idempotent: a second call returns `unchanged` and writes nothing.
 */
export async function ensureAllocationSchedule(
  client: Client,
  config: Pick<TemporalConfig, 'scheduleId' | 'taskQueue'>,
  options: { policyPath: string; interval: string },
): Promise<ScheduleResult> {
  const handle = client.schedule.getHandle(config.scheduleId)
  const wanted = { taskQueue: config.taskQueue, ...options }
  let current: ScheduleDescription
  try {
    current = await handle.describe()
  } catch (error) {
    if (!(error instanceof ScheduleNotFoundError)) throw error
    await client.schedule.create({
      scheduleId: config.scheduleId,
      spec: { intervals: [{ every: durationToMs(options.interval) }] },
      action: desiredAction(config, options.policyPath),
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: CATCHUP_WINDOW_MS },
      memo: { policyPath: options.policyPath },
    })
    return { state: 'created', changes: [], paused: false }
  }
  const changes = scheduleDrift(current, wanted)
  const paused = current.state.paused
  if (changes.length === 0) return { state: 'unchanged', changes, paused }
  await handle.update(
    (previous): ScheduleUpdateOptions => ({
      ...previous,
      spec: { intervals: [{ every: durationToMs(options.interval) }] },
      action: desiredAction(config, options.policyPath),
      policies: {
        ...previous.policies,
        overlap: ScheduleOverlapPolicy.SKIP,
        catchupWindow: CATCHUP_WINDOW_MS,
      },
      // `state` (paused, note) is kept as it is.
    }),
  )
  return { state: 'updated', changes, paused }
}
