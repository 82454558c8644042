import { type Client, ScheduleAlreadyRunning, ScheduleOverlapPolicy } from '@temporalio/client'
import type { TemporalConfig } from '../temporal.config.js'

/** The workflow type the schedule starts (kept as a string: this module must not import workflow code). */
const CYCLE_WORKFLOW = 'allocationCycle'

/**
 * Creates the allocation schedule if it does not exist: every `interval`, one `allocationCycle` on the
 * policy file, overlap SKIP (a cycle still running makes the next tick a no-op). Returns whether it created it.
 */
export async function ensureAllocationSchedule(
  client: Client,
  config: Pick<TemporalConfig, 'scheduleId' | 'taskQueue'>,
  options: { policyPath: string; interval: string },
): Promise<boolean> {
  try {
    await client.schedule.create({
      scheduleId: config.scheduleId,
      spec: { intervals: [{ every: options.interval as `${number}m` }] },
      action: {
        type: 'startWorkflow',
        workflowType: CYCLE_WORKFLOW,
        workflowId: 'plan',
        taskQueue: config.taskQueue,
        args: [{ policyPath: options.policyPath, trigger: { kind: 'schedule' } }],
      },
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 minute' },
      memo: { policyPath: options.policyPath },
    })
    return true
  } catch (error) {
    if (error instanceof ScheduleAlreadyRunning) return false
    throw error
  }
}
