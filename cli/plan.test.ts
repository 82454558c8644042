import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { stringify } from 'yaml'
import { randomScenario } from '../policies/testing/random-scenario.js'
import { main } from './main.js'

const root = new URL('../', import.meta.url).pathname
const policyPath = join(root, 'policies/example.yaml')
const snapshotPath = join(root, 'policies/fixtures/example-snapshot.json')
const policyText = readFileSync(policyPath, 'utf8')
const snapshotText = readFileSync(snapshotPath, 'utf8')
const dir = mkdtempSync(join(tmpdir(), 'sll-plan-cli-'))

async function run(argv: string[]) {
  const out: string[] = []
  const err: string[] = []
  const code = await main(argv, { stdout: (t) => out.push(t), stderr: (t) => err.push(t) })
  return { code, stdout: out.join(''), stderr: err.join('') }
}

function file(name: string, text: string): string {
  const p = join(dir, name)
  writeFileSync(p, text)
  return p
}

describe('sll plan', () => {
  test('default: --json prints exactly one plan document that conforms to the spec', async () => {
    const r = await run(['plan', '--policy', policyPath, '--snapshot', snapshotPath, '--json'])
    expect(r.code).toBe(0)
    const plan = JSON.parse(r.stdout)
    expect(plan.version).toBe(1)
    expect(plan.policy.sha256).toMatch(/^[0-9a-f]{64}$/)
    const planPath = file('plan.json', r.stdout)
    const check = execFileSync('node', [join(root, 'docs/check-plan.mjs'), snapshotPath, planPath]).toString()
    expect(check).toContain('conforms')
  })

  test('behavior: random scenarios (3-20 markets, groups, buffers, costs) give plans that conform to the spec', async () => {
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const { snapshot, policy } = randomScenario(seed, {
        markets: 3 + seed * 3,
        groups: seed % 2 === 0,
        buffers: true,
        costs: seed % 3 === 0,
      })
      const policyFile = file(`r${seed}.yaml`, stringify(policy))
      const snapshotFile = file(`r${seed}.json`, JSON.stringify(snapshot, null, 2))
      const r = await run(['plan', '--policy', policyFile, '--snapshot', snapshotFile, '--json'])
      expect(r.code, r.stderr).toBe(0)
      const planFile = file(`r${seed}-plan.json`, r.stdout)
      const check = execFileSync('node', [
        join(root, 'docs/check-plan.mjs'),
        snapshotFile,
        planFile,
      ]).toString()
      expect(check).toContain('conforms')
    }
  })

  test('behavior: the table shows current vs target, moves, APR and what binds', async () => {
    const r = await run(['plan', '--policy', policyPath, '--snapshot', snapshotPath])
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('current USD')
    expect(r.stdout).toContain('target USD')
    expect(r.stdout).toMatch(/APR: \d+\.\d+% -> \d+\.\d+%/)
    expect(r.stdout).toContain('maxUtilization')
    expect(r.stdout).toMatch(/moves \(\d+\):/)
  })

  test('behavior: a group whose floors exceed its cap is a breach, not an error: listed in --json and on top of the table', async () => {
    const policyFile = file('n.yaml', policyText.replace('maxShare: 0.2', 'maxShare: 0.01'))
    const r = await run(['plan', '--policy', policyFile, '--snapshot', snapshotPath, '--json'])
    expect(r.code, r.stderr).toBe(0)
    const plan = JSON.parse(r.stdout)
    expect(plan.breaches).toEqual([expect.objectContaining({ kind: 'group', limit: 'maxShare' })])
    const check = execFileSync('node', [
      join(root, 'docs/check-plan.mjs'),
      snapshotPath,
      file('n-plan.json', r.stdout),
    ]).toString()
    expect(check).toContain('conforms')
    const table = await run(['plan', '--policy', policyFile, '--snapshot', snapshotPath])
    expect(table.code).toBe(0)
    const lines = table.stdout.split('\n')
    expect(lines[2]).toMatch(/^!! 1 limit cannot hold now/)
    expect(lines[3]).toMatch(/^BREACH\s+limit\s+allows USD\s+held USD\s+why$/)
    expect(lines[4]).toMatch(new RegExp(`^group ${plan.breaches[0].group}\\s+maxShare`))
    expect(table.stdout.indexOf('BREACH')).toBeLessThan(table.stdout.indexOf('current USD'))
  })

  test('behavior: without breaches --json has no breaches field and the table no breach section', async () => {
    const r = await run(['plan', '--policy', policyPath, '--snapshot', snapshotPath, '--json'])
    expect(JSON.parse(r.stdout)).not.toHaveProperty('breaches')
    const table = await run(['plan', '--policy', policyPath, '--snapshot', snapshotPath])
    expect(table.stdout).not.toContain('BREACH')
  })

  test('behavior: random scenarios with positions above caps and short cash exit 0 and conform to the spec', async () => {
    let listed = 0
    for (const seed of [11, 12, 13, 14, 15, 16]) {
      const { snapshot, policy } = randomScenario(seed, {
        markets: 4 + seed,
        groups: seed % 2 === 0,
        buffers: true,
        costs: seed % 3 === 0,
        breaches: 0.3,
      })
      const policyFile = file(`b${seed}.yaml`, stringify(policy))
      const snapshotFile = file(`b${seed}.json`, JSON.stringify(snapshot, null, 2))
      const r = await run(['plan', '--policy', policyFile, '--snapshot', snapshotFile, '--json'])
      expect(r.code, r.stderr).toBe(0)
      listed += JSON.parse(r.stdout).breaches?.length ?? 0
      const check = execFileSync('node', [
        join(root, 'docs/check-plan.mjs'),
        snapshotFile,
        file(`b${seed}-plan.json`, r.stdout),
      ]).toString()
      expect(check).toContain('conforms')
    }
    expect(listed).toBeGreaterThan(0)
  })

  test('behavior: the binary prints JSON only on stdout', () => {
    const r = spawnSync(
      'node',
      [join(root, 'bin/sll.mjs'), 'plan', '--policy', policyPath, '--snapshot', snapshotPath, '--json'],
      {
        cwd: root,
      },
    )
    expect(r.status).toBe(0)
    expect(() => JSON.parse(r.stdout.toString())).not.toThrow()
  })

  const bad: [string, () => string[], RegExp][] = [
    [
      'YAML syntax error',
      () => ['--policy', file('a.yaml', policyText.replace('horizonDays: 30', 'horizonDays: [30'))],
      /a\.yaml:\d+:\d+.*YAML syntax error/,
    ],
    [
      'unknown key',
      () => [
        '--policy',
        file('b.yaml', policyText.replace('name: example-conservative', 'name: x\nmaxMoves: 3')),
      ],
      /b\.yaml:4:1 at maxMoves: unknown key/,
    ],
    [
      'wrong type',
      () => ['--policy', file('c.yaml', policyText.replace('horizonDays: 30', 'horizonDays: "30"'))],
      /c\.yaml:\d+:\d+ at moves\.horizonDays: .*expected number/,
    ],
    [
      'negative amount',
      () => ['--policy', file('d.yaml', policyText.replace('minMoveUsd: 1000000', 'minMoveUsd: -1'))],
      /d\.yaml:\d+:\d+ at moves\.minMoveUsd: must be a non-negative amount/,
    ],
    [
      'non-numeric amount',
      () => ['--policy', file('e.yaml', policyText.replace('minIdleUsd: 25000000', 'minIdleUsd: "25M"'))],
      /e\.yaml:\d+:\d+ at buffers\[0\]\.minIdleUsd: must be a non-negative amount/,
    ],
    [
      'maxShare outside (0,1]',
      () => ['--policy', file('f.yaml', policyText.replace('maxShare: 0.35', 'maxShare: 1.5'))],
      /f\.yaml:\d+:\d+ at groups\[1\]\.maxShare: must be in \(0, 1\]/,
    ],
    [
      'unknown market id',
      () => [
        '--policy',
        file('g.yaml', policyText.replace('- id: avalanche/aave/USDC', '- id: avalanche/aave/USDT')),
      ],
      /g\.yaml:\d+:\d+ at markets\[15\]\.id: unknown market id "avalanche\/aave\/USDT"/,
    ],
    [
      'duplicate market id',
      () => [
        '--policy',
        file('h.yaml', policyText.replace('- id: avalanche/aave/USDC', '- id: base/aave/USDC')),
      ],
      /h\.yaml:\d+:\d+ at markets\[15\]\.id: duplicate market id/,
    ],
    [
      'unsupported version',
      () => ['--policy', file('i.yaml', policyText.replace('version: 1', 'version: 3'))],
      /i\.yaml:2:10 at version: unsupported version/,
    ],
    [
      'snapshot totalBorrow > totalSupply',
      () => [
        '--snapshot',
        file('j.json', snapshotText.replace('"totalBorrow": "880000000"', '"totalBorrow": "1880000000"')),
      ],
      /j\.json:\d+:\d+ at markets\[1\]\.totalBorrow: totalBorrow .* exceeds totalSupply/,
    ],
    [
      'snapshot missing rate model field',
      () => ['--snapshot', file('k.json', snapshotText.replace('"rateAtTarget": 0.058,', ''))],
      /k\.json:\d+:\d+ at markets\[4\]\.rateModel\.rateAtTarget/,
    ],
    [
      'snapshot JSON syntax error',
      () => ['--snapshot', file('l.json', snapshotText.replace('"version": 1,', '"version": 1'))],
      /l\.json:\d+:\d+.*JSON syntax error/,
    ],
    [
      'constraints that cannot all hold (buffers)',
      () => [
        '--policy',
        file('m.yaml', policyText.replace('minIdleUsd: 25000000', 'minIdleUsd: 9000000000')),
      ],
      /m\.yaml:\d+:\d+ at buffers\[0\]\.minIdleUsd: constraints cannot all hold/,
    ],
  ]
  for (const [name, args, message] of bad) {
    test(`error: ${name} exits 2, names file:line:column and field, prints nothing on stdout`, async () => {
      const argv = args()
      const withDefaults = [
        ...(argv.includes('--policy') ? [] : ['--policy', policyPath]),
        ...(argv.includes('--snapshot') ? [] : ['--snapshot', snapshotPath]),
        ...argv,
        '--json',
      ]
      const r = await run(['plan', ...withDefaults])
      expect(r.code).toBe(2)
      expect(r.stdout).toBe('')
      expect(r.stderr).toMatch(message)
      expect(r.stderr).toContain('->')
    })
  }

  test('error: missing --policy is a usage error', async () => {
    const r = await run(['plan', '--snapshot', snapshotPath])
    expect(r.code).toBe(2)
    expect(r.stdout).toBe('')
  })
})

