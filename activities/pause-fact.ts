import { Context } from '@temporalio/activity'
import { type Client, WorkflowNotFoundError } from '@temporalio/client'
import { RetryableError } from '../lib/errors.js'
import { controlWorkflowId, type PauseFact } from '../workflows/control-messages.js'

/** The orchestrator is paused: nothing is signed until an approver resumes it (`sll resume`). */
export class PausedError extends RetryableError {
  override readonly name = 'PausedError'
  readonly context: PauseFact
  constructor(fact: PauseFact) {
    super(
      `paused by ${fact.by ?? 'an approver'}${fact.reason ? ` (${fact.reason})` : ''} since ${fact.since ?? '?'}: nothing is signed`,
      { instruction: 'The step retries by itself after `sll resume`; bridges already sent still complete.' },
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
 * Throws {@link PausedError} (retryable: the step waits through its retry policy) when the orchestrator is
 * paused. Called by every step immediately before it signs, from inside the activity (whose task queue is
 * the deployment's).
 */
export async function assertNotPaused(): Promise<void> {
  const { client, info } = Context.current()
  const fact = await readPauseFact(client, info.taskQueue)
  if (fact.paused) throw new PausedError(fact)
}
