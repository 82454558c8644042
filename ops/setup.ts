import type { Client, Connection } from '@temporalio/client'
import { isGrpcServiceError } from '@temporalio/client'
import { encodeSearchAttributeIndexedValueType } from '@temporalio/common/lib/search-attributes.js'
import { msToTs } from '@temporalio/common/lib/time.js'
import { NonRetryableError, SllError } from '../lib/errors.js'
import { TemporalUnreachableError } from '../lib/temporal-errors.js'
import { searchAttributes, type TemporalConfig } from '../temporal.config.js'
import { ensureAllocationSchedule, type ScheduleResult } from './schedule.js'

/** gRPC status codes `sll setup` tells apart. */
const GRPC = { NOT_FOUND: 5, ALREADY_EXISTS: 6, PERMISSION_DENIED: 7, UNAVAILABLE: 14, UNAUTHENTICATED: 16 }

/** The namespace does not exist and `--create-namespace` was not given. */
export class NamespaceNotFoundError extends NonRetryableError {
  override readonly name = 'NamespaceNotFoundError'
}

/** A search attribute of ours exists on the server with another type (a type cannot be changed). */
export class SearchAttributeConflictError extends NonRetryableError {
  override readonly name = 'SearchAttributeConflictError'
}

/**
 * The server refused an administrative call (no admin role, or an API that Temporal Cloud does not offer
 * through the operator service). Not bad input: exit 1, like an unreachable server.
 */
export class TemporalPermissionError extends SllError {
  override readonly name = 'TemporalPermissionError'
  readonly retryable = false
}

/** What {@link setupNamespace} found and did. `changes` is empty when the namespace was already ready. */
export type SetupReport = {
  namespace: { name: string; state: 'created' | 'exists' }
  searchAttributes: { added: string[]; present: string[] }
  schedule: { id: string } & ScheduleResult
  changes: string[]
}

export type SetupOptions = {
  /** Stored in the schedule's action: the path of the policy file as the worker sees it. */
  policyPath: string
  /** The policy's `schedule.interval`, e.g. `5m`. */
  interval: string
  createNamespace?: boolean
  /** Retention of closed workflows in a namespace this call creates. */
  retentionDays?: number
  /** How long to wait for a new namespace / new search attributes to become visible (ms). */
  settleTimeoutMs?: number
}

/** The numeric gRPC status of an error or of one of its causes. */
function grpcCode(error: unknown): number | undefined {
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (isGrpcServiceError(e)) return e.code
    const code = (e as { code?: unknown }).code
    if (typeof code === 'number') return code
  }
  return undefined
}

/** Turns a gRPC refusal of `what` into the operator-facing error, or returns the error unchanged. */
function explain(error: unknown, what: string, config: Pick<TemporalConfig, 'address'>): unknown {
  const code = grpcCode(error)
  if (code === GRPC.PERMISSION_DENIED || code === GRPC.UNAUTHENTICATED) {
    return new TemporalPermissionError(
      `Temporal at ${config.address} refused to ${what}: permission denied.`,
      {
        instruction:
          'Run `sll setup` with credentials of a namespace / cluster admin. On Temporal Cloud, create the ' +
          'namespace and the search attributes in the Cloud UI or with tcld, then run `sll setup` again for the schedule.',
        cause: error,
      },
    )
  }
  if (code === GRPC.UNAVAILABLE) {
    return new TemporalUnreachableError(
      `cannot reach Temporal at ${config.address} (${what}: unavailable).`,
      {
        instruction: 'Start the server (or wait for it to finish starting), or set TEMPORAL_ADDRESS.',
        cause: error,
      },
    )
  }
  return error
}

async function guarded<T>(what: string, config: Pick<TemporalConfig, 'address'>, run: () => Promise<T>) {
  try {
    return await run()
  } catch (error) {
    throw explain(error, what, config)
  }
}

/** Retries `run` while the server still answers NOT_FOUND for a namespace it has just created. */
async function whileSettling<T>(deadline: number, run: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      return await run()
    } catch (error) {
      if (grpcCode(error) !== GRPC.NOT_FOUND || Date.now() > deadline) throw error
      await new Promise((r) => setTimeout(r, 500))
    }
  }
}

/**
 * Makes a namespace ready for the orchestrator on any Temporal server (dev server, self-hosted cluster):
 * 1. the namespace exists (created with `createNamespace`, else {@link NamespaceNotFoundError});
 * 2. the project's search attributes are registered through the operator service, with their types;
 * 3. the allocation schedule matches the policy (created or updated; its paused state is kept).
 * Idempotent: on a ready namespace it changes nothing and `changes` is empty.
 */
