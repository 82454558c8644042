import { expect, test } from 'vitest'
import { DeliveryFailedError, fetchScanMessage, ScanUnavailableError, terminalScanStatuses } from './scan.js'

const guid = `0x${'ab'.repeat(32)}`

function fakeFetch(status: number, body: unknown, seen: string[] = []): typeof fetch {
  return (async (url: string | URL | Request) => {
    seen.push(String(url))
    return new Response(JSON.stringify(body), { status })
  }) as typeof fetch
}

test('default: a delivered message, with its destination transaction and block', async () => {
  const seen: string[] = []
  const message = await fetchScanMessage(guid, {
    baseUrl: 'https://scan.example/v1',
    fetch: fakeFetch(
      200,
      {
        data: [
          {
            guid,
            status: { name: 'DELIVERED', message: 'Executor transaction confirmed' },
            destination: { status: 'SUCCEEDED', tx: { txHash: '0xdead', blockNumber: 123 } },
          },
        ],
      },
      seen,
    ),
  })
  expect(seen).toEqual([`https://scan.example/v1/messages/guid/${guid}`])
  expect(message).toEqual({
    status: 'DELIVERED',
    detail: 'Executor transaction confirmed',
    destinationTx: '0xdead',
    destinationBlock: 123n,
  })
})

test('behavior: a message Scan does not know yet is in flight', async () => {
  expect(await fetchScanMessage(guid, { fetch: fakeFetch(200, { data: [] }) })).toEqual({
    status: 'INFLIGHT',
  })
  expect(await fetchScanMessage(guid, { fetch: fakeFetch(404, {}) })).toEqual({ status: 'INFLIGHT' })
})

test('behavior: stored payloads wait, failed and blocked messages are terminal', async () => {
  const stored = await fetchScanMessage(guid, {
    fetch: fakeFetch(200, { data: [{ guid, status: { name: 'PAYLOAD_STORED' } }] }),
  })
  expect(stored.status).toBe('PAYLOAD_STORED')
  expect(terminalScanStatuses.has('PAYLOAD_STORED')).toBe(false)
  expect(terminalScanStatuses.has('FAILED')).toBe(true)
  expect(new DeliveryFailedError('x').retryable).toBe(false)
})

test('error: HTTP errors and unexpected bodies are retryable ScanUnavailableError', async () => {
  await expect(fetchScanMessage(guid, { fetch: fakeFetch(503, {}) })).rejects.toBeInstanceOf(
    ScanUnavailableError,
  )
  await expect(fetchScanMessage(guid, { fetch: fakeFetch(200, { nope: 1 }) })).rejects.toThrow(
    /unexpected body/,
  )
})

test('behavior: a Scan status outside the layerzero vocabulary is INFLIGHT and keeps its raw name', async () => {
  const skipped = await fetchScanMessage(guid, {
    fetch: fakeFetch(200, { data: [{ guid, status: { name: 'APPLICATION_SKIPPED' } }] }),
  })
  expect(skipped).toEqual({ status: 'INFLIGHT', scanStatus: 'APPLICATION_SKIPPED' })
})
