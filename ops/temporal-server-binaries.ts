import { execFileSync, spawnSync } from 'node:child_process'
import { accessSync, constants, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { NonRetryableError } from '../lib/errors.js'
import { temporalCacheDir } from './temporal-cli.js'

/**
 * The released Temporal server built for the cluster test (`go install` of `go.temporal.io/server`). The
 * newest tag whose go.mod accepts the machine's Go (1.26.8): v1.32.2 and v1.31.5 ask for go >= 1.26.10.
 * Its go.mod has no replace directive, so `go install …@v1.32.1` works from the module proxy.
 */
export const TEMPORAL_SERVER_VERSION = '1.32.1'

/** The server binaries are missing and could not be built. */
export class TemporalServerNotFoundError extends NonRetryableError {
  override readonly name = 'TemporalServerNotFoundError'
}

/** Paths of the two released binaries the cluster test runs. */
export type TemporalServerBinaries = { server: string; sqlTool: string; version: string }

const installHelp = [
  'Build them once with Go (>= 1.26.8; a few minutes on 2 cores) with `node --import tsx scripts/ensure-temporal-server.ts`,',
  `or point TEMPORAL_SERVER_BIN and TEMPORAL_SQL_TOOL_BIN at temporal-server / temporal-sql-tool v${TEMPORAL_SERVER_VERSION}.`,
].join(' ')

function works(path: string): boolean {
  try {
    accessSync(path, constants.X_OK)
  } catch {
    return false
  }
  const result = spawnSync(path, ['--version'], { encoding: 'utf8', timeout: 15_000 })
  return result.status === 0 && result.stdout.includes(TEMPORAL_SERVER_VERSION)
}

/** Where the binaries of {@link TEMPORAL_SERVER_VERSION} live in the user cache (next to the CLI). */
export function temporalServerCachePaths(env: NodeJS.ProcessEnv = process.env): TemporalServerBinaries {
  const dir = temporalCacheDir(env)
  return {
    server: join(dir, `temporal-server-v${TEMPORAL_SERVER_VERSION}`),
    sqlTool: join(dir, `temporal-sql-tool-v${TEMPORAL_SERVER_VERSION}`),
    version: TEMPORAL_SERVER_VERSION,
  }
}

/**
 * Finds `temporal-server` and `temporal-sql-tool`: `TEMPORAL_SERVER_BIN` / `TEMPORAL_SQL_TOOL_BIN`, else
 * the user cache; with `build`, builds the missing ones there with `go install` (module proxy; cold: a few
 * minutes and ~1 GB of module downloads; warm: seconds). Throws {@link TemporalServerNotFoundError}.
 */
export function resolveTemporalServer(
  options: { env?: NodeJS.ProcessEnv; build?: boolean; log?: (line: string) => void } = {},
): TemporalServerBinaries {
  const env = options.env ?? process.env
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`))
  const cached = temporalServerCachePaths(env)
  const wanted = {
    server: env.TEMPORAL_SERVER_BIN || cached.server,
    sqlTool: env.TEMPORAL_SQL_TOOL_BIN || cached.sqlTool,
  }
  const missing = (['server', 'sqlTool'] as const).filter((k) => !works(wanted[k]))
  if (missing.length === 0) return { ...wanted, version: TEMPORAL_SERVER_VERSION }
  const fromEnv = missing.filter((k) =>
    k === 'server' ? env.TEMPORAL_SERVER_BIN : env.TEMPORAL_SQL_TOOL_BIN,
  )
  if (fromEnv.length > 0) {
    throw new TemporalServerNotFoundError(
      `${fromEnv.map((k) => wanted[k]).join(', ')} is not a working Temporal ${TEMPORAL_SERVER_VERSION} binary.`,
      { instruction: `Fix or unset TEMPORAL_SERVER_BIN / TEMPORAL_SQL_TOOL_BIN. ${installHelp}` },
    )
  }
  if (options.build !== true || spawnSync('go', ['version']).status !== 0) {
    throw new TemporalServerNotFoundError(
      `Temporal server ${TEMPORAL_SERVER_VERSION} binaries not found in ${temporalCacheDir(env)}.`,
      { instruction: installHelp },
    )
  }
  const dir = temporalCacheDir(env)
  mkdirSync(dir, { recursive: true })
  const gobin = mkdtempSync(join(dir, '.build-'))
  const started = Date.now()
  log(`building temporal-server and temporal-sql-tool v${TEMPORAL_SERVER_VERSION} with Go into ${dir} ...`)
  try {
    execFileSync(
      'go',
      [
        'install',
        '-trimpath',
        '-ldflags',
        '-s -w',
        `go.temporal.io/server/cmd/server@v${TEMPORAL_SERVER_VERSION}`,
        `go.temporal.io/server/cmd/tools/sql@v${TEMPORAL_SERVER_VERSION}`,
      ],
      {
        stdio: ['ignore', 'inherit', 'inherit'],
        env: { ...process.env, GOBIN: gobin, CGO_ENABLED: '0', GOTOOLCHAIN: env.GOTOOLCHAIN || 'local' },
      },
    )
    renameSync(join(gobin, 'server'), cached.server)
    renameSync(join(gobin, 'sql'), cached.sqlTool)
  } catch (error) {
    throw new TemporalServerNotFoundError(
      `Building Temporal server ${TEMPORAL_SERVER_VERSION} failed: ${(error as Error).message}`,
      {
        instruction: installHelp,
      },
    )
  } finally {
    rmSync(gobin, { recursive: true, force: true })
  }
  log(`built in ${Math.round((Date.now() - started) / 1000)} s`)
  if (!works(cached.server) || !works(cached.sqlTool)) {
    throw new TemporalServerNotFoundError('The built Temporal server binaries do not answer --version.', {
      instruction: installHelp,
    })
  }
  return cached
}
