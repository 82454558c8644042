import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client'
import { NonRetryableError } from '../lib/errors.js'
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
          as: { type: 'string' },
          reason: { type: 'string' },
          amount: { type: 'string' },
          from: { type: 'string' },
          to: { type: 'string' },
          'policy-sha': { type: 'string' },
        },
      })
      const [planId, moveText] = positionals
      const moveIndex = Number(moveText)
      if (!planId || !moveText || !Number.isInteger(moveIndex) || moveIndex < 0 || !values.as) {
        throw new UsageError('expected a plan id, a move index and --as <approver-id>', {
          instruction: `usage: ${usage}`,
        })
      }
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
          from: str(values.from) ?? held.from,
          to: str(values.to) ?? held.to,
          amount: str(values.amount) ?? held.amount,
          policySha: str(values['policy-sha']) ?? held.policy.sha256,
        }
        const result = await handle.executeUpdate(decideMoveUpdate, {
          args: [
            {
              moveIndex,
              approver: values.as,
              decision,
              ...(typeof values.reason === 'string' ? { reason: values.reason } : {}),
              expected,
            },
          ],
        })
        io.stdout(
          `move ${result.moveIndex} of ${planId}: ${result.state} by ${result.approver} (${held.from} -> ${held.to}, ${held.amount} USD, policy ${held.policy.sha256.slice(0, 12)})`,
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

/** `sll approve <plan> <move> --as <id>`. */
export const approveCommand = decideCommand('approve')
/** `sll reject <plan> <move> --as <id>`. */
export const rejectCommand = decideCommand('reject')
