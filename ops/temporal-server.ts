import { mkdirSync } from 'node:fs'
import { createConnection } from 'node:net'
import { dirname } from 'node:path'
import { Connection } from '@temporalio/client'
import { TemporalUnreachableError } from '../lib/temporal-errors.js'
import { searchAttributeArgs } from '../temporal.config.js'
import type { ProcessGroup, TrackedChild } from './process-group.js'

/** Resolves true when something accepts TCP connections on host:port. */
export function isListening(address: string, timeoutMs = 500): Promise<boolean> {
  const [host, port] = address.split(':')
  return new Promise((resolve) => {
    const socket = createConnection({ host: host ?? '127.0.0.1', port: Number(port) })
    const done = (ok: boolean) => {
      socket.destroy()
      resolve(ok)
    }
    socket.setTimeout(timeoutMs, () => done(false))
    socket.once('connect', () => done(true))
    socket.once('error', () => done(false))
  })
}

/** Waits until the Temporal frontend at `address` answers a system-info call. */
export async function waitForTemporal(address: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  let lastError: unknown
  while (Date.now() < deadline) {
    if (await isListening(address)) {
      try {
        const connection = await Connection.connect({ address, connectTimeout: 2_000 })
        try {
          await connection.workflowService.getSystemInfo({})
          return
        } finally {
          await connection.close()
        }
      } catch (error) {
        lastError = error
      }
    }
    await new Promise((r) => setTimeout(r, 250))
  }
  throw new TemporalUnreachableError(`Temporal server at ${address} did not answer within ${timeoutMs} ms.`, {
    instruction:
      'Start it with `npm run temporal` (or `npm start`), or set TEMPORAL_ADDRESS to a running server.',
    cause: lastError,
  })
}

/** Options of the local dev server. */
export type DevServerOptions = {
  cliPath: string
  ip?: string
  port: number
  uiPort: number
  namespace: string
  /** SQLite file; the history survives restarts. */
  dbFile: string
  logLevel?: 'debug' | 'info' | 'warn' | 'error'
}

/** Arguments of `temporal server start-dev` with the project's search attributes registered. */
export function devServerArgs(options: DevServerOptions): string[] {
  return [
    'server',
    'start-dev',
    '--ip',
    options.ip ?? '127.0.0.1',
    '--port',
    String(options.port),
    '--ui-port',
    String(options.uiPort),
    '--namespace',
    options.namespace,
    '--db-filename',
    options.dbFile,
    '--log-level',
    options.logLevel ?? 'warn',
    '--dynamic-config-value',
    'frontend.enableUpdateWorkflowExecution=true',
    '--dynamic-config-value',
    'frontend.enableUpdateWorkflowExecutionAsyncAccepted=true',
    ...searchAttributeArgs(),
  ]
}

/**
 * Starts the dev server as a tracked child of `group` and waits until it answers.
 * Its output goes to `logLine` (prefixed), so a crash is visible.
 */
export async function startDevServer(
  group: ProcessGroup,
  options: DevServerOptions,
  logLine: (line: string) => void,
) {
  mkdirSync(dirname(options.dbFile), { recursive: true })
  const tracked: TrackedChild = group.spawn('temporal', options.cliPath, devServerArgs(options))
  for (const stream of [tracked.child.stdout, tracked.child.stderr]) {
    stream?.setEncoding('utf8')
    stream?.on('data', (chunk: string) => {
      for (const line of chunk.split('\n')) if (line.trim()) logLine(`[temporal] ${line}`)
    })
  }
  const exited = new Promise<never>((_, reject) =>
    tracked.child.once('exit', (code) =>
      reject(
        new TemporalUnreachableError(
          `temporal server start-dev exited with code ${code} before it was ready.`,
          {
            instruction: `Check the [temporal] lines above; is port ${options.port} or ${options.uiPort} taken?`,
          },
        ),
      ),
    ),
  )
  await Promise.race([waitForTemporal(`${options.ip ?? '127.0.0.1'}:${options.port}`), exited])
  return tracked
}
