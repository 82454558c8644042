import { Context } from '@temporalio/activity'
import { ScheduleNotFoundError } from '@temporalio/client'
import { loadTemporalConfig } from '../temporal.config.js'

/** Whether operators paused the orchestrator (`sll pause`), read from the schedule's state. */
export type ControlState = { paused: boolean; note?: string }

/**
 * Reads the pause state: `sll pause` pauses the allocation schedule with a note, and signals running
 * cycles and moves. A cycle started while paused (e.g. `sll rebalance`) waits for `sll resume` before
 * it sends any transaction. No schedule means not paused.
 */
export async function readControlState(): Promise<ControlState> {
  const { scheduleId } = loadTemporalConfig()
  try {
    const description = await Context.current().client.schedule.getHandle(scheduleId).describe()
    return {
      paused: description.state.paused,
      ...(description.state.note ? { note: description.state.note } : {}),
    }
  } catch (error) {
    if (error instanceof ScheduleNotFoundError) return { paused: false }
    throw error
  }
}
