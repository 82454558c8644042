import { closeSync, existsSync, ftruncateSync, mkdtempSync, openSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { PolicyValidationError, SnapshotValidationError } from './input-errors.js'
import { loadPolicyFile } from './policy-file.js'
import { loadSnapshotFile } from './snapshot-file.js'

const dir = mkdtempSync(join(tmpdir(), 'sll-input-files-'))

/** A 50 MB file that takes no disk space (sparse): reading it all would take seconds and 50 MB. */
function sparse(name: string, bytes: number): string {
  const path = join(dir, name)
  const fd = openSync(path, 'w')
  ftruncateSync(fd, bytes)
  closeSync(fd)
  return path
}

describe('input files: size caps', () => {
  test('error: a 50 MB policy is refused from its size in well under a second', async () => {
    const path = sparse('big.yaml', 50 * 1024 * 1024)
    const start = performance.now()
    const error = await loadPolicyFile(path).catch((e: unknown) => e)
    expect(performance.now() - start).toBeLessThan(200)
    expect(error).toBeInstanceOf(PolicyValidationError)
    expect((error as Error).message).toBe(
      `${path}: the file holds 52428800 bytes; a policy may hold at most 1 MiB (1048576 bytes)\n  -> ${(error as PolicyValidationError).instruction}`,
    )
  })

  test('error: a 50 MB snapshot is refused from its size', async () => {
    const path = sparse('big.json', 50 * 1024 * 1024)
    const start = performance.now()
    await expect(loadSnapshotFile(path)).rejects.toBeInstanceOf(SnapshotValidationError)
    expect(performance.now() - start).toBeLessThan(200)
  })

  test.skipIf(!existsSync('/dev/zero'))(
    'error: an endless file (/dev/zero) is read only up to the cap',
    async () => {
      const start = performance.now()
      await expect(loadPolicyFile('/dev/zero')).rejects.toThrow(
        /more than 1048576 bytes; a policy may hold at most 1 MiB/,
      )
      expect(performance.now() - start).toBeLessThan(500)
    },
  )

  test('default: a policy just under the cap is read', async () => {
    const path = join(dir, 'ok.yaml')
    writeFileSync(path, `version: 1\nname: x\nmarkets:\n  - id: a\n# ${'x'.repeat(1024 * 1024 - 100)}\n`)
    expect((await loadPolicyFile(path)).policy.name).toBe('x')
  })
})