describe('sll policy check', () => {
  test('default: prints a summary with the sha256 of the file bytes', async () => {
    const r = await run(['policy', 'check', policyPath])
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('valid policy "example-conservative"')
    expect(r.stdout).toMatch(/sha256: [0-9a-f]{64}/)
    expect(r.stdout).toContain('morpho <= 20.0%')
  })

  test('behavior: --snapshot also checks market ids and feasibility', async () => {
    const ok = await run(['policy', 'check', policyPath, '--snapshot', snapshotPath])
    expect(ok.code).toBe(0)
    expect(ok.stdout).toContain('constraints can all hold')
    const bad = file('y.yaml', policyText.replace('- id: avalanche/aave/USDC', '- id: avalanche/aave/USDT'))
    const r = await run(['policy', 'check', bad, '--snapshot', snapshotPath])
    expect(r.code).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr).toMatch(/y\.yaml:\d+:\d+ at markets\[15\]\.id: unknown market id/)
  })

  test('behavior: --snapshot names the breaches (ceilings below what cannot leave) instead of failing', async () => {
    const policyFile = file('x.yaml', policyText.replace('maxShare: 0.2', 'maxShare: 0.01'))
    const r = await run(['policy', 'check', policyFile, '--snapshot', snapshotPath])
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(
      /constraints hold except breaches \(held at their floors, see sll plan\): group \S+/,
    )
  })

  test('error: an invalid policy exits 2 with the location', async () => {
    const r = await run([
      'policy',
      'check',
      file('z.yaml', policyText.replace('maxShare: 0.2', 'maxShare: 2')),
    ])
    expect(r.code).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr).toMatch(/z\.yaml:\d+:\d+ at groups\[0\]\.maxShare/)
  })
})
