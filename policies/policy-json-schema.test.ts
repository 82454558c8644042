import { readFileSync } from 'node:fs'
import { expect, test } from 'vitest'
import { policyJsonSchemaText } from './policy-json-schema.js'

test('default: policies/policy.schema.json is up to date (run `npm run schema` after changing the zod schema)', () => {
  const checkedIn = readFileSync(new URL('./policy.schema.json', import.meta.url), 'utf8')
  expect(checkedIn).toBe(policyJsonSchemaText())
})

test('behavior: the JSON Schema rejects unknown keys and describes amounts', () => {
  const schema = JSON.parse(policyJsonSchemaText())
  expect(schema.additionalProperties).toBe(false)
  expect(schema.required).toEqual(expect.arrayContaining(['version', 'name', 'markets']))
  expect(JSON.stringify(schema.properties.markets)).toContain('"pattern"')
})
