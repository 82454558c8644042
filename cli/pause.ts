import { randomUUID } from 'node:crypto'
import { resolve } from 'node:path'
import { type Client, WithStartWorkflowOperation, WorkflowUpdateFailedError } from '@temporalio/client'
import { loadApproverKey, signOperatorAction } from '../lib/approver-key.js'
import { loadPolicyFile } from '../policies/policy-file.js'
import { sllControl } from '../workflows/control.js'
import {
  controlWorkflowId,
  type OperatorActionRequest,
  operatorActionUpdate,
  type PauseFact,
} from '../workflows/control-messages.js'
import { pauseSignal, resumeSignal } from '../workflows/messages.js'
import { type Command, type CommandIo, parseFlags } from './command.js'
import { commandInfo } from './commands.js'
import { DecisionRefusedError } from './decide.js'
import { connectClient, temporalReason } from './temporal-client.js'

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
 * Sends a signed pause / resume to the control workflow `sll-control/<taskQueue>`, starting it if it does not run
 * yet (the durable pause fact; see `workflows/control.ts`). Refused (WorkflowUpdateFailedError) unless the
 * signer is an approver of the policy.
 */
export async function sendOperatorAction(
  client: Client,
  taskQueue: string,
  request: OperatorActionRequest,
): Promise<PauseFact> {
  const start = new WithStartWorkflowOperation(sllControl, {
    workflowId: controlWorkflowId(taskQueue),
    taskQueue,
    args: [{}],
    workflowIdConflictPolicy: 'USE_EXISTING',
  })
  return client.workflow.executeUpdateWithStart(operatorActionUpdate, {
    args: [request],
    startWorkflowOperation: start,
  })
}

async function signedAction(
  action: 'pause' | 'resume',
  values: { 'key-file'?: string | undefined; policy?: string | undefined; reason?: string | undefined },
  _io: CommandIo,
): Promise<{
  fact: PauseFact
  client: Client
  scheduleId: string
  controlId: string
  close: () => Promise<void>
}> {
  const account = await loadApproverKey(values['key-file'])
  const policyPath = resolve(values.policy ?? process.env.SLL_POLICY ?? 'policies/devnet.yaml')
  const { sha256 } = await loadPolicyFile(policyPath) // exits 2 with file:line:column on a bad policy
  const signed = await signOperatorAction(account, {
    action,
    reason: values.reason ?? '',
    policySha256: sha256,
    nonce: randomUUID(),
    deadline: Math.floor(Date.now() / 1000) + 600,
  })
  const { client, config, close } = await connectClient()
  try {
    const fact = await sendOperatorAction(client, config.taskQueue, { signed, policyPath })
    return {
      fact,
      client,
      scheduleId: config.scheduleId,
      controlId: controlWorkflowId(config.taskQueue),
      close,
    }
  } catch (error) {
    await close()
    if (error instanceof WorkflowUpdateFailedError) {
      throw new DecisionRefusedError(`${action} refused: ${temporalReason(error)}`, {
        instruction:
          'Sign with the key of an approver listed in the policy (--key-file or SLL_APPROVER_KEY).',
      })
    }
    throw error
  }
}

/**
 * `sll pause`: records the signed pause in the control workflow (the durable fact every step checks before
 * it signs), then pauses the allocation schedule and signals every running cycle and move so they stop
 * at once: no new transaction starts; a bridge already sent still completes delivery.
 */
export const pauseCommand: Command = {
  name: 'pause',
  summary: commandInfo.pause.summary,
  usage: pauseUsage,
  async run(argv, io) {
    const { values } = parseFlags(argv, {
      usage: pauseUsage,
      options: { 'key-file': { type: 'string' }, policy: { type: 'string' }, reason: { type: 'string' } },
    })
    const { fact, client, scheduleId, controlId, close } = await signedAction('pause', values, io)
    try {
      const by = fact.by ?? 'approver'
      const note = `paused by ${by}${values.reason ? `: ${values.reason}` : ''}`
      const scheduled = await setSchedulePaused(client, scheduleId, true, note)
      const ids = await signalRunning(client, (id) =>
        client.workflow
          .getHandle(id)
          .signal(pauseSignal, { by, ...(values.reason ? { reason: values.reason } : {}) }),
      )
      io.stdout(
        `${note} (${fact.address}). pause recorded in ${controlId}; schedule ${scheduleId}: ${scheduled ? 'paused' : 'not found'}; signalled ${ids.length} running workflow(s)`,
      )
      for (const id of ids) io.stdout(`  ${id}`)
      return 0
    } finally {
      await close()
    }
  },
}

/** `sll resume`: records the signed resume, unpauses the schedule and lets running moves sign again. */
export const resumeCommand: Command = {
  name: 'resume',
  summary: commandInfo.resume.summary,
  usage: resumeUsage,
  async run(argv, io) {
    const { values } = parseFlags(argv, {
      usage: resumeUsage,
      options: { 'key-file': { type: 'string' }, policy: { type: 'string' } },
    })
    const { fact, client, scheduleId, close } = await signedAction('resume', values, io)
    try {
      const by = fact.by ?? 'approver'
      const scheduled = await setSchedulePaused(client, scheduleId, false, `resumed by ${by}`)
      const ids = await signalRunning(client, (id) =>
        client.workflow.getHandle(id).signal(resumeSignal, { by }),
      )
      io.stdout(
        `resumed by ${by} (${fact.address}). schedule ${scheduleId}: ${scheduled ? 'running' : 'not found'}; signalled ${ids.length} running workflow(s)`,
      )
      return 0
    } finally {
      await close()
    }
  },
}
