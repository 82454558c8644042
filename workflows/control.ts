import {
  ActivityFailure,
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  proxyActivities,
  setHandler,
  upsertMemo,
} from '@temporalio/workflow'
import type { Activities } from '../activities/index.js'
import { controlStateQuery, operatorActionUpdate, type PauseFact } from './control-messages.js'
import { NON_RETRYABLE_TYPES } from './retry.js'

const { verifyOperatorAction } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumAttempts: 3, nonRetryableErrorTypes: NON_RETRYABLE_TYPES },
})

/** State carried across continue-as-new: the fact and the nonces of actions whose deadline has not passed. */
export type ControlInput = { pause?: PauseFact; used?: Array<{ nonce: string; deadline: number }> }

/** Actions kept in one run before continue-as-new (each is a few history events). */
const ACTIONS_PER_RUN = 500

/**
 * The durable pause of the orchestrator (`sll-control/<taskQueue>`, one per deployment, started by the first `sll
 * pause`). The pause is a fact in this workflow's memo, changed only by a signed `operatorAction` Update
 * whose signer an activity recovered and found among the policy's approvers; every transaction step reads
 * it immediately before it signs (`activities/pause-fact.ts`), so a pause also stops moves that started
 * before it or were never signalled. Each signed action is single-use (nonce) and expires (deadline).
 */
export async function sllControl(input: ControlInput = {}): Promise<void> {
  let pause: PauseFact = input.pause ?? { paused: false }
  const used = new Map((input.used ?? []).map((u) => [u.nonce, u.deadline]))
  const actions: string[] = []
  upsertMemo({ pause })
  setHandler(controlStateQuery, () => ({ pause, actions }))
  setHandler(
    operatorActionUpdate,
    async ({ signed, policyPath }) => {
      const { message } = signed
      used.set(message.nonce, message.deadline)
      // A signer who is not an approver fails the activity (final): refuse with its reason.
      const approver = await verifyOperatorAction({ signed, policyPath }).catch((error: unknown) => {
        if (error instanceof ActivityFailure && error.cause) {
          throw ApplicationFailure.nonRetryable(error.cause.message, 'OperatorActionRefused')
        }
        throw error
      })
      pause =
        message.action === 'pause'
          ? {
              paused: true,
              by: approver.id,
              address: approver.address,
              ...(message.reason ? { reason: message.reason } : {}),
              since: new Date().toISOString(),
            }
          : { paused: false, by: approver.id, address: approver.address, since: new Date().toISOString() }
      upsertMemo({ pause })
      actions.push(`${message.action} by ${approver.id} (${approver.address}) at ${pause.since}`)
      return pause
    },
    {
      validator: ({ signed }) => {
        const { message } = signed
        if (message.action !== 'pause' && message.action !== 'resume') {
          throw ApplicationFailure.nonRetryable(`unknown action ${JSON.stringify(message.action)}`)
        }
        if (message.deadline * 1000 <= Date.now()) {
          throw ApplicationFailure.nonRetryable(
            `the signed ${message.action} expired at ${new Date(message.deadline * 1000).toISOString()}: sign it again`,
          )
        }
        if (used.has(message.nonce)) {
          throw ApplicationFailure.nonRetryable(
            `this signed ${message.action} was already used (nonce ${message.nonce}): sign a new one`,
          )
        }
      },
    },
  )
  await condition(() => actions.length >= ACTIONS_PER_RUN && allHandlersFinished())
  const now = Math.floor(Date.now() / 1000)
  await continueAsNew<typeof sllControl>({
    pause,
    used: [...used]
      .filter(([, deadline]) => deadline > now)
      .map(([nonce, deadline]) => ({ nonce, deadline })),
  })
}
