import { defineQuery, defineUpdate } from '@temporalio/workflow'
import type { OperatorActionMessage, Signed } from '../lib/signed-messages.js'

/** Id of the one long-lived control workflow of a namespace: it holds the durable pause fact. */
export const CONTROL_WORKFLOW_ID = 'sll-control'

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
