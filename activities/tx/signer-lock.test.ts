import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import { acquireSignerLock, releaseSignerLock, SignerLockedError } from './signer-lock.js'

const lockPath = () => join(mkdtempSync(join(tmpdir(), 'sll-lock-')), 'base-0xabc.lock')

test('default: the lock file holds our PID and can be taken again by the same process', () => {
  const lock = lockPath()
  acquireSignerLock(lock)
  acquireSignerLock(lock)
  expect(readFileSync(lock, 'utf8').trim()).toBe(String(process.pid))
  releaseSignerLock(lock)
  expect(existsSync(lock)).toBe(false)
})

test('behavior: a lock left by a dead process is taken over', () => {
  const lock = lockPath()
  const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
    encoding: 'utf8',
  })
  writeFileSync(lock, `${dead.stdout}\n`)
  acquireSignerLock(lock)
  expect(readFileSync(lock, 'utf8').trim()).toBe(String(process.pid))
  releaseSignerLock(lock)
})

test('error: a lock held by another live process is refused', () => {
  const lock = lockPath()
  writeFileSync(lock, `${process.ppid}\n`)
  expect(() => acquireSignerLock(lock)).toThrow(SignerLockedError)
  expect(readFileSync(lock, 'utf8').trim()).toBe(String(process.ppid))
})
