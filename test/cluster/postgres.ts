import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { isListening } from '../../ops/temporal-server.js'
import { freePort } from './ports.js'

/** A throwaway PostgreSQL cluster (initdb + postgres) on 127.0.0.1, in a temp dir. */
export type Postgres = {
  host: string
  port: number
  user: string
  password: string
  stop: () => Promise<void>
}

/** The newest Debian PostgreSQL binaries (`apt-get install postgresql`): `/usr/lib/postgresql/<major>/bin`. */
export function postgresBinDir(): string {
  const root = '/usr/lib/postgresql'
  const majors = existsSync(root)
    ? readdirSync(root)
        .filter((d) => existsSync(join(root, d, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : []
  const major = majors[0]
  if (!major) {
    throw new Error(
      'PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin: `apt-get install -y postgresql` (the cluster test starts its own server).',
    )
  }
  return join(root, major, 'bin')
}

/** initdb and postgres refuse to run as root: run them as the `postgres` user (Debian's package makes it). */
function runAs(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined
  for (const user of ['postgres', 'nobody']) {
    const uid = spawnSync('id', ['-u', user], { encoding: 'utf8' })
    const gid = spawnSync('id', ['-g', user], { encoding: 'utf8' })
    if (uid.status === 0 && gid.status === 0) return { uid: Number(uid.stdout), gid: Number(gid.stdout) }
  }
  throw new Error('running as root and neither a `postgres` nor a `nobody` user exists for initdb / postgres')
}

/**
 * Starts PostgreSQL with a fresh data directory on a free port (TCP on 127.0.0.1, socket in the temp dir),
 * superuser `user` with password authentication (scram). `stop()` stops it and removes the directory.
 */
export async function startPostgres(options: { user?: string; password?: string } = {}): Promise<Postgres> {
  const bin = postgresBinDir()
  const user = options.user ?? 'temporal'
  const password = options.password ?? 'temporal'
  const dir = mkdtempSync(join(tmpdir(), 'sll-pg-'))
  const owner = runAs()
  const spawnOpts = owner ? { uid: owner.uid, gid: owner.gid } : {}
  if (owner) chownSync(dir, owner.uid, owner.gid)
  chmodSync(dir, 0o700)
  const data = join(dir, 'data')
  const pwfile = join(dir, 'pwfile')
  // The password file is written by the owner itself (no secret on a command line).
  const written = spawnSync('sh', ['-c', 'umask 077 && cat > "$0"', pwfile], {
    input: `${password}\n`,
    ...spawnOpts,
  })
  if (written.status !== 0) throw new Error(`cannot write ${pwfile}: ${written.stderr}`)
  const init = spawnSync(
    join(bin, 'initdb'),
    ['-D', data, '-U', user, `--pwfile=${pwfile}`, '--auth=scram-sha-256', '-E', 'UTF8', '--no-sync'],
    { encoding: 'utf8', ...spawnOpts, cwd: dir },
  )
  if (init.status !== 0) throw new Error(`initdb failed (${init.status}): ${init.stderr}${init.stdout}`)
  rmSync(pwfile, { force: true })

  const port = await freePort()
  const child: ChildProcess = spawn(
    join(bin, 'postgres'),
    ['-D', data, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off'],
    { stdio: ['ignore', 'pipe', 'pipe'], ...spawnOpts, cwd: dir },
  )
  const output: string[] = []
  for (const stream of [child.stdout, child.stderr]) {
    stream?.setEncoding('utf8')
    stream?.on('data', (chunk: string) => output.push(chunk))
  }
  const deadline = Date.now() + 30_000
  while (!(await isListening(`127.0.0.1:${port}`))) {
    if (child.exitCode !== null || Date.now() > deadline)
      throw new Error(`postgres did not start on port ${port}:\n${output.join('')}`)
    await new Promise((r) => setTimeout(r, 100))
  }
  return {
    host: '127.0.0.1',
    port,
    user,
    password,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve))
        child.kill('SIGINT') // fast shutdown
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
        await exited
        clearTimeout(timer)
      }
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
