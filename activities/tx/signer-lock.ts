import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs'
import { dirname } from 'node:path'
import { RetryableError } from '../../lib/errors.js'

/**
 * Another live process owns this (chain, signer). Only one worker process may send from a signer:
 * two would hand out the same nonces.
 */
export class SignerLockedError extends RetryableError {
  override readonly name = 'SignerLockedError'
  constructor(readonly context: { lockFile: string; ownerPid: number }) {
    super(`Signer is owned by process ${context.ownerPid} (lock file ${context.lockFile})`, {
      instruction:
        'Run exactly one worker per signer and journal directory. If that process is gone, the lock clears itself; ' +
        'if it is a second worker, stop it.',
    })
  }
}

const held = new Set<string>()

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

function readOwner(lockFile: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(lockFile, 'utf8').trim(), 10)
    return Number.isFinite(pid) && pid > 0 ? pid : undefined
  } catch {
    return undefined
  }
}

function releaseAllOnExit(): void {
  for (const lockFile of held) {
    if (readOwner(lockFile) === process.pid) {
      try {
        unlinkSync(lockFile)
      } catch {
        // already gone
      }
    }
  }
}

let exitHookInstalled = false

/**
 * Makes this process the single owner of a lock file holding its PID (created with O_EXCL).
 * A lock whose PID is dead is taken over; a lock held by another live PID throws {@link SignerLockedError}.
 * The lock is kept for the life of the process and removed on normal exit (a SIGKILL leaves it, and the
 * next process clears it because the PID is dead).
 */
export function acquireSignerLock(lockFile: string): void {
  if (held.has(lockFile) && readOwner(lockFile) === process.pid) return
  mkdirSync(dirname(lockFile), { recursive: true })
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(lockFile, 'wx', 0o600)
      try {
        writeSync(fd, `${process.pid}\n`)
      } finally {
        closeSync(fd)
      }
      held.add(lockFile)
      if (!exitHookInstalled) {
        process.once('exit', releaseAllOnExit)
        exitHookInstalled = true
      }
      return
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    }
    const owner = readOwner(lockFile)
    if (owner === process.pid) {
      held.add(lockFile)
      return
    }
    if (owner !== undefined && isAlive(owner)) throw new SignerLockedError({ lockFile, ownerPid: owner })
    try {
      unlinkSync(lockFile)
    } catch {
      // another process took it over first: try again
    }
  }
  throw new SignerLockedError({ lockFile, ownerPid: readOwner(lockFile) ?? -1 })
}

/** Releases a lock this process holds (tests; workers keep their locks until exit). */
export function releaseSignerLock(lockFile: string): void {
  if (readOwner(lockFile) === process.pid) unlinkSync(lockFile)
  held.delete(lockFile)
}
