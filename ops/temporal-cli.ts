import { execFileSync, spawnSync } from 'node:child_process'
import { accessSync, constants, mkdirSync } from 'node:fs'
import { homedir } from 'node:os'
import { delimiter, join } from 'node:path'
import { NonRetryableError } from '../lib/errors.js'

/** The Temporal CLI tag built with Go when no binary is found (newest tag `go install` accepts). */
export const TEMPORAL_CLI_VERSION = '1.5.1'

/** No usable Temporal CLI: not in env, PATH or cache, and it could not be built. */
export class TemporalCliNotFoundError extends NonRetryableError {
  override readonly name = 'TemporalCliNotFoundError'
}

/** Where the CLI came from, for logs. */
export type TemporalCliSource = 'env' | 'path' | 'cache' | 'built'

/** A resolved Temporal CLI binary. */
export type TemporalCli = { path: string; source: TemporalCliSource }

const installHelp = [
  'Install the Temporal CLI in one of these ways, then run again:',
  `  - with Go (>= 1.25): GOBIN=${'$HOME'}/.cache/sll-orchestrator/bin CGO_ENABLED=0 go install github.com/temporalio/cli/cmd/temporal@v${TEMPORAL_CLI_VERSION}`,
  '  - brew install temporal',
  '  - the official archive from https://temporal.download/cli/archive/latest?platform=linux&arch=amd64, on PATH',
  '  - or point TEMPORAL_CLI at an existing binary.',
].join('\n')

/** The user cache directory shared by every clone: `${XDG_CACHE_HOME:-~/.cache}/sll-orchestrator/bin`. */
export function temporalCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const base =
    env.XDG_CACHE_HOME && env.XDG_CACHE_HOME.length > 0 ? env.XDG_CACHE_HOME : join(homedir(), '.cache')
  return join(base, 'sll-orchestrator', 'bin')
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK)
    return true
  } catch {
    return false
  }
}

function answersVersion(path: string): boolean {
  const result = spawnSync(path, ['--version'], { encoding: 'utf8', timeout: 15_000 })
  return result.status === 0 && /temporal version/i.test(result.stdout)
}

function findOnPath(env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue
    const candidate = join(dir, 'temporal')
    if (isExecutable(candidate) && answersVersion(candidate)) return candidate
  }
  return undefined
}

function goAvailable(): boolean {
  return spawnSync('go', ['version'], { encoding: 'utf8' }).status === 0
}

/**
 * Builds the CLI into the user cache with `go install` (first build takes minutes; later builds reuse
 * Go's module and build caches). Progress goes to stderr.
 */
function buildWithGo(cacheDir: string, log: (line: string) => void): string {
  mkdirSync(cacheDir, { recursive: true })
  log(
    `Temporal CLI not found: building v${TEMPORAL_CLI_VERSION} with Go into ${cacheDir} (first time only, a few minutes)...`,
  )
  execFileSync(
    'go',
    [
      'install',
      '-trimpath',
      '-ldflags',
      `-s -w -X github.com/temporalio/cli/temporalcli.Version=${TEMPORAL_CLI_VERSION}`,
      `github.com/temporalio/cli/cmd/temporal@v${TEMPORAL_CLI_VERSION}`,
    ],
    { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, GOBIN: cacheDir, CGO_ENABLED: '0' } },
  )
  return join(cacheDir, 'temporal')
}

/**
 * Finds the Temporal CLI, in this order: `TEMPORAL_CLI` env, `temporal` on PATH, the user cache, a Go
 * build into the user cache (when `build` is true and Go is present). Throws
 * {@link TemporalCliNotFoundError} with install instructions otherwise.
 */
export function resolveTemporalCli(
  options: { env?: NodeJS.ProcessEnv; build?: boolean; log?: (line: string) => void } = {},
): TemporalCli {
  const env = options.env ?? process.env
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`))
  const fromEnv = env.TEMPORAL_CLI
  if (fromEnv) {
    if (!isExecutable(fromEnv) || !answersVersion(fromEnv)) {
      throw new TemporalCliNotFoundError(`TEMPORAL_CLI=${fromEnv} is not a working Temporal CLI binary.`, {
        instruction: `Fix or unset TEMPORAL_CLI.\n${installHelp}`,
      })
    }
    return { path: fromEnv, source: 'env' }
  }
  const onPath = findOnPath(env)
  if (onPath) return { path: onPath, source: 'path' }
  const cacheDir = temporalCacheDir(env)
  const cached = join(cacheDir, 'temporal')
  if (isExecutable(cached) && answersVersion(cached)) return { path: cached, source: 'cache' }
  if (options.build !== false && goAvailable()) {
    try {
      const built = buildWithGo(cacheDir, log)
      if (answersVersion(built)) return { path: built, source: 'built' }
    } catch (error) {
      throw new TemporalCliNotFoundError(
        `Building the Temporal CLI with Go failed: ${(error as Error).message}`,
        {
          instruction: installHelp,
        },
      )
    }
  }
  throw new TemporalCliNotFoundError(
    'The Temporal CLI was not found (TEMPORAL_CLI, PATH, user cache) and Go is not available to build it.',
    {
      instruction: installHelp,
    },
  )
}
