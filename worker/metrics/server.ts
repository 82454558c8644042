import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Registry } from 'prom-client'

/** A listening metrics endpoint. */
export type MetricsServer = { url: string; port: number; close: () => Promise<void> }

/** Serves `registry` in the Prometheus text format on `GET /metrics` (`port` 0: a free port). */
export async function startMetricsServer(options: {
  registry: Registry
  host: string
  port: number
}): Promise<MetricsServer> {
  const { registry } = options
  const server: Server = createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '/').split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('see /metrics\n')
      return
    }
    registry
      .metrics()
      .then((body) => res.writeHead(200, { 'content-type': registry.contentType }).end(body))
      .catch((error: unknown) => res.writeHead(500).end(String(error)))
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, options.host, () => resolve())
  })
  const port = (server.address() as AddressInfo).port
  const host = options.host.includes(':') ? `[${options.host}]` : options.host
  return {
    url: `http://${host}:${port}/metrics`,
    port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}

/** A TCP port free right now on `host` (for exporters that cannot report the port they bound). */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, host, () => resolve())
  })
  const { port } = server.address() as AddressInfo
  await new Promise((resolve) => server.close(resolve))
  return port
}
