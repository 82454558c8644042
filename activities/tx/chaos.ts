import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { keccak256, toHex } from 'viem'

/** Env var naming the point where the process kills itself (crash tests only). */
export const CHAOS_ENV = 'SLL_CHAOS_CRASH_AT'
/** Optional: crash only for idempotency keys containing this text (e.g. `/bridge`). */
export const CHAOS_KEY_ENV = 'SLL_CHAOS_CRASH_KEY'

/**
 * `after-sign`: journaled, not broadcast. `after-broadcast`: broadcast, receipt not awaited.
 * `awaiting-delivery`: a bridge message is in flight. `before-deposit`: delivered, deposit not started.
 * `awaiting-attestation`: CCTP burns sent, their attestations being polled.
 */
export type ChaosPoint =
  | 'after-sign'
  | 'after-broadcast'
  | 'awaiting-delivery'
  | 'before-deposit'
  | 'awaiting-attestation'

/**
 * Crash test hook: when `SLL_CHAOS_CRASH_AT` equals `point`, records a marker for this idempotency key
 * in `<journalDir>/chaos/` and SIGKILLs the process, once per key and point: the restarted process
 * finds the marker and goes on. A no-op when the variable is unset.
 */
export function crashIfChaos(point: ChaosPoint, idempotencyKey: string, journalDir: string): void {
  if (process.env[CHAOS_ENV] !== point) return
  const only = process.env[CHAOS_KEY_ENV]
  if (only && !idempotencyKey.includes(only)) return
  const dir = join(journalDir, 'chaos')
  const marker = join(dir, `${point}-${keccak256(toHex(idempotencyKey)).slice(2, 18)}`)
  if (existsSync(marker)) return
  mkdirSync(dir, { recursive: true })
  const fd = openSync(marker, 'w')
  try {
    writeSync(fd, `${idempotencyKey}\n`)
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
  process.kill(process.pid, 'SIGKILL')
}
