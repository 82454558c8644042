import { readFileSync } from 'node:fs'
import { parsePolicy } from '../parse-policy.js'
import { parseSnapshot } from '../parse-snapshot.js'

const here = (p: string) => new URL(p, import.meta.url).pathname

/** The example policy (`policies/example.yaml`), parsed, for tests. */
export const examplePolicy = parsePolicy(
  readFileSync(here('../example.yaml'), 'utf8'),
  'policies/example.yaml',
)

/** The example snapshot (`policies/fixtures/example-snapshot.json`), parsed, for tests. */
export const exampleSnapshot = parseSnapshot(
  readFileSync(here('../fixtures/example-snapshot.json'), 'utf8'),
  'policies/fixtures/example-snapshot.json',
)

/** A policy reference for plans made in tests. */
export const testPolicyRef = { name: 'test', sha256: 'f'.repeat(64) }
