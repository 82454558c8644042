/**
 * `npm run bench -- cli`: wall time of whole `sll` processes (`node bin/sll.mjs ...`, start to exit, as an
 * operator sees it), from the build in dist/cli and through the tsx fallback, against the goals of issue 11;
 * then the worker's start-up (process start until it logs "worker polling"), with and without a prebuilt
 * workflow bundle. `sll status` and the worker need a Temporal server: the one at TEMPORAL_ADDRESS if it
 * answers, else a dev server started here on SLL_BENCH_TEMPORAL_PORT (default 28733) and stopped by PID;
 * without a Temporal CLI those lines are skipped with a message.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { checkBuild } from '../bin/fresh.mjs'
import { buildCli, repoRoot } from '../cli/build.js'
import { describeError } from '../lib/errors.js'
import { ProcessGroup, stopChild } from '../ops/process-group.js'
import { resolveTemporalCli } from '../ops/temporal-cli.js'
import { isListening, startDevServer } from '../ops/temporal-server.js'
import { loadTemporalConfig } from '../temporal.config.js'
import { bundleWorkflows } from '../worker/create-worker.js'

const RUNS = Number(process.env.SLL_BENCH_CLI_RUNS ?? 7)
const FALLBACK_RUNS = 3
const WORKER_RUNS = 3

const sll = join(repoRoot, 'bin', 'sll.mjs')
const example = [
  'plan',
  '--json',
  '--policy',
  'policies/example.yaml',
  '--snapshot',
  'policies/fixtures/example-snapshot.json',
]

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN

/** Runs `node bin/sll.mjs ...args` to its exit; resolves to its wall time in ms. Rejects on a wrong exit code. */
function timeSll(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now()
    const child = spawn(process.execPath, [sll, ...args], {
      cwd: repoRoot,
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    })
    let stderr = ''
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk
    })
    child.once('error', reject)
    child.once('exit', (code) => {
      const ms = performance.now() - started
      if (code === 0) resolve(ms)
      else reject(new Error(`sll ${args.join(' ')} exited ${code}: ${stderr.trim()}`))
    })
  })
}

type Line = { name: string; args: string[]; goalMs?: number; env?: NodeJS.ProcessEnv }

async function measure(line: Line, runs: number, fromSource: boolean): Promise<void> {
  const env = { ...process.env, ...line.env }
  if (fromSource) env.SLL_CLI_FROM_SOURCE = '1'
  else delete env.SLL_CLI_FROM_SOURCE
  await timeSll(line.args, env) // warm-up: file cache, tsx's transform cache
  const times: number[] = []
  for (let i = 0; i < runs; i++) times.push(await timeSll(line.args, env))
  const m = median(times)
  const goal =
    line.goalMs === undefined || fromSource
      ? ''
      : `  goal < ${line.goalMs} ms: ${m < line.goalMs ? 'met' : 'MISSED'}`
  console.log(
    `  ${`${line.name}${fromSource ? ' (tsx fallback)' : ''}`.padEnd(44)} median ${m.toFixed(0).padStart(5)} ms` +
      `  min ${Math.min(...times)
        .toFixed(0)
        .padStart(5)}  max ${Math.max(...times)
        .toFixed(0)
        .padStart(5)}  n=${runs}${goal}`,
  )
}

/** Starts the worker like `npm run worker`; resolves to ms until "bundling workflows" and "worker polling". */
async function timeWorker(env: NodeJS.ProcessEnv): Promise<{ connectedMs: number; pollingMs: number }> {
  const group = new ProcessGroup()
  const started = performance.now()
  const tracked = group.spawn('worker', join(repoRoot, 'node_modules', '.bin', 'tsx'), ['worker/main.ts'], {
    cwd: repoRoot,
    env,
  })
  try {
    return await new Promise((resolve, reject) => {
      let connectedMs = Number.NaN
      let buffered = ''
      let output = ''
      const onData = (chunk: string) => {
        output += chunk
        buffered += chunk
        const lines = buffered.split('\n')
        buffered = lines.pop() ?? ''
        for (const text of lines) {
          if (text.includes('bundling workflows')) connectedMs = performance.now() - started
          if (text.includes('worker polling'))
            resolve({ connectedMs, pollingMs: performance.now() - started })
        }
      }
      tracked.child.stdout?.setEncoding('utf8').on('data', onData)
      tracked.child.stderr?.setEncoding('utf8').on('data', onData)
      tracked.child.once('exit', (code) =>
        reject(new Error(`worker exited ${code} before polling: ${output.trim().slice(-500)}`)),
      )
    })
  } finally {
    await stopChild(tracked)
  }
}

