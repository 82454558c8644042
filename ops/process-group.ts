import { type ChildProcess, type SpawnOptions, spawn } from 'node:child_process'

/** A child process started by us and tracked by PID, so that shutdown stops exactly what we started. */
export type TrackedChild = { name: string; child: ChildProcess; pid: number }

/**
 * Spawns and tracks child processes; {@link ProcessGroup.stopAll} stops every one of them by PID
 * (SIGTERM, then SIGKILL after a grace period), newest first.
 */
export class ProcessGroup {
  readonly children: TrackedChild[] = []

  /** Spawns `command` and tracks it. Throws if the spawn itself fails (missing binary). */
  spawn(name: string, command: string, args: string[], options: SpawnOptions = {}): TrackedChild {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options })
    if (child.pid === undefined) throw new Error(`could not start ${name} (${command})`)
    const tracked = { name, child, pid: child.pid }
    this.children.push(tracked)
    child.once('exit', () => {
      const index = this.children.indexOf(tracked)
      if (index >= 0) this.children.splice(index, 1)
    })
    return tracked
  }

  /** Stops every tracked child, newest first, and waits until each has exited. */
  async stopAll(graceMs = 5_000): Promise<void> {
    for (const tracked of [...this.children].reverse()) await stopChild(tracked, graceMs)
  }
}

/** Sends SIGTERM to one child and SIGKILL if it has not exited after `graceMs`. */
export async function stopChild(tracked: TrackedChild, graceMs = 5_000): Promise<void> {
  const { child } = tracked
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs)
  await exited
  clearTimeout(timer)
}
