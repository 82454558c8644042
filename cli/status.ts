import type { Client } from '@temporalio/client'
import type { RelayerRemoval } from '../policies/availability.js'
import type { AllocationCycleResult } from '../workflows/allocation-cycle.js'
import {
  type ApprovalRequestStatus,
  approvalRequestStatusQuery,
  type CycleStatus,
  cycleStatusQuery,
  type MoveProgress,
  moveProgressQuery,
} from '../workflows/messages.js'
import { type Command, parseFlags } from './command.js'
import { commandInfo } from './commands.js'
import { connectClient } from './temporal-client.js'

/** Where each running move is (by move index), from its own `moveProgress` query. */
export type MovesInFlight = Map<number, MoveProgress>

const describeProgress = (progress: MoveProgress | undefined) =>
  progress
    ? ` (${progress.step}${progress.guid ? `, LayerZero guid ${progress.guid}` : ''}${progress.paused ? ', PAUSED' : ''})`
    : ''

/**
 * Renders one cycle's status: phase, the moves in flight side by side, then every move with its state
 * (for running moves, the step and the LayerZero GUID), what it waits for, and where a move needing
 * approval waits.
 */
export function formatCycleStatus(status: CycleStatus, inFlight: MovesInFlight = new Map()): string {
  const lines = [
    `plan ${status.planId}: ${status.phase}${status.paused ? ' (PAUSED)' : ''}` +
      (status.policy ? `  policy ${status.policy.name} ${status.policy.sha256.slice(0, 12)}` : ''),
  ]
  if (status.plan) {
    const s = status.plan.summary
    lines.push(
      `  managed ${s.managedUsd} USD, APR ${(s.currentApr * 100).toFixed(3)}% -> ${(s.plannedApr * 100).toFixed(3)}%`,
    )
  }
  const running = status.moves.filter((m) => m.state === 'running')
  if (running.length > 0) {
    lines.push(
      `  in flight: ${running.length} move(s) side by side: ${running.map((m) => `#${m.index}`).join(', ')}`,
    )
  }
  for (const m of status.moves) {
    const who = m.approver ? ` by ${m.approver}` : ''
    const after =
      (m.dependsOn ?? []).length > 0 ? `  after ${m.dependsOn.map((d) => `#${d}`).join(', ')}` : ''
    lines.push(
      `  #${m.index} ${m.from} -> ${m.to}  ${m.amount} USD  ${m.state}${describeProgress(inFlight.get(m.index))}${who}${after}`,
    )
    if (m.state === 'pending-approval' || m.state === 'approval-requested') {
      lines.push(`      approve: sll approve ${status.planId} ${m.index} --key-file <your-approver-key>`)
    }
  }
  if (status.moves.length === 0 && status.plan) lines.push('  no moves')
  lines.push(...relayerRemovedLines(status.relayerRemoved))
  return lines.join('\n')
}

/** What a cycle saw of a removed RELAYER: which chain's controller, which relayer, since when. */
export function relayerRemovedLines(removed: RelayerRemoval[] | undefined): string[] {
  return (removed ?? []).map(
    (r) =>
      `  !! RELAYER REMOVED on ${r.chain}: controller ${r.controller} does not grant RELAYER to ${r.relayer ?? 'the signer'} ` +
      `(seen ${new Date(Number(r.seenAt) * 1000).toISOString()}); nothing is sent until governance calls grantRole(RELAYER, ${r.relayer ?? 'relayer'})`,
  )
}

/** The newest finished cycle, if it stopped because the RELAYER was removed (what `sll status` leads with). */
export async function lastRelayerRemoval(
  client: Client,
): Promise<{ planId: string; removed: RelayerRemoval[] } | undefined> {
  for await (const execution of client.workflow.list({
    query: "WorkflowType = 'allocationCycle' AND ExecutionStatus = 'Completed'",
  })) {
    const result = (await client.workflow
      .getHandle(execution.workflowId)
      .result()
      .catch(() => undefined)) as AllocationCycleResult | undefined
    if (result?.relayerRemoved?.length) return { planId: result.planId, removed: result.relayerRemoved }
    return undefined // only the newest finished cycle counts: a later one without removal means it is back
  }
  return undefined
}

/**
 * Renders approval requests (each holds one move of a plan until decided): the exact move, its policy,
 * when it expires, and how to decide; approved ones show the step of their running move.
 */
export function formatApprovalRequests(
  requests: ApprovalRequestStatus[],
  progress: Map<string, MoveProgress> = new Map(),
): string {
  if (requests.length === 0) return 'no pending approvals'
  const lines = ['approvals:']
  for (const r of requests) {
    const who = r.approver ? ` by ${r.approver}` : ''
    // Older requests (before signed approvals) have no votes or threshold.
    const approvals = (r.votes ?? []).filter((v) => v.decision === 'approve').length
    const tally = r.threshold ? `  signed ${approvals}/${r.threshold}` : ''
    const step = r.moveWorkflowId ? describeProgress(progress.get(r.moveWorkflowId)) : ''
    lines.push(
      `  ${r.planId} #${r.index} ${r.from} -> ${r.to}  ${r.amount} USD  ${r.state}${step}${who}  policy ${r.policy.name} ${r.policy.sha256.slice(0, 12)}` +
        (r.state === 'pending-approval' ? `${tally}  expires ${r.expiresAt}` : ''),
    )
    if (r.state === 'pending-approval') {
      lines.push(`      approve: sll approve ${r.planId} ${r.index} --key-file <your-approver-key>`)
    }
  }
  return lines.join('\n')
}