async function workerLines(address: string): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'sll-bench-cli-'))
  try {
    const started = performance.now()
    const bundle = await bundleWorkflows(() => {})
    const bundleMs = performance.now() - started
    const bundleFile = join(dir, 'workflow-bundle.js')
    writeFileSync(bundleFile, bundle.code)
    const base = {
      ...process.env,
      TEMPORAL_ADDRESS: address,
      SLL_TASK_QUEUE: `bench-worker-${process.pid}`,
      SLL_LOG_LEVEL: 'info',
    }
    console.log(`worker start-up (tsx worker/main.ts until "worker polling"), n=${WORKER_RUNS} each:`)
    for (const [name, env] of [
      ['bundling the workflows', base],
      ['prebuilt SLL_WORKFLOW_BUNDLE', { ...base, SLL_WORKFLOW_BUNDLE: bundleFile }],
    ] as const) {
      const runs: { connectedMs: number; pollingMs: number }[] = []
      for (let i = 0; i < WORKER_RUNS; i++) runs.push(await timeWorker(env))
      console.log(
        `  ${name.padEnd(44)} median ${median(runs.map((r) => r.pollingMs))
          .toFixed(0)
          .padStart(5)} ms` + `  (connected after ${median(runs.map((r) => r.connectedMs)).toFixed(0)} ms)`,
      )
    }
    console.log(`  (bundleWorkflowCode alone, in this process: ${bundleMs.toFixed(0)} ms)`)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** A Temporal server for `sll status` and the worker: the configured one, or a dev server started here. */
async function temporalServer(
  group: ProcessGroup,
  dir: string,
): Promise<{ address: string; note: string } | { skip: string }> {
  const configured = loadTemporalConfig().address
  if (await isListening(configured)) return { address: configured, note: `the server at ${configured}` }
  const port = Number(process.env.SLL_BENCH_TEMPORAL_PORT ?? 28733)
  let cliPath: string
  try {
    cliPath = resolveTemporalCli({ build: false }).path
  } catch (error) {
    return { skip: `no Temporal server at ${configured} and no Temporal CLI: ${describeError(error)}` }
  }
  await startDevServer(
    group,
    { cliPath, port, uiPort: port + 1, namespace: 'default', dbFile: join(dir, 'dev.db') },
    () => {},
  )
  return { address: `127.0.0.1:${port}`, note: `a dev server started on 127.0.0.1:${port}` }
}

/** Runs the suite and prints one line per measurement. */
export async function run(): Promise<void> {
  const check = checkBuild(repoRoot)
  if (!check.fresh) {
    const { manifest } = await buildCli({ root: repoRoot })
    console.log(`built dist/cli first (${check.reason}; ${manifest.sources.length} sources)`)
  }
  const group = new ProcessGroup()
  const dir = mkdtempSync(join(tmpdir(), 'sll-bench-temporal-'))
  try {
    const server = await temporalServer(group, dir).catch((error: unknown) => ({
      skip: `could not start a Temporal dev server: ${describeError(error)}`,
    }))
    const status: Line | undefined =
      'address' in server
        ? { name: 'sll status', args: ['status'], goalMs: 800, env: { TEMPORAL_ADDRESS: server.address } }
        : undefined
    const lines: Line[] = [
      { name: 'sll --help', args: ['--help'], goalMs: 300 },
      { name: 'sll plan --json (17 markets)', args: example, goalMs: 600 },
      ...(status ? [status] : []),
    ]
    console.log(`whole process, node bin/sll.mjs (median of ${RUNS} runs after a warm-up):`)
    for (const line of lines) await measure(line, RUNS, false)
    if ('skip' in server) console.log(`  sll status: skipped (${server.skip})`)
    else console.log(`  (sll status against ${server.note}, no cycle running)`)
    console.log(`the same through tsx (SLL_CLI_FROM_SOURCE=1, what runs after a source edit):`)
    for (const line of lines) await measure(line, FALLBACK_RUNS, true)
    if ('address' in server) await workerLines(server.address)
    else console.log(`worker start-up: skipped (${server.skip})`)
  } finally {
    await group.stopAll()
    rmSync(dir, { recursive: true, force: true })
  }
}
