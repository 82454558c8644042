import { Gauge, Registry } from 'prom-client'
import { expect, test } from 'vitest'
import { startMetricsServer } from './server.js'

test('default: serves the registry on /metrics of a free port, 404 elsewhere', async () => {
  const registry = new Registry()
  new Gauge({ name: 'sll_test_gauge', help: 'a test gauge', registers: [registry] }).set(42)
  const server = await startMetricsServer({ registry, host: '127.0.0.1', port: 0 })
  try {
    expect(server.port).toBeGreaterThan(0)
    const res = await fetch(server.url)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/text\/plain/)
    expect(await res.text()).toMatch(/^sll_test_gauge 42$/m)
    expect((await fetch(server.url.replace('/metrics', '/other'))).status).toBe(404)
  } finally {
    await server.close()
  }
})
