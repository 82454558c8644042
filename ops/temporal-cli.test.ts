import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import { resolveTemporalCli, TemporalCliNotFoundError, temporalCacheDir } from './temporal-cli.js'

function fakeCli(dir: string, output = 'temporal version 1.5.1 (Server 1.29.1, UI 2.42.1)'): string {
  mkdirSync(dir, { recursive: true })
  const path = join(dir, 'temporal')
  writeFileSync(path, `#!/bin/sh\necho "${output}"\n`)
  chmodSync(path, 0o755)
  return path
}

const quiet = () => {}

test('default: TEMPORAL_CLI wins over PATH and cache', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cli-'))
  const path = fakeCli(join(dir, 'env'))
  fakeCli(join(dir, 'path'))
  const cli = resolveTemporalCli({
    env: { TEMPORAL_CLI: path, PATH: join(dir, 'path') },
    build: false,
    log: quiet,
  })
  expect(cli).toEqual({ path, source: 'env' })
})

test('behavior: PATH, then the user cache', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cli-'))
  const onPath = fakeCli(join(dir, 'path'))
  expect(resolveTemporalCli({ env: { PATH: join(dir, 'path') }, build: false, log: quiet })).toEqual({
    path: onPath,
    source: 'path',
  })
  const env = { PATH: join(dir, 'empty'), XDG_CACHE_HOME: join(dir, 'cache') }
  const cached = fakeCli(temporalCacheDir(env))
  expect(cached).toBe(join(dir, 'cache', 'sll-orchestrator', 'bin', 'temporal'))
  expect(resolveTemporalCli({ env, build: false, log: quiet })).toEqual({ path: cached, source: 'cache' })
})

test('error: a broken TEMPORAL_CLI names the variable and how to install', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cli-'))
  const broken = fakeCli(dir, 'something else')
  expect(() => resolveTemporalCli({ env: { TEMPORAL_CLI: broken }, build: false, log: quiet })).toThrow(
    TemporalCliNotFoundError,
  )
  expect(() => resolveTemporalCli({ env: { TEMPORAL_CLI: broken }, build: false, log: quiet })).toThrow(
    /TEMPORAL_CLI=.* is not a working Temporal CLI[\s\S]*go install github.com\/temporalio\/cli\/cmd\/temporal@v1\.5\.1/,
  )
})

test('error: nothing found and no build gives install instructions', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cli-'))
  const env = { PATH: join(dir, 'none'), XDG_CACHE_HOME: join(dir, 'cache') }
  expect(() => resolveTemporalCli({ env, build: false, log: quiet })).toThrow(
    /was not found[\s\S]*brew install temporal/,
  )
})
