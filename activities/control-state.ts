import { Context } from '@temporalio/activity'
import { ScheduleNotFoundError } from '@temporalio/client'
import { loadTemporalConfig } from '../temporal.config.js'

/**
 * What a cycle must know before it moves money: whether operators paused the orchestrator (`sll pause`
 * pauses the schedule with a note and signals running workflows), and which other cycle, started before
 * this one, is still running (two cycles planning over the same money would fight).
 */
export type ControlState = { paused: boolean; note?: string; earlierCycle?: string }

/**
 * Reads the pause state (no schedule means not paused) and the earliest other running cycle.
 */
export async function readControlState(): Promise<ControlState> {
  const { scheduleId } = loadTemporalConfig()
  const { client, info } = Context.current()
  const self = info.workflowExecution?.workflowId ?? ''
  let state: ControlState = { paused: false }
  try {
    const description = await client.schedule.getHandle(scheduleId).describe()
    state = {
      paused: description.state.paused,
      ...(description.state.note ? { note: description.state.note } : {}),
    }
  } catch (error) {
    if (!(error instanceof ScheduleNotFoundError)) throw error
  }
  const running: Array<{ id: string; start: number }> = []
  for await (const execution of client.workflow.list({
    query: "WorkflowType = 'allocationCycle' AND ExecutionStatus = 'Running'",
  })) {
    running.push({ id: execution.workflowId, start: execution.startTime.getTime() })
  }
  const mine = running.find((r) => r.id === self)
  const earlier = running
    .filter(
      (r) => r.id !== self && (!mine || r.start < mine.start || (r.start === mine.start && r.id < self)),
    )
    .sort((a, b) => a.start - b.start)[0]
  return earlier ? { ...state, earlierCycle: earlier.id } : state
}
