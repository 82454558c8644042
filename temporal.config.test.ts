import { expect, test } from 'vitest'
import { InvalidConfigError, loadTemporalConfig, searchAttributeArgs } from './temporal.config.js'

test('default: defaults for a local dev server', () => {
  expect(loadTemporalConfig({})).toEqual({
    address: '127.0.0.1:7233',
    namespace: 'default',
    taskQueue: 'sll-orchestrator',
    uiPort: 8233,
    uiUrl: 'http://127.0.0.1:8233',
    scheduleId: 'sll-allocation-cycle',
    logLevel: 'info',
  })
})

test('behavior: values come from env', () => {
  const config = loadTemporalConfig({ TEMPORAL_ADDRESS: 'temporal.internal:7000', TEMPORAL_UI_PORT: '9000' })
  expect(config.address).toBe('temporal.internal:7000')
  expect(config.uiUrl).toBe('http://temporal.internal:9000')
})

test('error: every bad value is reported by name', () => {
  const load = () =>
    loadTemporalConfig({ TEMPORAL_ADDRESS: 'nohost', TEMPORAL_UI_PORT: 'abc', SLL_LOG_LEVEL: 'loud' })
  expect(load).toThrow(InvalidConfigError)
  expect(load).toThrow(/TEMPORAL_ADDRESS="nohost": must be host:port/)
  expect(load).toThrow(/TEMPORAL_UI_PORT="abc"/)
  expect(load).toThrow(/SLL_LOG_LEVEL="loud"/)
})

test('behavior: search attributes are registered with their types', () => {
  expect(searchAttributeArgs()).toContain('SllPlanId=Keyword')
  expect(searchAttributeArgs()).toContain('SllChains=KeywordList')
  expect(searchAttributeArgs()).toContain('SllBreaches=KeywordList')
})
