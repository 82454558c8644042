import { expect, test } from 'vitest'
import { durationSchema, durationToMs } from './policy-schema.js'

test('default: durations in milliseconds', () => {
  expect(durationToMs('15m')).toBe(900_000)
  expect(durationToMs('24h')).toBe(86_400_000)
  expect(durationToMs('500ms')).toBe(500)
  expect(durationToMs('2d')).toBe(172_800_000)
})

test('error: what the schema rejects is not a duration', () => {
  expect(durationSchema.safeParse('15 minutes').success).toBe(false)
  expect(() => durationToMs('15 minutes')).toThrow(RangeError)
})
