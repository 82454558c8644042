import { z } from 'zod'
import { InvalidConfigError } from '../../temporal.config.js'

/** Default port of the product metrics (`sll_*`) when `SLL_METRICS_PORT` is unset (outside tests). */
export const DEFAULT_METRICS_PORT = 9464
/** Default port of the Temporal SDK's own metrics (`temporal_*`) when `SLL_TEMPORAL_METRICS_PORT` is unset. */
export const DEFAULT_TEMPORAL_METRICS_PORT = 9465

/** `off` disables, `0` picks a free port, else a TCP port. */
const portSetting = z
  .string()
  .trim()
  .regex(/^(off|\d{1,5})$/, 'must be a port (1-65535), 0 for a free port, or off')
  .transform((v) => (v === 'off' ? null : Number(v)))
  .refine((v) => v === null || v <= 65_535, 'must be at most 65535')

const schema = z.object({
  SLL_METRICS_PORT: portSetting.optional(),
  SLL_TEMPORAL_METRICS_PORT: portSetting.optional(),
  SLL_METRICS_HOST: z
    .string()
    .regex(/^[0-9A-Za-z.:[\]-]+$/, 'must be a host or IP address to bind, e.g. 0.0.0.0')
    .default('127.0.0.1'),
  SLL_METRICS_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(3_600).default(15),
})

/** Validated metrics settings of the worker. `null` port: disabled. */
export type MetricsConfig = {
  host: string
  /** Port of `/metrics` with the `sll_*` metrics; 0 = a free port (logged). */
  port: number | null
  /** Port of the Temporal SDK (Core) Prometheus exporter; 0 = a free port chosen at start (logged). */
  temporalPort: number | null
  intervalMs: number
}

/**
 * Reads the metrics settings. Unset ports default to 9464 / 9465, except under a test runner (`VITEST`
 * set), where metrics stay off unless a test asks for them: parallel workers of a test run must not
 * fight over fixed ports.
 *
 * @throws {InvalidConfigError}
 */
export function loadMetricsConfig(env: NodeJS.ProcessEnv = process.env): MetricsConfig {
  const parsed = schema.safeParse(env)
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const key = String(issue.path[0])
      return `${key}=${JSON.stringify(env[key])}: ${issue.message}`
    })
    throw new InvalidConfigError(`invalid environment: ${lines.join('; ')}`, {
      instruction: 'Fix or unset the variable(s) named above (see "Metrics and alerts" in README.md).',
    })
  }
  const v = parsed.data
  const inTests = Boolean(env.VITEST)
  const orDefault = (value: number | null | undefined, fallback: number) =>
    value === undefined ? (inTests ? null : fallback) : value
  return {
    host: v.SLL_METRICS_HOST,
    port: orDefault(v.SLL_METRICS_PORT, DEFAULT_METRICS_PORT),
    temporalPort: orDefault(v.SLL_TEMPORAL_METRICS_PORT, DEFAULT_TEMPORAL_METRICS_PORT),
    intervalMs: v.SLL_METRICS_INTERVAL_SECONDS * 1000,
  }
}
