import { join } from 'node:path'
import { describeError } from '../lib/errors.js'
import { ProcessGroup } from '../ops/process-group.js'
import { resolveTemporalCli } from '../ops/temporal-cli.js'
import { isListening, startDevServer } from '../ops/temporal-server.js'
import { loadTemporalConfig } from '../temporal.config.js'

/**
 * `npm run temporal`: the Temporal dev server in the foreground (SQLite under `.temporal/`, Web UI,
 * the project's search attributes registered). Ctrl-C stops it.
 */
async function main(): Promise<void> {
  const config = loadTemporalConfig()
  if (await isListening(config.address)) {
    console.error(`A server already listens on ${config.address}; nothing to start. Web UI: ${config.uiUrl}`)
    return
  }
  const cli = resolveTemporalCli()
  const group = new ProcessGroup()
  const port = Number(config.address.split(':')[1])
  const tracked = await startDevServer(
    group,
    {
      cliPath: cli.path,
      port,
      uiPort: config.uiPort,
      namespace: config.namespace,
      dbFile: join(process.cwd(), '.temporal', 'dev.db'),
    },
    (line) => console.error(line),
  )
  console.error(
    `Temporal dev server up on ${config.address} (namespace ${config.namespace}); Web UI: ${config.uiUrl}`,
  )
  const stop = () => void group.stopAll()
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
  await new Promise((resolve) => tracked.child.once('exit', resolve))
}

main().catch((error: unknown) => {
  console.error(`temporal: ${describeError(error)}`)
  process.exit(1)
})
