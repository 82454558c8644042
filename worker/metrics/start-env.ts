import { loadMetricsConfig } from './config.js'
import { freePort } from './server.js'

/**
 * For `npm start`: resolves the worker's metrics ports (0 = a free port now) so that the line printed
 * next to the Web UI URL names the real ports, and returns the env that pins them for the worker.
 */
export async function resolveMetricsEnv(
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ env: Record<string, string>; summary: string }> {
  const config = loadMetricsConfig(env)
  const resolve = async (port: number | null) => (port === 0 ? await freePort(config.host) : port)
  const port = await resolve(config.port)
  const temporalPort = await resolve(config.temporalPort)
  const host = config.host === '0.0.0.0' ? '127.0.0.1' : config.host
  const url = (p: number | null) => (p === null ? 'off' : `http://${host}:${p}/metrics`)
  return {
    env: {
      SLL_METRICS_PORT: port === null ? 'off' : String(port),
      SLL_TEMPORAL_METRICS_PORT: temporalPort === null ? 'off' : String(temporalPort),
    },
    summary: `${url(port)} (sll_*), ${url(temporalPort)} (temporal_* of the Temporal SDK)`,
  }
}
