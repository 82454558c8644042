import { Client, Connection } from '@temporalio/client'
import { DefaultLogger, NativeConnection, Runtime, type Worker } from '@temporalio/worker'
import { inject } from 'vitest'
import { bundleWorkflows, type CreateWorkerOptions, createWorker } from '../worker/create-worker.js'

let bundle: Promise<{ code: string }> | undefined
let runtimeInstalled = false

/**
 * Keeps the SDK quiet in test output: warnings and errors only. A runtime already installed in this
 * process (a test file that timed out left its worker running) is kept: one timeout must not fail every
 * later file of the fork with "Runtime singleton has already been installed".
 */
function installQuietRuntime(): void {
  if (runtimeInstalled) return
  runtimeInstalled = true
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') })
  } catch (error) {
    if (!(error instanceof Error && /already been installed/.test(error.message))) throw error
  }
}

/** The workflow bundle, built once per test file. */
export function workflowBundle(): Promise<{ code: string }> {
  bundle ??= bundleWorkflows()
  return bundle
}

/** A connected client and native connection to the run's dev server (see `test/global-setup.ts`). */
export type TemporalTestContext = {
  client: Client
  connection: Connection
  nativeConnection: NativeConnection
  namespace: string
  close: () => Promise<void>
}

/** Connects to the run's dev server. */
export async function connectTemporal(): Promise<TemporalTestContext> {
  installQuietRuntime()
  const address = inject('temporalAddress')
  const namespace = inject('temporalNamespace')
  const connection = await Connection.connect({ address })
  const nativeConnection = await NativeConnection.connect({ address })
  const client = new Client({ connection, namespace })
  return {
    client,
    connection,
    nativeConnection,
    namespace,
    close: async () => {
      await connection.close()
      await nativeConnection.close()
    },
  }
}

/** A worker of the real orchestrator on a task queue of the test's own. */
export async function startTestWorker(
  ctx: TemporalTestContext,
  options: { taskQueue: string } & Partial<Pick<CreateWorkerOptions, 'deps' | 'activityOverrides'>>,
): Promise<Worker> {
  return createWorker({
    connection: ctx.nativeConnection,
    namespace: ctx.namespace,
    taskQueue: options.taskQueue,
    workflowBundle: await workflowBundle(),
    ...(options.deps ? { deps: options.deps } : {}),
    ...(options.activityOverrides ? { activityOverrides: options.activityOverrides } : {}),
  })
}

/** A task queue name unique to one test. */
export function uniqueTaskQueue(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`
}
