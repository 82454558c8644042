import { Client, Connection } from '@temporalio/client'
import type { RuntimeOptions } from '@temporalio/worker'
import type { Logger } from 'pino'
import { startMetricsCollector } from '../../activities/metrics/collector.js'
import { metricsRegistry } from '../../activities/metrics/registry.js'
import { loadNetwork, type Network } from '../../activities/network.js'
import { temporalTlsFromEnv } from '../../lib/temporal-tls.js'
import type { TemporalConfig } from '../../temporal.config.js'
import type { MetricsConfig } from './config.js'
import { freePort, startMetricsServer } from './server.js'

/**
 * The telemetry options of `Runtime.install` for the Temporal SDK's own metrics (Core's Prometheus
 * exporter on its own port, `temporal_*` names, counters with `_total`, durations in seconds). Port 0 is
 * resolved to a free port here, because Core does not report the port it bound. Returns `{}` when off.
 */
export async function temporalTelemetry(
  config: MetricsConfig,
): Promise<{ options: Pick<RuntimeOptions, 'telemetryOptions'>; url?: string }> {
  if (config.temporalPort === null) return { options: {} }
  const port = config.temporalPort === 0 ? await freePort(config.host) : config.temporalPort
  const host = config.host.includes(':') ? `[${config.host}]` : config.host
  return {
    options: {
      telemetryOptions: {
        metrics: {
          prometheus: {
            bindAddress: `${host}:${port}`,
            countersTotalSuffix: true,
            useSecondsForDurations: true,
          },
        },
      },
    },
    url: `http://${host}:${port}/metrics`,
  }
}

/**
 * Starts the product metrics of a worker process: the `/metrics` endpoint and the collector (its own
 * Temporal client; the chains of `network`, default {@link loadNetwork} from env). Resolves to a stop
 * function, or to `undefined` when `SLL_METRICS_PORT` is off.
 */
export async function startWorkerMetrics(options: {
  config: MetricsConfig
  temporal: Pick<TemporalConfig, 'address' | 'namespace' | 'taskQueue' | 'scheduleId'>
  logger: Logger
  network?: () => Network
}): Promise<{ url: string; stop: () => Promise<void> } | undefined> {
  const { config, temporal, logger } = options
  if (config.port === null) return undefined
  const server = await startMetricsServer({ registry: metricsRegistry, host: config.host, port: config.port })
  const tls = temporalTlsFromEnv()
  const connection = await Connection.connect({ address: temporal.address, ...(tls ? { tls } : {}) })
  const client = new Client({ connection, namespace: temporal.namespace })
  let network: Network | undefined
  const collector = startMetricsCollector({
    client,
    taskQueue: temporal.taskQueue,
    scheduleId: temporal.scheduleId,
    network:
      options.network ??
      (() => {
        network ??= loadNetwork()
        return network
      }),
    intervalMs: config.intervalMs,
    log: logger,
  })
  return {
    url: server.url,
    stop: async () => {
      collector.stop()
      await server.close()
      await connection.close()
    },
  }
}
