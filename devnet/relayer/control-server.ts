import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Hex } from 'viem'
import type { DeliveryStatusName } from '../../layerzero/delivery-status.js'
import type { RelayerFaults } from './faults.js'

/** What the control endpoint serves: the relayer passes its own methods (no import of relayer.ts). */
export interface ControlHandlers {
  /** Current faults. */
  faults(): RelayerFaults
  /** Merges a fault change into the current faults; throws on an invalid change. */
  setFaults(change: Partial<RelayerFaults>): RelayerFaults
  /** Every packet seen (served as JSON; bigints as decimal strings). */
  packets(): readonly unknown[]
  /** Status of a GUID, undefined when unknown. */
  status(guid: Hex): DeliveryStatusName | undefined
}

/** The HTTP control endpoint of a relayer. */
export interface ControlServer {
  url: string
  close(): Promise<void>
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of request) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

function json(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))
}

/**
 * Serves the relayer control API on 127.0.0.1:port (0 = any free port):
 * - `GET /faults` -> current faults; `POST /faults` with a JSON body such as `{"drop":true}` or
 *   `{"lowGas":false,"delayMs":0}` -> merged faults (400 on an invalid body).
 * - `GET /packets` -> every packet seen; `GET /status/<guid>` -> `{ guid, status }` (404 when unknown).
 */
export async function startControlServer(port: number, relayer: ControlHandlers): Promise<ControlServer> {
  const server = createServer((request, response) => {
    const respond = (code: number, body: unknown) => {
      response.writeHead(code, { 'content-type': 'application/json' })
      response.end(json(body))
    }
    const url = new URL(request.url ?? '/', 'http://localhost')
    if (url.pathname === '/faults' && request.method === 'GET') return respond(200, relayer.faults())
    if (url.pathname === '/faults' && request.method === 'POST') {
      readBody(request)
        .then((body) => respond(200, relayer.setFaults(JSON.parse(body || '{}') as object)))
        .catch((error: unknown) =>
          respond(400, { error: error instanceof Error ? error.message : String(error) }),
        )
      return
    }
    if (url.pathname === '/packets' && request.method === 'GET') return respond(200, relayer.packets())
    const statusMatch = /^\/status\/(0x[0-9a-fA-F]{64})$/.exec(url.pathname)
    if (statusMatch && request.method === 'GET') {
      const guid = statusMatch[1] as Hex
      const status = relayer.status(guid)
      return status ? respond(200, { guid, status }) : respond(404, { guid, error: 'unknown guid' })
    }
    respond(404, { error: 'not found' })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => resolve())
  })
  const { port: bound } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${bound}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
