import type { Client } from '@temporalio/client'
import { pauseSignal, resumeSignal } from '../workflows/messages.js'
import { type Command, parseFlags } from './command.js'
import { commandInfo } from './commands.js'
import { connectClient } from './temporal-client.js'

/** Visibility query of every running cycle and move. */
export const RUNNING_WORK_QUERY =
  "ExecutionStatus = 'Running' AND (WorkflowType = 'allocationCycle' OR WorkflowType = 'executeMove' OR WorkflowType = 'approvalRequest')"

async function signalRunning(client: Client, send: (id: string) => Promise<void>): Promise<string[]> {
  const ids: string[] = []
  for await (const execution of client.workflow.list({ query: RUNNING_WORK_QUERY })) {
    ids.push(execution.workflowId)
    await send(execution.workflowId).catch(() => undefined) // it may have finished meanwhile
  }
  return ids
}

async function setSchedulePaused(
  client: Client,
  scheduleId: string,
  paused: boolean,
  note: string,
): Promise<boolean> {
  const handle = client.schedule.getHandle(scheduleId)
  try {
    if (paused) await handle.pause(note)
    else await handle.unpause(note)
    return true
  } catch {
    return false
  }
}

const pauseUsage = commandInfo.pause.usage
const resumeUsage = commandInfo.resume.usage

/**
 * `sll pause`: pauses the allocation schedule (with a note saying who and why) and signals every running
 * cycle and move: no new transaction starts; a bridge already sent still completes delivery.
 */
export const pauseCommand: Command = {
  name: 'pause',
  summary: commandInfo.pause.summary,
  usage: pauseUsage,
  async run(argv, io) {
    const { values } = parseFlags(argv, {
      usage: pauseUsage,
      options: { as: { type: 'string' }, reason: { type: 'string' } },
    })
    const by = values.as ?? process.env.USER ?? 'operator'
    const note = `paused by ${by}${values.reason ? `: ${values.reason}` : ''}`
    const { client, config, close } = await connectClient()
    try {
      const scheduled = await setSchedulePaused(client, config.scheduleId, true, note)
      const ids = await signalRunning(client, (id) =>
        client.workflow
          .getHandle(id)
          .signal(pauseSignal, { by, ...(values.reason ? { reason: values.reason } : {}) }),
      )
      io.stdout(
        `${note}. schedule ${config.scheduleId}: ${scheduled ? 'paused' : 'not found'}; signalled ${ids.length} running workflow(s)`,
      )
      for (const id of ids) io.stdout(`  ${id}`)
      return 0
    } finally {
      await close()
    }
  },
}

/** `sll resume`: unpauses the schedule and lets running cycles and moves send transactions again. */
export const resumeCommand: Command = {
  name: 'resume',
  summary: commandInfo.resume.summary,
  usage: resumeUsage,
  async run(argv, io) {
    const { values } = parseFlags(argv, { usage: resumeUsage, options: { as: { type: 'string' } } })
    const by = values.as ?? process.env.USER ?? 'operator'
    const { client, config, close } = await connectClient()
    try {
      const scheduled = await setSchedulePaused(client, config.scheduleId, false, `resumed by ${by}`)
      const ids = await signalRunning(client, (id) =>
        client.workflow.getHandle(id).signal(resumeSignal, { by }),
      )
      io.stdout(
        `resumed by ${by}. schedule ${config.scheduleId}: ${scheduled ? 'running' : 'not found'}; signalled ${ids.length} running workflow(s)`,
      )
      return 0
    } finally {
      await close()
    }
  },
}
