import { calculateGuid } from '@layerzerolabs/lz-v2-utilities'
import { describe, expect, test } from 'vitest'
import { computeGuid, toBytes32 } from './guid.js'

describe('computeGuid', () => {
  test('default', () => {
    const input = {
      nonce: 7n,
      srcEid: 30101,
      sender: '0x1111111111111111111111111111111111111111',
      dstEid: 30184,
      receiver: '0x2222222222222222222222222222222222222222',
    } as const
    const reference = calculateGuid({
      version: 1,
      nonce: '7',
      srcEid: 30101,
      sender: toBytes32(input.sender),
      dstEid: 30184,
      receiver: toBytes32(input.receiver),
    } as Parameters<typeof calculateGuid>[0])
    expect(computeGuid(input)).toBe(reference.toLowerCase())
  })

  test('behavior: differs per nonce', () => {
    const base = { srcEid: 1, sender: toBytes32('0x01'), dstEid: 2, receiver: toBytes32('0x02') }
    expect(computeGuid({ ...base, nonce: 1n })).not.toBe(computeGuid({ ...base, nonce: 2n }))
  })
})
