import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdirSync, mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { checkBuild } from '../bin/fresh.mjs'
import { type BuildCliResult, buildCli, repoRoot } from './build.js'
import { main } from './main.js'

// Inside the repository (dist/ is ignored by git, biome, tsc and vitest), so the bundle's external
// imports resolve from node_modules as they do for dist/cli.
const outdir = join(repoRoot, 'dist', `test-build-${process.pid}`, 'cli')
let built: BuildCliResult

beforeAll(async () => {
  built = await buildCli({ root: repoRoot, outdir })
}, 60_000)
afterAll(() => rmSync(join(outdir, '..'), { recursive: true, force: true }))

/** Packages (and node: built-ins) that loading `output` imports before any code runs: its static closure. */
function staticImports(result: BuildCliResult, entryPoint: string): string[] {
  const outputs = result.metafile.outputs
  const start = Object.keys(outputs).find((path) => outputs[path]?.entryPoint === entryPoint)
  if (!start) throw new Error(`no output for ${entryPoint}`)
  const seen = new Set<string>()
  const externals = new Set<string>()
  const walk = (path: string) => {
    if (seen.has(path)) return
    seen.add(path)
    for (const i of outputs[path]?.imports ?? []) {
      if (i.kind !== 'import-statement') continue
      if (i.external) externals.add(i.path)
      else walk(i.path)
    }
  }
  walk(start)
  return [...externals].sort()
}

async function inProcess(argv: string[]) {
  const out: string[] = []
  const code = await main(argv, { stdout: (t) => out.push(t), stderr: () => {} })
  return { code, stdout: out.map((t) => (t.endsWith('\n') ? t : `${t}\n`)).join('') }
}

function runNode(args: string[], env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, args, { cwd: repoRoot, env: { ...process.env, ...env } })
  return { code: r.status, stdout: r.stdout.toString(), stderr: r.stderr.toString() }
}

const planArgs = [
  'plan',
  '--json',
  '--policy',
  'policies/example.yaml',
  '--snapshot',
  'policies/fixtures/example-snapshot.json',
]

describe('cli build', () => {
  test('default: the help screens load no heavy package; each command loads only its own', () => {
    expect(staticImports(built, 'cli/main.ts')).toEqual(['node:util'])
    const heavy = /^(viem|zod|yaml|@temporalio\/)/
    // viem/utils: the policy schema checks approver addresses' EIP-55 checksum (keccak only, no clients).
    expect(staticImports(built, 'cli/plan.ts').filter((p) => heavy.test(p))).toEqual([
      'viem/utils',
      'yaml',
      'zod',
    ])
    expect(staticImports(built, 'cli/status.ts').filter((p) => p.startsWith('viem'))).toEqual([])
    expect(staticImports(built, 'cli/markets.ts')).toContain('viem')
  })

  test('default: the manifest lists every bundled source, and the build is fresh right after it', () => {
    const paths = built.manifest.sources.map((s) => s.path)
    expect(paths).toEqual(expect.arrayContaining(['cli/main.ts', 'cli/plan.ts', 'policies/plan.ts']))
    expect(paths).toContain('cli/build.ts')
    expect(paths.some((p) => p.includes('node_modules'))).toBe(false)
    expect(checkBuild(repoRoot, outdir)).toEqual({ fresh: true, entry: join(outdir, 'main.js') })
  })

  test('behavior: the built CLI prints what the sources print, with the same exit codes', async () => {
    const entry = join(outdir, 'main.js')
    const script = `const { main } = await import(${JSON.stringify(entry)}); process.exitCode = await main(process.argv.slice(1))`
    for (const argv of [['--help'], ['status', '--help'], planArgs, ['bogus'], ['plan']]) {
      const viaBuild = runNode(['--input-type=module', '-e', script, '--', ...argv])
      const viaSources = await inProcess(argv)
      expect(viaBuild.code, argv.join(' ')).toBe(viaSources.code)
      expect(viaBuild.stdout, argv.join(' ')).toBe(viaSources.stdout)
    }
  })

  test('behavior: bin/sll.mjs runs the sources through tsx when told to (SLL_CLI_FROM_SOURCE)', () => {
    const r = runNode([join(repoRoot, 'bin', 'sll.mjs'), '--help'], {
      SLL_CLI_FROM_SOURCE: '1',
      SLL_DEBUG: '1',
    })
    expect(r.code).toBe(0)
    expect(r.stderr).toMatch(/running the sources through tsx: SLL_CLI_FROM_SOURCE is set/)
    expect(r.stdout).toMatch(/^sll: operator CLI/)
  })
})

describe('checkBuild', () => {
  const root = mkdtempSync(join(tmpdir(), 'sll-fresh-'))
  const dist = join(root, 'dist')
  const source = join(root, 'a.ts')
  const write = (text: string) => writeFileSync(source, text)

  beforeAll(() => {
    mkdirSync(dist)
    write('export const a = 1\n')
    const { mtimeMs, size } = statSync(source)
    const sha256 = createHash('sha256').update('export const a = 1\n').digest('hex')
    writeFileSync(
      join(dist, 'manifest.json'),
      JSON.stringify({ version: 1, entry: 'main.js', sources: [{ path: 'a.ts', mtimeMs, size, sha256 }] }),
    )
  })
  afterAll(() => rmSync(root, { recursive: true, force: true }))

  test('default: unchanged sources are fresh', () => {
    expect(checkBuild(root, dist)).toEqual({ fresh: true, entry: join(dist, 'main.js') })
  })

  test('behavior: a touched file with the same content is still fresh (hash compared)', () => {
    utimesSync(source, new Date(), new Date(Date.now() + 5_000))
    expect(checkBuild(root, dist).fresh).toBe(true)
  })

  test('behavior: an edited, removed or unbuilt source is stale', () => {
    write('export const a = 2\n')
    expect(checkBuild(root, dist)).toEqual({ fresh: false, reason: 'a.ts changed since the build' })
    rmSync(source)
    expect(checkBuild(root, dist)).toEqual({ fresh: false, reason: 'a.ts is gone since the build' })
    expect(checkBuild(root, join(root, 'nowhere')).fresh).toBe(false)
  })
})
