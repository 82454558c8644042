import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { freePort } from '../worker/metrics/server.js'

/** The alert rules file the tests load into Prometheus. */
export const alertRulesFile = fileURLToPath(new URL('../ops/prometheus/alerts.yml', import.meta.url))

/** A Prometheus server of one test file (own port, own storage directory). */
export type TestPrometheus = {
  url: string
  output: string[]
  /** Instant query; resolves to the result vector. */
  query: (expr: string) => Promise<{ metric: Record<string, string>; value: [number, string] }[]>
  alerts: () => Promise<{ labels: Record<string, string>; state: string }[]>
  stop: () => Promise<void>
}

/** Fails (never skips) with how to install Prometheus when the binary is missing. */
export function requirePrometheus(): void {
  const found = spawnSync('prometheus', ['--version'], { encoding: 'utf8' })
  if (found.error || found.status !== 0) {
    throw new Error(
      'prometheus is not installed: this test starts a real Prometheus. Install it (Debian/Ubuntu: `sudo apt-get install -y prometheus`, then `sudo service prometheus stop`; .ci/run does both) and run the test again.',
    )
  }
}

/**
 * Starts Prometheus on a free port scraping `targets` (job name -> host:port) every second, with the
 * project's alert rules evaluated every second; resolves when it is ready.
 */
export async function startPrometheus(targets: Record<string, string>): Promise<TestPrometheus> {
  requirePrometheus()
  const dir = mkdtempSync(join(tmpdir(), 'sll-prometheus-'))
  const port = await freePort()
  const config = [
    'global:',
    '  scrape_interval: 1s',
    '  evaluation_interval: 1s',
    'rule_files:',
    `  - ${JSON.stringify(alertRulesFile)}`,
    'scrape_configs:',
    ...Object.entries(targets).flatMap(([job, target]) => [
      `  - job_name: ${JSON.stringify(job)}`,
      '    static_configs:',
      `      - targets: [${JSON.stringify(target)}]`,
    ]),
  ].join('\n')
  writeFileSync(join(dir, 'prometheus.yml'), `${config}\n`)
  const child: ChildProcess = spawn(
    'prometheus',
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  )
  const output: string[] = []
  for (const stream of [child.stdout, child.stderr]) {
    stream?.setEncoding('utf8')
    stream?.on('data', (chunk: string) => output.push(chunk))
  }
  const url = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 30_000
  for (;;) {
    const ready = await fetch(`${url}/-/ready`).then(
      (r) => r.ok,
      () => false,
    )
    if (ready) break
    if (child.exitCode !== null || Date.now() > deadline) {
      throw new Error(`prometheus did not start: ${output.join('').slice(-2000)}`)
    }
    await new Promise((r) => setTimeout(r, 200))
  }
  const api = async <T>(path: string): Promise<T> => {
    const res = await fetch(`${url}${path}`)
    const body = (await res.json()) as { status: string; data: T; error?: string }
    if (body.status !== 'success') throw new Error(`prometheus ${path}: ${body.error}`)
    return body.data
  }
  return {
    url,
    output,
    query: async (expr) =>
      (
        await api<{ result: { metric: Record<string, string>; value: [number, string] }[] }>(
          `/api/v1/query?query=${encodeURIComponent(expr)}`,
        )
      ).result,
    alerts: async () =>
      (await api<{ alerts: { labels: Record<string, string>; state: string }[] }>('/api/v1/alerts')).alerts,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve))
        child.kill('SIGTERM')
        await exited
      }
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
