import { readFileSync } from 'node:fs'
import { DefaultLogger, type LogLevel, NativeConnection, Runtime } from '@temporalio/worker'
import { describeError } from '../lib/errors.js'
import { createRootLogger } from '../lib/logger.js'
import { TemporalUnreachableError } from '../lib/temporal-errors.js'
import { temporalTlsFromEnv } from '../lib/temporal-tls.js'
import { loadTemporalConfig } from '../temporal.config.js'
import { bundleWorkflows, createWorker } from './create-worker.js'
import { loadMetricsConfig } from './metrics/config.js'
import { startWorkerMetrics, temporalTelemetry } from './metrics/start.js'

/**
 * `npm run worker`: one worker process polling the task queue. Temporal's own (Rust core and SDK)
 * logs are routed into the same pino root logger. SIGINT / SIGTERM shut it down gracefully.
 */
async function main(): Promise<void> {
  const config = loadTemporalConfig()
  const logger = createRootLogger({ name: 'worker', level: config.logLevel })
  const metricsConfig = loadMetricsConfig()
  const telemetry = await temporalTelemetry(metricsConfig)
  const levels: Record<LogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = {
    TRACE: 'trace',
    DEBUG: 'debug',
    INFO: 'info',
    WARN: 'warn',
    ERROR: 'error',
  }
  Runtime.install({
    logger: new DefaultLogger('INFO', (entry) => {
      logger[levels[entry.level]]({ ...entry.meta, source: 'temporal' }, entry.message)
    }),
    shutdownSignals: [],
    ...telemetry.options,
  })
  const tls = temporalTlsFromEnv()
  const connection = await NativeConnection.connect({
    address: config.address,
    ...(tls ? { tls } : {}),
  }).catch((error: unknown) => {
    const reason = /Connection refused/i.test(describeError(error))
      ? 'connection refused'
      : describeError(error)
    throw new TemporalUnreachableError(`cannot reach Temporal at ${config.address} (${reason}).`, {
      instruction:
        'Start it with `npm run temporal` (or `npm start`), or set TEMPORAL_ADDRESS to a running server.',
    })
  })
  logger.info({ address: config.address, taskQueue: config.taskQueue }, 'bundling workflows')
  // A prebuilt bundle (SLL_WORKFLOW_BUNDLE, a file written by `bundleWorkflowCode`) skips the bundling step.
  const prebuilt = process.env.SLL_WORKFLOW_BUNDLE
  const workflowBundle = prebuilt
    ? { code: readFileSync(prebuilt, 'utf8') }
    : await bundleWorkflows((message) => logger.warn({ source: 'bundler' }, message))
  const worker = await createWorker({
    connection,
    namespace: config.namespace,
    taskQueue: config.taskQueue,
    workflowBundle,
  })
  let stopping = false
  const stop = (signal: string) => {
    if (stopping) return
    stopping = true
    logger.info({ signal }, 'shutting down worker')
    worker.shutdown()
  }
  process.once('SIGINT', () => stop('SIGINT'))
  process.once('SIGTERM', () => stop('SIGTERM'))
  const metrics = await startWorkerMetrics({ config: metricsConfig, temporal: config, logger })
  logger.info(
    { metrics: metrics?.url ?? 'off', temporalMetrics: telemetry.url ?? 'off' },
    'metrics endpoints',
  )
  logger.info({ namespace: config.namespace, taskQueue: config.taskQueue }, 'worker polling')
  await worker.run()
  await metrics?.stop()
  await connection.close()
  logger.info('worker stopped')
}

main().catch((error: unknown) => {
  process.stderr.write(`worker: ${describeError(error)}\n`)
  process.exit(1)
})
