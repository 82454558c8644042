import { Context } from '@temporalio/activity'
import {
  type Client,
  ScheduleNotFoundError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
} from '@temporalio/client'
import { loadTemporalConfig } from '../temporal.config.js'
import { supersedeUpdate } from '../workflows/messages.js'
import { readPauseFact } from './pause-fact.js'

/**
 * What a cycle must know before it moves money: whether operators paused the orchestrator (`sll pause`
 * pauses the schedule with a note and signals running workflows), and which other work still has money
 * in flight: an earlier cycle still running, or an approved move running in its approval request (two
 * cycles planning over the same money would fight). An approval request still waiting for a decision is
 * not in flight: a later cycle supersedes it ({@link supersedeApprovalRequests}) and plans that money again.
 */
export type ControlState = { paused: boolean; note?: string; earlierCycle?: string }

/** Visibility query of approval requests whose move was approved and is running. */
export const APPROVED_REQUESTS_QUERY =
  "WorkflowType = 'approvalRequest' AND ExecutionStatus = 'Running' AND SllStatus = 'approved'"

/** Visibility query of approval requests still waiting for a decision. */
export const PENDING_REQUESTS_QUERY =
  "WorkflowType = 'approvalRequest' AND ExecutionStatus = 'Running' AND SllStatus = 'awaiting-approval'"

/**
 * Reads the pause state (no schedule means not paused) and the earliest other running cycle, else an
 * approval request whose approved move is running (`earlierCycle` names the workflow either way).
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
  // The durable pause (signed, in the control workflow) holds with or without a schedule.
  const fact = await readPauseFact(client, info.taskQueue)
  if (fact.paused)
    state = {
      paused: true,
      note: `paused by ${fact.by ?? 'an approver'}${fact.reason ? `: ${fact.reason}` : ''}`,
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
  if (earlier) return { ...state, earlierCycle: earlier.id }
  // An approved move outlives its cycle; whenever it started, its money is in flight.
  for await (const execution of client.workflow.list({ query: APPROVED_REQUESTS_QUERY })) {
    return { ...state, earlierCycle: execution.workflowId }
  }
  return state
}

/** What {@link supersedeApprovalRequests} did. */
export type SupersedeResult = {
  /** Requests now superseded by this plan (their money is planned again). */
  superseded: string[]
  /** Requests found approved meanwhile: their move runs, so this cycle must not plan. */
  inFlight: string[]
}

/**
 * Marks every approval request still pending (of another plan, on `taskQueue`) as superseded by `planId`, through the
 * request's `supersede` Update, so that an approval arriving later is refused and the money is not counted
 * twice. The Update is ordered with approvals in the request's history: a request approved first answers
 * with its state and lands in `inFlight`. Idempotent (a retry finds them superseded by the same plan or no
 * longer pending).
 */
export async function supersedeApprovalRequests(
  client: Client,
  input: { planId: string; taskQueue: string },
): Promise<SupersedeResult> {
  const result: SupersedeResult = { superseded: [], inFlight: [] }
  const ids: string[] = []
  // Only this deployment's requests (its task queue): a request on a task queue no worker polls could
  // never answer the Update, and the cycle would wait for it forever.
  const query = `${PENDING_REQUESTS_QUERY} AND TaskQueue = ${JSON.stringify(input.taskQueue)}`
  for await (const execution of client.workflow.list({ query })) {
    ids.push(execution.workflowId)
  }
  for (const id of ids) {
    if (id.startsWith(`${input.planId}/`)) continue
    try {
      const answer = await client.workflow
        .getHandle(id)
        .executeUpdate(supersedeUpdate, { args: [{ byPlanId: input.planId }] })
      if (answer.state === 'superseded') result.superseded.push(id)
      else if (answer.state === 'approved' || answer.state === 'running') result.inFlight.push(id)
    } catch (error) {
      // It ended meanwhile (expired, rejected, or its move finished): nothing to supersede.
      if (error instanceof WorkflowNotFoundError || error instanceof WorkflowUpdateFailedError) continue
      if (
        error instanceof Error &&
        /already completed|workflow execution already completed/i.test(error.message)
      )
        continue
      throw error
    }
  }
  return result
}

/** {@link supersedeApprovalRequests} as an activity (client of the worker). */
export function supersedeApprovalRequestsActivity(input: { planId: string }): Promise<SupersedeResult> {
  const { client, info } = Context.current()
  return supersedeApprovalRequests(client, { ...input, taskQueue: info.taskQueue })
}
