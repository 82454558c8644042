import { fileURLToPath } from 'node:url'
import { bundleWorkflowCode, DefaultLogger, type NativeConnection, Worker } from '@temporalio/worker'
import { type ActivityDeps, createActivities } from '../activities/index.js'

/** Absolute path of the workflow bundle entry. */
export const workflowsPath = fileURLToPath(new URL('../workflows/index.ts', import.meta.url))

/**
 * Bundles the workflow code once (a few seconds); pass the result to every worker of the process.
 * Webpack's chatter is dropped unless it is a warning or an error.
 */
export async function bundleWorkflows(
  onWarning: (message: string) => void = (m) => process.stderr.write(`${m}\n`),
) {
  const logger = new DefaultLogger('WARN', (entry) => onWarning(entry.message))
  return bundleWorkflowCode({ workflowsPath, logger })
}

/** Options of {@link createWorker}. */
export type CreateWorkerOptions = {
  connection: NativeConnection
  namespace: string
  taskQueue: string
  workflowBundle: { code: string }
  deps?: ActivityDeps
  /** Override activities (tests); merged over the real ones. */
  activityOverrides?: Record<string, (...args: never[]) => unknown>
}

/** Creates the orchestrator's worker: every workflow and activity on one task queue. */
export async function createWorker(options: CreateWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    workflowBundle: options.workflowBundle,
    activities: { ...createActivities(options.deps), ...(options.activityOverrides ?? {}) },
  })
}
