import { resolve } from 'node:path'
import { WorkflowFailedError } from '@temporalio/client'
import { loadPolicyFile } from '../policies/policy-file.js'
import type { allocationCycle } from '../workflows/allocation-cycle.js'
import { type CycleStatus, cycleStatusQuery } from '../workflows/messages.js'
import { type Command, parseFlags } from './command.js'
import { commandInfo } from './commands.js'
import { formatPlanTable } from './format/plan-table.js'
import { connectClient, temporalReason } from './temporal-client.js'

const { usage, summary } = commandInfo.rebalance

/** A plan id for a manual cycle: readable, sortable, unique. */
function manualPlanId(now = new Date()): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')
  return `plan-manual-${stamp}-${Math.random().toString(36).slice(2, 6)}`
}

/**
 * `sll rebalance`: runs one allocation cycle now (the policy is validated locally first, so a bad file
 * changes nothing), prints the plan and follows it: approvals needed, moves as they complete.
 */
export const rebalanceCommand: Command = {
  name: 'rebalance',
  summary,
  usage,
  async run(argv, io) {
    const { values } = parseFlags(argv, {
      usage,
      options: {
        policy: { type: 'string' },
        'dry-run': { type: 'boolean' },
        'no-follow': { type: 'boolean' },
        as: { type: 'string' },
      },
    })
    const policyPath = resolve(values.policy ?? process.env.SLL_POLICY ?? 'policies/devnet.yaml')
    const { ref } = await loadPolicyFile(policyPath) // exits 2 with file:line:column on a bad policy
    const { client, config, close } = await connectClient()
    try {
      const planId = manualPlanId()
      // By type name: the CLI does not load the workflow code (nor @temporalio/workflow's sandbox API).
      const handle = await client.workflow.start<typeof allocationCycle>('allocationCycle', {
        workflowId: planId,
        taskQueue: config.taskQueue,
        args: [
          {
            policyPath,
            trigger: { kind: 'manual', by: values.as ?? process.env.USER ?? 'operator' },
            ...(values['dry-run'] ? { dryRun: true } : {}),
          },
        ],
      })
      io.stderr(`started ${planId} with policy ${ref.name} (${ref.sha256.slice(0, 12)})`)
      if (values['no-follow']) {
        io.stdout(planId)
        return 0
      }
      let printedPlan = false
      let lastPhase = ''
      const lastStates = new Map<number, string>()
      // Prints the plan once, then one line per phase change and per move state change.
      const show = (status: CycleStatus) => {
        if (status.plan && !printedPlan) {
          io.stdout(formatPlanTable(status.plan))
          printedPlan = true
        }
        if (status.phase !== lastPhase) {
          io.stderr(`${planId}: ${status.phase}${status.paused ? ' (PAUSED)' : ''}`)
          lastPhase = status.phase
        }
        for (const m of status.moves) {
          if (lastStates.get(m.index) === m.state) continue
          lastStates.set(m.index, m.state)
          const who = m.approver ? ` by ${m.approver}` : ''
          const hint =
            m.state === 'pending-approval' || m.state === 'approval-requested'
              ? `  (sll approve ${planId} ${m.index} --key-file <your-approver-key>)`
              : ''
          io.stderr(`  #${m.index} ${m.from} -> ${m.to} ${m.amount} USD: ${m.state}${who}${hint}`)
        }
      }
      const done = handle.result()
      let finished = false
      done.then(
        () => {
          finished = true
        },
        () => {
          finished = true
        },
      )
      while (!finished) {
        const status = await handle.query(cycleStatusQuery).catch(() => undefined)
        if (status) show(status)
        await new Promise((r) => setTimeout(r, 500))
      }
      const result = await done
      if (result.skippedFor) {
        io.stderr(
          `nothing done: cycle ${result.skippedFor} is still running (one cycle at a time).\n` +
            `  -> see it with \`sll status ${result.skippedFor}\`; decide its pending moves or wait, then run again.`,
        )
        return 1
      }
      io.stderr(
        `plan ${planId} finished: ${result.outcomes.map((o) => `#${o.index} ${o.state}`).join(', ') || 'no moves'}`,
      )
      return 0
    } catch (error) {
      if (error instanceof WorkflowFailedError) {
        io.stderr(`cycle failed: ${temporalReason(error)}`)
        return 1
      }
      throw error
    } finally {
      await close()
    }
  },
}
