import { describeError } from '../lib/errors.js'
import { resolveTemporalServer } from '../ops/temporal-server-binaries.js'

/**
 * Makes sure the released Temporal server and its SQL tool (for `npm run test:cluster`) are in the user
 * cache, building them with Go on first use. `.ci/run` calls it before the cluster test.
 */
try {
  const bins = resolveTemporalServer({ build: true })
  console.error(`Temporal server ${bins.version}: ${bins.server}, SQL tool: ${bins.sqlTool}`)
} catch (error) {
  console.error(describeError(error))
  process.exit(1)
}
