import { readdirSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect, test } from 'vitest'
import { toActivityFailure } from '../activities/failure.js'
import { NON_RETRYABLE_TYPES } from '../workflows/retry.js'
import { NonRetryableError, RetryableError, SllError } from './errors.js'
import { NON_RETRYABLE_ERROR_TYPES } from './non-retryable.js'

const root = fileURLToPath(new URL('..', import.meta.url))
/** Where activities and the code they run live (workflows only orchestrate; cli/ops/devnet are not activities). */
const scanned = ['activities', 'policies', 'chains', 'lib']
/** Exported `Error` subclasses that are caught inside their module and never cross the activity boundary. */
const internal = new Set(['StaleReserveAddresses', 'MorphoMarketMismatch'])

/** Entry points with effects on import (they are scripts, not modules of the product). */
const scripts = new Set(['policies/generate-json-schema.ts'])

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return entry.name === 'testing' ? [] : sourceFiles(path)
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : []
  })
}

type ErrorClass = { name: string; file: string; cls: abstract new (...args: never[]) => Error }

async function exportedErrorClasses(): Promise<ErrorClass[]> {
  const found: ErrorClass[] = []
  const files = scanned.flatMap((dir) => sourceFiles(join(root, dir)))
  for (const file of files.filter((f) => !scripts.has(relative(root, f)))) {
    const module = (await import(file)) as Record<string, unknown>
    for (const [name, value] of Object.entries(module)) {
      if (typeof value === 'function' && value.prototype instanceof Error)
        found.push({ name, file: relative(root, file), cls: value as ErrorClass['cls'] })
    }
  }
  return found
}

/** A stand-in for any constructor argument: every property, call and string conversion works. */
const anything: unknown = new Proxy(() => undefined, {
  get: (_target, property) => {
    if (property === Symbol.toPrimitive || property === 'toJSON') return () => 'x'
    return property === 'then' ? undefined : anything
  },
  apply: () => anything,
})

/** An instance of an error class built with stand-in arguments (its `name` is set by the constructor). */
function instantiate(cls: ErrorClass['cls']): Error {
  return Reflect.construct(cls, [anything, anything, anything, anything, anything, anything]) as Error
}

const classes = await exportedErrorClasses()
const concrete = classes.filter(
  ({ cls }) => cls !== SllError && cls !== NonRetryableError && cls !== RetryableError,
)
const isAbstractBase = (c: ErrorClass) => concrete.some((other) => other.cls.prototype instanceof c.cls)

test('default: the scan finds the error classes of every layer', () => {
  const names = concrete.map((c) => c.name)
  for (const name of [
    'TransactionRevertedError',
    'VenueReadError',
    'InfeasibleAllocationError',
    'WrongChainError',
  ])
    expect(names).toContain(name)
})

test('behavior: every exported error class derives from SllError (final or retryable) unless internal', () => {
  const stray = concrete
    .filter(({ name, cls }) => !(cls.prototype instanceof SllError) && !internal.has(name))
    .map(({ name, file }) => `${file}: ${name}`)
  expect(stray).toEqual([])
})

test('behavior: every final error is final at the activity boundary and listed for retry policies', () => {
  const finals = concrete.filter((c) => c.cls.prototype instanceof NonRetryableError && !isAbstractBase(c))
  const problems: string[] = []
  for (const { name, file, cls } of finals) {
    const error = instantiate(cls)
    if (error.name !== name) problems.push(`${file}: ${name} has name '${error.name}'`)
    if (typeof error.message !== 'string') problems.push(`${file}: ${name} message ${typeof error.message}`)
    const failure = toActivityFailure(error)
    if (failure.type !== name || failure.nonRetryable !== true) problems.push(`${file}: ${name} not final`)
    if (!NON_RETRYABLE_ERROR_TYPES.includes(name))
      problems.push(`${file}: ${name} missing in NON_RETRYABLE_ERROR_TYPES`)
    if (!NON_RETRYABLE_TYPES.includes(name))
      problems.push(`${file}: ${name} missing in workflows NON_RETRYABLE_TYPES`)
  }
  expect(problems).toEqual([])
})

test('behavior: no retryable error is listed as final', () => {
  const retryable = concrete.filter((c) => c.cls.prototype instanceof RetryableError && !isAbstractBase(c))
  const problems: string[] = []
  for (const { name, file, cls } of retryable) {
    const error = instantiate(cls)
    if (error.name !== name) problems.push(`${file}: ${name} has name '${error.name}'`)
    expect(toActivityFailure(error)).toMatchObject({ type: name, nonRetryable: false })
    if (NON_RETRYABLE_ERROR_TYPES.includes(name))
      problems.push(`${file}: ${name} is retryable but listed final`)
  }
  expect(problems).toEqual([])
})

test('behavior: the final list names only existing final error classes', () => {
  const finalNames = new Set(
    concrete.filter((c) => c.cls.prototype instanceof NonRetryableError).map((c) => c.name),
  )
  expect(NON_RETRYABLE_ERROR_TYPES.filter((name) => !finalNames.has(name))).toEqual([])
})
