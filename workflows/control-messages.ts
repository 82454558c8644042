import { defineQuery, defineUpdate } from '@temporalio/workflow'
import type { OperatorActionMessage, Signed } from '../lib/signed-messages.js'

/**
 * Id of the one long-lived control workflow of a deployment (its task queue): it holds the durable pause
 * fact. Scoped by task queue because only that queue's workers can answer its Updates: one control
 * workflow per namespace would, once started on a queue no worker polls any more (a renamed deployment,
 * another deployment in the namespace), leave every later `sll pause` waiting forever.
 */
export function controlWorkflowId(taskQueue: string): string {
  return `sll-control/${taskQueue}`
}

/** Whether the orchestrator is paused, by whom, why and since when (ISO). Kept in the control memo. */
export type PauseFact = {
  paused: boolean
  by?: string
  address?: string
  reason?: string
  since?: string
}

/** A signed pause / resume, and the policy file whose approvers may sign it. */
export type OperatorActionRequest = { signed: Signed<OperatorActionMessage>; policyPath: string }

/** What the control workflow answers to an action: the pause fact after it. */
export type OperatorActionResult = PauseFact

/**
 * Pause or resume, signed by an approver (EIP-712 `OperatorAction`). Validator: deadline not passed
 * (workflow time), nonce not used before. Handler: the signer is recovered and checked against the policy's
 * approvers by an activity before the fact changes.
 */
export const operatorActionUpdate = defineUpdate<OperatorActionResult, [OperatorActionRequest]>(
  'operatorAction',
)

/** The pause fact and the signed actions that set it (newest last). */
export const controlStateQuery = defineQuery<{ pause: PauseFact; actions: string[] }>('controlState')
