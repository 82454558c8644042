import { TestWorkflowEnvironment } from '@temporalio/testing'
import type { TestProject } from 'vitest/node'
import { resolveTemporalCli } from '../ops/temporal-cli.js'
import { searchAttributes } from '../temporal.config.js'

declare module 'vitest' {
  export interface ProvidedContext {
    /** host:port of the run's Temporal dev server. */
    temporalAddress: string
    /** Namespace of the run's Temporal dev server. */
    temporalNamespace: string
  }
}

let env: TestWorkflowEnvironment | undefined

/**
 * One real Temporal dev server for the whole integration run (on free ports, in-memory), started with
 * the CLI that `ops/temporal-cli.ts` resolves. Tests read its address with `inject('temporalAddress')`.
 */
export async function setup(project: TestProject): Promise<void> {
  const cli = resolveTemporalCli()
  let lastError: unknown
  // The ephemeral server must answer within 5 s; a cold 2-core machine can miss that once.
  for (let attempt = 1; attempt <= 3 && !env; attempt++) {
    try {
      env = await TestWorkflowEnvironment.createLocal({
        server: {
          executable: { type: 'existing-path', path: cli.path },
          namespace: 'default',
          searchAttributes: Object.values(searchAttributes),
          extraArgs: [
            '--dynamic-config-value',
            'frontend.enableUpdateWorkflowExecution=true',
            '--dynamic-config-value',
            'frontend.enableUpdateWorkflowExecutionAsyncAccepted=true',
          ],
        },
      })
    } catch (error) {
      lastError = error
    }
  }
  if (!env) throw lastError
  project.provide('temporalAddress', env.address)
  project.provide('temporalNamespace', env.namespace ?? 'default')
}

export async function teardown(): Promise<void> {
  await env?.teardown()
  env = undefined
}
