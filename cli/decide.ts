import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client'
import { loadApproverKey, signMoveDecision } from '../lib/approver-key.js'
import { NonRetryableError } from '../lib/errors.js'
import { durationSchema, durationToMs } from '../policies/policy-schema.js'
import {
  approvalRequestStatusQuery,
  approvalWorkflowId,
  decideMoveUpdate,
  type ExpectedMove,
  notPendingReason,
} from '../workflows/messages.js'
import { type Command, parseFlags, UsageError } from './command.js'
import { commandInfo } from './commands.js'
import { connectClient, temporalReason } from './temporal-client.js'

/** The workflow refused the decision (unknown approver, move not pending, plan not found). */
export class DecisionRefusedError extends NonRetryableError {
  override readonly name = 'DecisionRefusedError'
}

function decideCommand(decision: 'approve' | 'reject'): Command {
  const { usage, summary } = commandInfo[decision]
  return {
    name: decision,
    summary,
    usage,
    async run(argv, io) {
      const { values, positionals } = parseFlags(argv, {
        usage,
        allowPositionals: true,
        options: {
          'key-file': { type: 'string' },
          deadline: { type: 'string' },
          reason: { type: 'string' },
          amount: { type: 'string' },
          from: { type: 'string' },
          to: { type: 'string' },
          'policy-sha': { type: 'string' },
        },
      })
      const [planId, moveText] = positionals
      const moveIndex = Number(moveText)
      if (!planId || !moveText || !Number.isInteger(moveIndex) || moveIndex < 0) {
        throw new UsageError('expected a plan id and a move index', { instruction: `usage: ${usage}` })
      }
      const deadlineText = typeof values.deadline === 'string' ? values.deadline : '10m'
      if (!durationSchema.safeParse(deadlineText).success) {
        throw new UsageError(
          `--deadline ${JSON.stringify(deadlineText)}: must be a duration such as "10m" or "1h"`,
          {
            instruction: `usage: ${usage}`,
          },
        )
      }
      // Load the key before talking to the server: a missing key changes nothing.
      const account = await loadApproverKey(
        typeof values['key-file'] === 'string' ? values['key-file'] : undefined,
      )
      const { client, close } = await connectClient()
      try {
        // The move lives in its own approval request; the decision names the exact move decided on: what
        // the flags say (as seen in `sll status`), else what the request holds now. The request's validator
        // refuses a mismatch.
        const handle = client.workflow.getHandle(approvalWorkflowId(planId, moveIndex))
        const held = await handle.query(approvalRequestStatusQuery)
        const closed = notPendingReason(held)
        if (closed && (await handle.describe()).status.name !== 'RUNNING') {
          throw new DecisionRefusedError(`${decision} refused: ${closed}`, {
            instruction: 'Check `sll status` for the moves that wait for approval now.',
          })
        }
        const str = (v: unknown) => (typeof v === 'string' ? v : undefined)
        const expected: ExpectedMove = {
          from: str(values.from),
          to: str(values.to),
          amount: str(values.amount),
          policySha: str(values['policy-sha']),
        }
        const differs = [
          expected.from !== undefined && expected.from !== held.from ? `from ${held.from}` : '',
          expected.to !== undefined && expected.to !== held.to ? `to ${held.to}` : '',
          expected.amount !== undefined && Number(expected.amount) !== Number(held.amount)
            ? `amount ${held.amount} USD`
            : '',
          expected.policySha !== undefined && !held.policy.sha256.startsWith(expected.policySha)
            ? `policy sha ${held.policy.sha256}`
            : '',
        ].filter(Boolean)
        if (differs.length > 0) {
          throw new DecisionRefusedError(
            `${decision} refused: move ${moveIndex} of plan ${planId} is not the move you decided on: it has ${differs.join(', ')}`,
            { instruction: `Check \`sll status ${planId}\` and decide again; nothing was signed.` },
          )
        }
        // Sign exactly the move the request holds (with the plan hash and policy sha it was planned under).
        const signed = await signMoveDecision(account, {
          planId,
          moveIndex,
          from: held.from,
          to: held.to,
          amount: held.amount,
          policySha256: held.policy.sha256,
          planHash: held.planHash,
          decision,
          deadline: Math.floor(Date.now() / 1000) + Math.floor(durationToMs(deadlineText) / 1000),
        })
        const result = await handle.executeUpdate(decideMoveUpdate, {
          args: [{ signed, ...(typeof values.reason === 'string' ? { reason: values.reason } : {}) }],
        })
        const tally =
          result.state === 'pending-approval'
            ? `approval counted (${result.approvals} of ${result.threshold})`
            : result.state
        io.stdout(
          `move ${result.moveIndex} of ${planId}: ${tally} by ${result.approver} (${account.address}) (${held.from} -> ${held.to}, ${held.amount} USD, policy ${held.policy.sha256.slice(0, 12)})`,
        )
        return 0
      } catch (error) {
        if (error instanceof WorkflowNotFoundError) {
          throw new DecisionRefusedError(
            `${decision} refused: plan ${planId} has no approval request for move ${moveIndex}`,
            {
              instruction:
                'Check `sll status` for the plan id and the index of the move that waits for approval.',
            },
          )
        }
        if (error instanceof WorkflowUpdateFailedError) {
          throw new DecisionRefusedError(`${decision} refused: ${temporalReason(error)}`, {
            instruction:
              'Check `sll status` for the plan id, the move index and whether it still waits for approval.',
          })
        }
        throw error
      } finally {
        await close()
      }
    },
  }
}

/** `sll approve <plan> <move> [--key-file <path>]`: signs and sends an approval. */
export const approveCommand = decideCommand('approve')
/** `sll reject <plan> <move> [--key-file <path>]`: signs and sends a rejection. */
export const rejectCommand = decideCommand('reject')
