import { execFileSync, spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { expect, test } from 'vitest'
import { parse } from 'yaml'

const dir = fileURLToPath(new URL('.', import.meta.url))
const read = (name: string) => readFileSync(fileURLToPath(new URL(name, import.meta.url)), 'utf8')

/** promtool, or a failure that says how to install it (never a skip: CI must run these). */
function promtool(args: string[]): string {
  const found = spawnSync('promtool', ['--version'], { encoding: 'utf8' })
  if (found.error || found.status !== 0) {
    throw new Error(
      'promtool is not installed. Install Prometheus (Debian/Ubuntu: `sudo apt-get install -y prometheus`; .ci/run does it) and run the tests again.',
    )
  }
  return execFileSync('promtool', args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
}

const alertNames = (): string[] =>
  (parse(read('alerts.yml')) as { groups: { rules: { alert?: string }[] }[] }).groups.flatMap((g) =>
    g.rules.flatMap((r) => (r.alert ? [r.alert] : [])),
  )

test('default: promtool accepts the alert rules', () => {
  expect(promtool(['check', 'rules', 'alerts.yml'])).toMatch(/SUCCESS: \d+ rules found/)
})

test('default: promtool rule unit tests pass', () => {
  expect(promtool(['test', 'rules', 'alerts.test.yml'])).toMatch(/SUCCESS/)
})

test('behavior: every alert has a unit test, a runbook row in the README and a Grafana panel', () => {
  const tests = parse(read('alerts.test.yml')) as {
    tests: { alert_rule_test?: { alertname: string; exp_alerts: unknown[] }[] }[]
  }
  const fired = new Set(
    tests.tests.flatMap((t) =>
      (t.alert_rule_test ?? []).filter((a) => a.exp_alerts.length > 0).map((a) => a.alertname),
    ),
  )
  const readme = readFileSync(fileURLToPath(new URL('../../README.md', import.meta.url)), 'utf8')
  const dashboard = read('../grafana/sll.json')
  const names = alertNames()
  expect(names.length).toBeGreaterThanOrEqual(9)
  for (const name of names) {
    expect(fired.has(name), `${name} fires in alerts.test.yml`).toBe(true)
    expect(readme, `${name} in the README runbook`).toMatch(new RegExp(`\\| \`${name}\` \\|`))
    expect(dashboard.includes(name), `${name} on the dashboard`).toBe(true)
  }
})

test('behavior: the Compose Prometheus config loads the rules and scrapes both worker ports', () => {
  const config = parse(read('prometheus.yml')) as {
    rule_files: string[]
    scrape_configs: { job_name: string; static_configs: { targets: string[] }[] }[]
  }
  expect(config.rule_files).toContain('/etc/prometheus/alerts.yml')
  const targets = config.scrape_configs.flatMap((s) => s.static_configs.flatMap((c) => c.targets))
  expect(targets).toEqual(expect.arrayContaining(['worker:9464', 'worker:9465']))
  expect(promtool(['check', 'config', '--syntax-only', 'prometheus.yml'])).toMatch(/SUCCESS/)
})
