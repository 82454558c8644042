import { describe, expect, test } from 'vitest'
import { classifyDelivery } from './delivery-status.js'

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
