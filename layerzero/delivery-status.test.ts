import { describe, expect, test } from 'vitest'
import {
  classifyDelivery,
  type DeliveryStatusClient,
  isDeliveryStatusName,
  readDeliveryStatus,
} from './delivery-status.js'

describe('classifyDelivery', () => {
  test('default', () => {
    expect(classifyDelivery({ oftReceived: false, lzReceiveAlert: false })).toBe('INFLIGHT')
  })

  test('behavior: OFTReceived wins over an earlier alert (retried payload)', () => {
    expect(classifyDelivery({ oftReceived: true, lzReceiveAlert: true })).toBe('DELIVERED')
  })

  test('behavior: alert without credit is PAYLOAD_STORED', () => {
    const inbound = { payloadHashStored: true, nonceConsumed: false }
    expect(classifyDelivery({ oftReceived: false, lzReceiveAlert: true, inbound })).toBe('PAYLOAD_STORED')
  })

  test('behavior: verified but not executed is CONFIRMING; consumed nonce is DELIVERED', () => {
    expect(
      classifyDelivery({
        oftReceived: false,
        lzReceiveAlert: false,
        inbound: { payloadHashStored: true, nonceConsumed: false },
      }),
    ).toBe('CONFIRMING')
    expect(
      classifyDelivery({
        oftReceived: false,
        lzReceiveAlert: false,
        inbound: { payloadHashStored: false, nonceConsumed: true },
      }),
    ).toBe('DELIVERED')
  })
})

const guid = `0x${'ab'.repeat(32)}` as const
const endpoint = '0x1111111111111111111111111111111111111111'
const receiver = '0x2222222222222222222222222222222222222222'
const origin = { srcEid: 30101, sender: `0x${'00'.repeat(12)}${'33'.repeat(20)}` as const, nonce: 5n }

/** A client that answers from fixed destination facts and records the calls. */
function fakeClient(state: {
  received?: { amountReceivedLD?: bigint }
  alertGuids?: string[]
  payloadHash?: `0x${string}`
  lazyNonce?: bigint
}) {
  const calls: string[] = []
  const client = {
    getLogs: async (args: { address: string; event: { name: string } }) => {
      calls.push(`getLogs ${args.event.name} ${args.address}`)
      if (args.event.name === 'OFTReceived') {
        return state.received ? [{ args: state.received, transactionHash: '0xfeed', blockNumber: 42n }] : []
      }
      return (state.alertGuids ?? []).map((g) => ({ args: { guid: g } }))
    },
    readContract: async (args: { functionName: string }) => {
      calls.push(args.functionName)
      return args.functionName === 'inboundPayloadHash'
        ? (state.payloadHash ?? `0x${'00'.repeat(32)}`)
        : (state.lazyNonce ?? 0n)
    },
  } as unknown as DeliveryStatusClient
  return { client, calls }
}

describe('readDeliveryStatus', () => {
  test('default: OFTReceived is DELIVERED with the arrival, nothing else read', async () => {
    const { client, calls } = fakeClient({ received: { amountReceivedLD: 7n } })
    expect(await readDeliveryStatus(client, { endpoint, receiver, guid, origin })).toEqual({
      status: 'DELIVERED',
      arrival: { amountReceivedLD: 7n, txHash: '0xfeed', blockNumber: 42n },
    })
    expect(calls).toEqual([`getLogs OFTReceived ${receiver}`])
  })

  test('behavior: an alert for the GUID is PAYLOAD_STORED; alerts of other GUIDs are ignored', async () => {
    const stored = fakeClient({ alertGuids: [guid.toUpperCase().replace('0X', '0x')] })
    expect(await readDeliveryStatus(stored.client, { endpoint, receiver, guid })).toEqual({
      status: 'PAYLOAD_STORED',
    })
    const other = fakeClient({ alertGuids: [`0x${'cd'.repeat(32)}`] })
    expect(await readDeliveryStatus(other.client, { endpoint, receiver, guid })).toEqual({
      status: 'INFLIGHT',
    })
    expect(other.calls).toEqual([`getLogs OFTReceived ${receiver}`, `getLogs LzReceiveAlert ${endpoint}`])
  })

  test('behavior: with the origin, endpoint state tells CONFIRMING, DELIVERED and INFLIGHT apart', async () => {
    const verified = fakeClient({ payloadHash: `0x${'99'.repeat(32)}`, lazyNonce: 4n })
    expect((await readDeliveryStatus(verified.client, { endpoint, receiver, guid, origin })).status).toBe(
      'CONFIRMING',
    )
    const consumed = fakeClient({ lazyNonce: 5n })
    expect(await readDeliveryStatus(consumed.client, { endpoint, receiver, guid, origin })).toEqual({
      status: 'DELIVERED',
    })
    const pending = fakeClient({ lazyNonce: 4n })
    expect((await readDeliveryStatus(pending.client, { endpoint, receiver, guid, origin })).status).toBe(
      'INFLIGHT',
    )
    expect(pending.calls).toContain('lazyInboundNonce')
  })

  test('behavior: an OFTReceived log without an amount reads as 0', async () => {
    const { client } = fakeClient({ received: {} })
    expect((await readDeliveryStatus(client, { endpoint, receiver, guid })).arrival?.amountReceivedLD).toBe(
      0n,
    )
  })
})

describe('isDeliveryStatusName', () => {
  test('default', () => {
    expect(isDeliveryStatusName('BLOCKED')).toBe(true)
    expect(isDeliveryStatusName('APPLICATION_SKIPPED')).toBe(false)
  })
})
