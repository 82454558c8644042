import { describeError } from '../lib/errors.js'
import { resolveTemporalCli } from '../ops/temporal-cli.js'

/** Makes sure a Temporal CLI is available (building it with Go into the user cache if needed). */
try {
  const cli = resolveTemporalCli()
  console.error(`Temporal CLI: ${cli.path} (${cli.source})`)
} catch (error) {
  console.error(describeError(error))
  process.exit(1)
}
