import { join } from 'node:path'
import { describeError } from '../lib/errors.js'
import { ProcessGroup, type TrackedChild } from '../ops/process-group.js'
import { resolveTemporalCli } from '../ops/temporal-cli.js'
import { isListening, startDevServer, waitForTemporal } from '../ops/temporal-server.js'
import { loadTemporalConfig } from '../temporal.config.js'

/**
 * `npm start`: everything a newcomer needs on one machine. Starts (or reuses) the Temporal dev server,
 * then the worker; prints where to look; on Ctrl-C stops every child it started, by PID.
 */
async function main(): Promise<void> {
  const config = loadTemporalConfig()
  const group = new ProcessGroup()
  const say = (line: string) => process.stderr.write(`[start] ${line}\n`)
  let stopping = false
  const shutdown = async (reason: string) => {
    if (stopping) return
    stopping = true
    say(
      `${reason}: stopping ${group.children.map((c) => `${c.name} (pid ${c.pid})`).join(', ') || 'nothing'}`,
    )
    await group.stopAll()
    say('all stopped')
    process.exit(0)
  }
  process.once('SIGINT', () => void shutdown('SIGINT'))
  process.once('SIGTERM', () => void shutdown('SIGTERM'))

  try {
    if (await isListening(config.address)) {
      say(`reusing the Temporal server already listening on ${config.address}`)
      await waitForTemporal(config.address, 10_000)
    } else {
      const cli = resolveTemporalCli({ log: say })
      say(`starting Temporal dev server (${cli.path}) on ${config.address}`)
      await startDevServer(
        group,
        {
          cliPath: cli.path,
          port: Number(config.address.split(':')[1]),
          uiPort: config.uiPort,
          namespace: config.namespace,
          dbFile: join(process.cwd(), '.temporal', 'dev.db'),
        },
        (line) => process.stderr.write(`${line}\n`),
      )
    }

    const worker: TrackedChild = group.spawn(
      'worker',
      process.execPath,
      ['--import', 'tsx', 'worker/main.ts'],
      {
        stdio: ['ignore', 'inherit', 'inherit'],
      },
    )
    worker.child.once('exit', (code, signal) => {
      if (!stopping) void shutdown(`worker exited (code ${code}, signal ${signal})`)
    })

    say(`Temporal Web UI: ${config.uiUrl}/namespaces/${config.namespace}/workflows`)
    say(`task queue "${config.taskQueue}"; press Ctrl-C to stop everything`)
  } catch (error) {
    say(describeError(error))
    await group.stopAll()
    process.exit(1)
  }
}

void main()
