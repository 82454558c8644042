import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client'
import { NonRetryableError } from '../lib/errors.js'
import { decideMoveUpdate } from '../workflows/messages.js'
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
        options: { as: { type: 'string' }, reason: { type: 'string' } },
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
        const result = await client.workflow.getHandle(planId).executeUpdate(decideMoveUpdate, {
          args: [
            {
              moveIndex,
              approver: values.as,
              decision,
              ...(typeof values.reason === 'string' ? { reason: values.reason } : {}),
            },
          ],
        })
        io.stdout(`move ${result.moveIndex} of ${planId}: ${result.state} by ${result.approver}`)
        return 0
      } catch (error) {
        if (error instanceof WorkflowUpdateFailedError || error instanceof WorkflowNotFoundError) {
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
