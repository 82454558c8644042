import { type ChildProcess, spawn } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { inject } from 'vitest'
import { bundleWorkflows } from '../worker/create-worker.js'

/** Writes the workflow bundle to a file once, so restarted worker processes skip bundling. */
export async function writeWorkflowBundle(): Promise<string> {
  const file = join(tmpdir(), `sll-workflow-bundle-${process.pid}.js`)
  writeFileSync(file, (await bundleWorkflows()).code)
  return file
}

/**
 * Runs the real worker (`worker/main.ts`) as a child process and restarts it whenever it dies (for crash
 * tests: `SLL_CHAOS_CRASH_AT` makes it SIGKILL itself). `crashes` counts deaths by SIGKILL.
 */
export class SupervisedWorker {
  crashes = 0
  private child: ChildProcess | undefined
  private stopped = false
  readonly output: string[] = []

  constructor(private readonly env: NodeJS.ProcessEnv) {}

  start(): void {
    const child = spawn(process.execPath, ['--import', 'tsx', 'worker/main.ts'], {
      env: this.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    for (const stream of [child.stdout, child.stderr]) {
      stream?.setEncoding('utf8')
      stream?.on('data', (chunk: string) => this.output.push(chunk))
    }
    child.once('exit', (_code, signal) => {
      if (this.stopped) return
      if (signal === 'SIGKILL') this.crashes++
      this.start()
    })
    this.child = child
  }

  /** SIGKILLs the running process now (it is restarted like after a crash); false if none is running. */
  kill(): boolean {
    const child = this.child
    if (this.stopped || !child || child.exitCode !== null || child.signalCode !== null) return false
    return child.kill('SIGKILL')
  }

  async stop(): Promise<void> {
    this.stopped = true
    const child = this.child
    if (!child || child.exitCode !== null || child.signalCode !== null) return
    const exited = new Promise((resolve) => child.once('exit', resolve))
    child.kill('SIGTERM')
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
    await exited
    clearTimeout(timer)
  }
}

/**
 * A {@link SupervisedWorker} of the real worker on a devnet stack (its `env`: chains, signer, journal) and
 * the run's Temporal server, on `taskQueue` with the prebuilt workflow bundle; `env` adds to or overrides
 * those variables (chaos points, log level, state directories). Not started yet.
 */
export function devnetWorker(
  stackEnv: NodeJS.ProcessEnv,
  options: { taskQueue: string; bundlePath: string; env?: NodeJS.ProcessEnv },
): SupervisedWorker {
  return new SupervisedWorker({
    ...stackEnv,
    TEMPORAL_ADDRESS: inject('temporalAddress'),
    TEMPORAL_NAMESPACE: inject('temporalNamespace'),
    SLL_TASK_QUEUE: options.taskQueue,
    SLL_WORKFLOW_BUNDLE: options.bundlePath,
    ...options.env,
  })
}
