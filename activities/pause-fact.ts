import { Context } from '@temporalio/activity'
import { type Client, WorkflowNotFoundError } from '@temporalio/client'
import { NonRetryableError } from '../lib/errors.js'
import { controlWorkflowId, type PauseFact } from '../workflows/control-messages.js'

/**
 * The orchestrator is paused: nothing is signed until an approver resumes it (`sll resume`). Final for the
 * activity (no retry loop against the pause): the move workflow catches it and waits on a durable timer
 * until the fact says resumed, then runs the step again.
 */
export class PausedError extends NonRetryableError {
  override readonly name = 'PausedError'
  readonly context: PauseFact
  constructor(fact: PauseFact) {
    super(
      `paused by ${fact.by ?? 'an approver'}${fact.reason ? ` (${fact.reason})` : ''} since ${fact.since ?? '?'}: nothing is signed`,
      {
        instruction:
          'The move waits (SllStatus "paused") and runs the step again after `sll resume`; bridges already sent still complete.',
      },
    )
    this.context = fact
  }
}

/**
 * The durable pause fact: the memo of the control workflow `sll-control/<taskQueue>` (set only by its signed
 * `operatorAction` Update). Read with `describe`, so no worker has to answer. No control workflow means
 * nobody ever paused. Any other error (server unreachable) propagates: a step that cannot read the fact
 * does not sign.
 */
export async function readPauseFact(client: Client, taskQueue: string): Promise<PauseFact> {
  try {
    const description = await client.workflow.getHandle(controlWorkflowId(taskQueue)).describe()
    const memo = (description.memo ?? {}) as { pause?: PauseFact }
    return memo.pause ?? { paused: false }
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return { paused: false }
    throw error
  }
}

/**
 * Throws {@link PausedError} (final: the move workflow waits for the resume, then runs the step again) when the orchestrator is
 * paused. Called by every step immediately before it signs, from inside the activity (whose task queue is
 * the deployment's).
 */
export async function assertNotPaused(): Promise<void> {
  const { client, info } = Context.current()
  const fact = await readPauseFact(client, info.taskQueue)
  if (fact.paused) throw new PausedError(fact)
}
