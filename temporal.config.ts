import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common'
import { z } from 'zod'
import { NonRetryableError } from './lib/errors.js'

/** An environment variable holds a value the orchestrator cannot use. */
export class InvalidConfigError extends NonRetryableError {
  override readonly name = 'InvalidConfigError'
}

const port = z.coerce.number().int().min(1).max(65_535)

const envSchema = z.object({
  TEMPORAL_ADDRESS: z
    .string()
    .regex(/^[^\s:]+:\d{1,5}$/, 'must be host:port, e.g. 127.0.0.1:7233')
    .default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'must be a namespace name (letters, digits, . _ -)')
    .default('default'),
  SLL_TASK_QUEUE: z.string().min(1, 'must not be empty').default('sll-orchestrator'),
  TEMPORAL_UI_PORT: port.default(8233),
  SLL_SCHEDULE_ID: z.string().min(1, 'must not be empty').default('sll-allocation-cycle'),
  SLL_LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal']).default('info'),
})

/** Validated runtime configuration of the Temporal side. */
export type TemporalConfig = {
  address: string
  namespace: string
  taskQueue: string
  uiPort: number
  /** Web UI of the local dev server. */
  uiUrl: string
  scheduleId: string
  logLevel: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal'
}

/**
 * Reads the configuration from the environment. Every bad value is reported by variable name with
 * the value it got and what it must look like; nothing starts on a bad value.
 *
 * @throws {InvalidConfigError}
 */
export function loadTemporalConfig(env: NodeJS.ProcessEnv = process.env): TemporalConfig {
  const parsed = envSchema.safeParse(env)
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const key = String(issue.path[0])
      return `${key}=${JSON.stringify(env[key])}: ${issue.message}`
    })
    throw new InvalidConfigError(`invalid environment: ${lines.join('; ')}`, {
      instruction: 'Fix or unset the variable(s) named above (see "Configuration" in README.md).',
    })
  }
  const v = parsed.data
  const host = v.TEMPORAL_ADDRESS.split(':')[0] ?? '127.0.0.1'
  return {
    address: v.TEMPORAL_ADDRESS,
    namespace: v.TEMPORAL_NAMESPACE,
    taskQueue: v.SLL_TASK_QUEUE,
    uiPort: v.TEMPORAL_UI_PORT,
    uiUrl: `http://${host}:${v.TEMPORAL_UI_PORT}`,
    scheduleId: v.SLL_SCHEDULE_ID,
    logLevel: v.SLL_LOG_LEVEL,
  }
}

/** Search attributes the workflows set, so operators can filter in the Web UI. */
export const searchAttributes = {
  planId: defineSearchAttributeKey('SllPlanId', SearchAttributeType.KEYWORD),
  status: defineSearchAttributeKey('SllStatus', SearchAttributeType.KEYWORD),
  chains: defineSearchAttributeKey('SllChains', SearchAttributeType.KEYWORD_LIST),
  totalUsd: defineSearchAttributeKey('SllTotalUsd', SearchAttributeType.DOUBLE),
  policySha: defineSearchAttributeKey('SllPolicySha', SearchAttributeType.KEYWORD),
  /**
   * What the plan of a cycle cannot meet now (`plan.breaches`): market ids, `group:<name>`, `buffer:<chain>`
   * (`breachKey`). A list rather than a count, so that `SllBreaches = "ethereum/aave/USDC"` finds every
   * cycle that held that market; unset (empty) when every limit holds.
   */
  breaches: defineSearchAttributeKey('SllBreaches', SearchAttributeType.KEYWORD_LIST),
} as const

/** `--search-attribute` arguments for `temporal server start-dev`. */
export function searchAttributeArgs(): string[] {
  const typeNames: Record<string, string> = {
    [SearchAttributeType.KEYWORD]: 'Keyword',
    [SearchAttributeType.KEYWORD_LIST]: 'KeywordList',
    [SearchAttributeType.DOUBLE]: 'Double',
    [SearchAttributeType.INT]: 'Int',
    [SearchAttributeType.TEXT]: 'Text',
    [SearchAttributeType.BOOL]: 'Bool',
    [SearchAttributeType.DATETIME]: 'Datetime',
  }
  return Object.values(searchAttributes).flatMap((key) => [
    '--search-attribute',
    `${key.name}=${typeNames[key.type]}`,
  ])
}
