import { expect, test } from 'vitest'
import { loadMetricsConfig } from './config.js'

test('default: 9464 / 9465 outside tests, off under a test runner unless asked', () => {
  expect(loadMetricsConfig({})).toEqual({
    host: '127.0.0.1',
    port: 9464,
    temporalPort: 9465,
    intervalMs: 15_000,
  })
  expect(loadMetricsConfig({ VITEST: 'true' })).toMatchObject({ port: null, temporalPort: null })
  expect(loadMetricsConfig({ VITEST: 'true', SLL_METRICS_PORT: '0' })).toMatchObject({
    port: 0,
    temporalPort: null,
  })
})

test('behavior: off, 0 and explicit ports; interval in seconds', () => {
  expect(
    loadMetricsConfig({
      SLL_METRICS_PORT: 'off',
      SLL_TEMPORAL_METRICS_PORT: '9999',
      SLL_METRICS_INTERVAL_SECONDS: '2',
    }),
  ).toMatchObject({ port: null, temporalPort: 9999, intervalMs: 2000 })
})

test('error: a bad value is named with what it must look like', () => {
  expect(() => loadMetricsConfig({ SLL_METRICS_PORT: '70000' })).toThrow(
    /SLL_METRICS_PORT="70000": must be at most 65535/,
  )
  expect(() => loadMetricsConfig({ SLL_METRICS_PORT: 'abc' })).toThrow(
    /SLL_METRICS_PORT="abc": must be a port/,
  )
  expect(() => loadMetricsConfig({ SLL_METRICS_INTERVAL_SECONDS: '0' })).toThrow(
    /SLL_METRICS_INTERVAL_SECONDS/,
  )
})