/**
 * Statuses of the approval requests still pending or running an approved move (superseded and expired
 * ones stay open a while only to refuse late approvals, and are not listed), or every request of one plan.
 */
export async function approvalRequests(client: Client, planId?: string): Promise<ApprovalRequestStatus[]> {
  const query = planId
    ? `WorkflowType = 'approvalRequest' AND SllPlanId = '${planId.replaceAll("'", '')}'`
    : "WorkflowType = 'approvalRequest' AND ExecutionStatus = 'Running' AND SllStatus IN ('awaiting-approval', 'approved')"
  const statuses: ApprovalRequestStatus[] = []
  for await (const execution of client.workflow.list({ query })) {
    const status = await client.workflow
      .getHandle(execution.workflowId)
      .query(approvalRequestStatusQuery)
      .catch(() => undefined)
    if (status) statuses.push(status)
  }
  return statuses.sort((a, b) => (a.planId === b.planId ? a.index - b.index : a.planId < b.planId ? -1 : 1))
}

/** Statuses of every running cycle (queried), newest first. */
export async function runningCycles(client: Client): Promise<CycleStatus[]> {
  const statuses: CycleStatus[] = []
  for await (const execution of client.workflow.list({
    query: "ExecutionStatus = 'Running' AND WorkflowType = 'allocationCycle'",
  })) {
    const status = await client.workflow
      .getHandle(execution.workflowId)
      .query(cycleStatusQuery)
      .catch(() => undefined)
    if (status) statuses.push(status)
  }
  return statuses
}

/** Queries every running move of a cycle for its step (withdrawing, bridging, awaiting-delivery, ...). */
export async function movesInFlight(client: Client, status: CycleStatus): Promise<MovesInFlight> {
  const running = status.moves.filter((m) => m.state === 'running' && m.moveWorkflowId)
  // Side by side: query them together.
  const progress = await Promise.all(
    running.map((m) =>
      client.workflow
        .getHandle(m.moveWorkflowId as string)
        .query(moveProgressQuery)
        .catch(() => undefined),
    ),
  )
  const inFlight: MovesInFlight = new Map()
  running.forEach((m, i) => {
    const p = progress[i]
    if (p) inFlight.set(m.index, p)
  })
  return inFlight
}

async function requestsInFlight(
  client: Client,
  requests: ApprovalRequestStatus[],
): Promise<Map<string, MoveProgress>> {
  const ids = requests
    .filter((r) => r.state === 'running' && r.moveWorkflowId)
    .map((r) => r.moveWorkflowId as string)
  const progress = await Promise.all(
    ids.map((id) =>
      client.workflow
        .getHandle(id)
        .query(moveProgressQuery)
        .catch(() => undefined),
    ),
  )
  const byId = new Map<string, MoveProgress>()
  ids.forEach((id, i) => {
    const p = progress[i]
    if (p) byId.set(id, p)
  })
  return byId
}

const { usage, summary } = commandInfo.status

/** `sll status`: schedule state, running plans, pending approval requests, moves in flight. */
export const statusCommand: Command = {
  name: 'status',
  summary,
  usage,
  async run(argv, io) {
    const { values, positionals } = parseFlags(argv, {
      usage,
      allowPositionals: true,
      options: { json: { type: 'boolean' } },
    })
    const { client, config, close } = await connectClient()
    try {
      const statuses = positionals[0]
        ? [await client.workflow.getHandle(positionals[0]).query(cycleStatusQuery)]
        : await runningCycles(client)
      const requests = await approvalRequests(client, positionals[0])
      const schedule = await client.schedule
        .getHandle(config.scheduleId)
        .describe()
        .then((d) => ({
          paused: d.state.paused,
          note: d.state.note ?? '',
          next: d.info.nextActionTimes[0]?.toISOString(),
        }))
        .catch(() => undefined)
      const frozen = await lastRelayerRemoval(client).catch(() => undefined)
      if (values.json) {
        io.stdout(
          JSON.stringify(
            {
              schedule: schedule ?? null,
              relayerRemoved: frozen ?? null,
              cycles: statuses,
              approvals: requests,
            },
            null,
            2,
          ),
        )
        return 0
      }
      io.stdout(
        schedule
          ? `schedule ${config.scheduleId}: ${schedule.paused ? `PAUSED (${schedule.note})` : `running, next cycle ${schedule.next ?? '-'}`}`
          : `schedule ${config.scheduleId}: not created (npm start creates it)`,
      )
      if (frozen) {
        io.stdout(`last cycle ${frozen.planId}: relayer-removed`)
        io.stdout(relayerRemovedLines(frozen.removed).join('\n'))
      }
      if (statuses.length === 0) io.stdout('no cycle running')
      for (const status of statuses) io.stdout(formatCycleStatus(status, await movesInFlight(client, status)))
      io.stdout(formatApprovalRequests(requests, await requestsInFlight(client, requests)))
      io.stdout(`Web UI: ${config.uiUrl}/namespaces/${config.namespace}/workflows`)
      return 0
    } finally {
      await close()
    }
  },
}
