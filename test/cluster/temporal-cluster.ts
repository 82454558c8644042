import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { waitForTemporal } from '../../ops/temporal-server.js'
import type { TemporalServerBinaries } from '../../ops/temporal-server-binaries.js'
import { freePorts } from './ports.js'
import type { Postgres } from './postgres.js'

/** A released Temporal server (frontend, history, matching, worker in one process) on PostgreSQL. */
export type TemporalCluster = {
  address: string
  output: string[]
  pid: number
  stop: () => Promise<void>
}

const DATABASES = [
  { name: 'temporal', schema: 'postgresql/v12/temporal' },
  { name: 'temporal_visibility', schema: 'postgresql/v12/visibility' },
] as const

/**
 * Creates the two databases and their schemas with Temporal's own tool, exactly as an operator does
 * for a new cluster: `create-database`, `setup-schema -v 0.0`, `update-schema` to the newest version
 * (the versioned schema embedded in the tool).
 */
export function createTemporalSchema(sqlTool: string, pg: Postgres): void {
  const common = ['--plugin', 'postgres12', '--ep', pg.host, '-p', String(pg.port), '-u', pg.user]
  const env = { ...process.env, SQL_PASSWORD: pg.password }
  for (const db of DATABASES) {
    for (const args of [
      ['--db', db.name, 'create-database'],
      ['--db', db.name, 'setup-schema', '-v', '0.0'],
      ['--db', db.name, 'update-schema', '--schema-name', db.schema],
    ]) {
      execFileSync(sqlTool, [...common, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] })
    }
  }
}

/** The committed server config template and dynamic config of the production topology. */
export const SERVER_CONFIG = resolve('deploy/temporal/config.yaml')
export const DYNAMIC_CONFIG = resolve('deploy/temporal/dynamicconfig.yaml')

/** The environment that points the committed config template at `pg` and at free ports. */
export function clusterServerEnv(pg: Postgres, ports: number[]): NodeJS.ProcessEnv {
  const names = [
    'FRONTEND_GRPC_PORT',
    'FRONTEND_HTTP_PORT',
    'FRONTEND_MEMBERSHIP_PORT',
    'HISTORY_GRPC_PORT',
    'HISTORY_MEMBERSHIP_PORT',
    'MATCHING_GRPC_PORT',
    'MATCHING_MEMBERSHIP_PORT',
    'WORKER_GRPC_PORT',
    'WORKER_MEMBERSHIP_PORT',
  ]
  return {
    ...Object.fromEntries(names.map((name, i) => [name, String(ports[i])])),
    POSTGRES_SEEDS: pg.host,
    DB_PORT: String(pg.port),
    POSTGRES_USER: pg.user,
    POSTGRES_PWD: pg.password,
    FRONTEND_BIND_ON_IP: '127.0.0.1',
    DYNAMIC_CONFIG_FILE_PATH: DYNAMIC_CONFIG,
    LOG_LEVEL: 'warn',
  }
}

/**
 * Starts `temporal-server start` with all four services on free ports against `pg` (schema created
 * first) and waits until the frontend answers.
 */
export async function startTemporalCluster(
  bins: TemporalServerBinaries,
  pg: Postgres,
): Promise<TemporalCluster> {
  createTemporalSchema(bins.sqlTool, pg)
  const dir = mkdtempSync(join(tmpdir(), 'sll-temporal-'))
  const ports = await freePorts(9)
  const child: ChildProcess = spawn(
    bins.server,
    ['--config-file', SERVER_CONFIG, '--allow-no-auth', 'start'],
    {
      cwd: dir,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...clusterServerEnv(pg, ports) },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  const output: string[] = []
  for (const stream of [child.stdout, child.stderr]) {
    stream?.setEncoding('utf8')
    stream?.on('data', (chunk: string) => output.push(chunk))
  }
  const address = `127.0.0.1:${ports[0]}`
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) =>
      reject(
        new Error(`temporal-server exited (${code}) before it was ready:\n${output.join('').slice(-4000)}`),
      ),
    ),
  )
  exited.catch(() => undefined)
  await Promise.race([waitForTemporal(address, 120_000), exited])
  return {
    address,
    output,
    pid: child.pid ?? -1,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        const done = new Promise((resolve) => child.once('exit', resolve))
        child.kill('SIGTERM')
        const timer = setTimeout(() => child.kill('SIGKILL'), 20_000)
        await done
        clearTimeout(timer)
      }
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