export async function setupNamespace(
  connection: Pick<Connection, 'workflowService' | 'operatorService'>,
  client: Client,
  config: Pick<TemporalConfig, 'address' | 'namespace' | 'scheduleId' | 'taskQueue'>,
  options: SetupOptions,
): Promise<SetupReport> {
  const { namespace } = config
  const changes: string[] = []
  const deadline = () => Date.now() + (options.settleTimeoutMs ?? 60_000)

  // 1. The namespace.
  let namespaceState: 'created' | 'exists' = 'exists'
  const exists = await guarded('describe the namespace', config, async () => {
    try {
      await connection.workflowService.describeNamespace({ namespace })
      return true
    } catch (error) {
      if (grpcCode(error) === GRPC.NOT_FOUND) return false
      throw error
    }
  })
  if (!exists) {
    if (!options.createNamespace) {
      throw new NamespaceNotFoundError(`namespace "${namespace}" does not exist on ${config.address}.`, {
        instruction: 'Pass --create-namespace to create it, or set TEMPORAL_NAMESPACE to an existing one.',
      })
    }
    const retentionDays = options.retentionDays ?? 30
    await guarded('register the namespace', config, async () => {
      try {
        await connection.workflowService.registerNamespace({
          namespace,
          description: 'sll-orchestrator',
          workflowExecutionRetentionPeriod: msToTs(retentionDays * 86_400_000),
        })
      } catch (error) {
        if (grpcCode(error) !== GRPC.ALREADY_EXISTS) throw error // a concurrent setup created it
      }
    })
    namespaceState = 'created'
    changes.push(`namespace ${namespace}: created (retention ${retentionDays} days)`)
    const until = deadline()
    await whileSettling(until, () => connection.workflowService.describeNamespace({ namespace }))
  }

  // 2. The search attributes.
  const wanted = Object.values(searchAttributes).map((key) => ({
    name: key.name,
    kind: key.type,
    code: encodeSearchAttributeIndexedValueType(key.type) as number,
  }))
  const listCustom = async () => {
    const listed = await connection.operatorService.listSearchAttributes({ namespace })
    return (listed.customAttributes ?? {}) as Record<string, number>
  }
  const until = deadline()
  const custom = await guarded('list search attributes', config, () => whileSettling(until, listCustom))
  const conflicts = wanted.filter((w) => custom[w.name] !== undefined && custom[w.name] !== w.code)
  if (conflicts.length > 0) {
    throw new SearchAttributeConflictError(
      `search attribute(s) registered with another type in namespace ${namespace}: ${conflicts
        .map((c) => `${c.name} (wanted ${c.kind})`)
        .join(', ')}.`,
      {
        instruction:
          'A type cannot be changed: remove the attribute (temporal operator search-attribute remove) first.',
      },
    )
  }
  const missing = wanted.filter((w) => custom[w.name] === undefined)
  if (missing.length > 0) {
    await guarded('add search attributes', config, () =>
      whileSettling(until, () =>
        connection.operatorService.addSearchAttributes({
          namespace,
          searchAttributes: Object.fromEntries(missing.map((m) => [m.name, m.code])),
        }),
      ),
    )
    // Wait until the server lists them: the workflows' first upsert must not race the registration.
    for (;;) {
      const now = await guarded('list search attributes', config, listCustom)
      if (missing.every((m) => now[m.name] === m.code)) break
      if (Date.now() > until) {
        throw new TemporalUnreachableError(
          `search attributes ${missing.map((m) => m.name).join(', ')} were added but are not listed yet.`,
          { instruction: 'Run `sll setup` again in a minute.' },
        )
      }
      await new Promise((r) => setTimeout(r, 500))
    }
    changes.push(`search attributes: added ${missing.map((m) => `${m.name} (${m.kind})`).join(', ')}`)
  }

  // 3. The allocation schedule.
  const schedule = await guarded('create or update the schedule', config, () =>
    whileSettling(until, () =>
      ensureAllocationSchedule(client, config, {
        policyPath: options.policyPath,
        interval: options.interval,
      }),
    ),
  )
  if (schedule.state === 'created')
    changes.push(`schedule ${config.scheduleId}: created (every ${options.interval}, overlap SKIP)`)
  if (schedule.state === 'updated')
    changes.push(`schedule ${config.scheduleId}: updated (${schedule.changes.join('; ')})`)

  return {
    namespace: { name: namespace, state: namespaceState },
    searchAttributes: {
      added: missing.map((m) => m.name),
      present: wanted.filter((w) => custom[w.name] !== undefined).map((w) => w.name),
    },
    schedule: { id: config.scheduleId, ...schedule },
    changes,
  }
}

/** The lines `sll setup` prints for a report. */
export function formatSetupReport(
  report: SetupReport,
  options: { policyPath: string; interval: string },
): string[] {
  const sa = report.searchAttributes
  const lines = [
    `namespace ${report.namespace.name}: ${report.namespace.state}`,
    `search attributes: ${sa.added.length > 0 ? `added ${sa.added.join(', ')}` : 'none added'}${
      sa.present.length > 0 ? `; already registered ${sa.present.join(', ')}` : ''
    }`,
    `schedule ${report.schedule.id}: ${report.schedule.state}${
      report.schedule.changes.length > 0 ? ` (${report.schedule.changes.join('; ')})` : ''
    }, every ${options.interval} on ${options.policyPath}, overlap SKIP${report.schedule.paused ? ', paused (kept)' : ''}`,
  ]
  lines.push(report.changes.length === 0 ? 'no changes' : `${report.changes.length} change(s)`)
  return lines
}
