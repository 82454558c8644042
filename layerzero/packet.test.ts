import { PacketV1Codec } from '@layerzerolabs/lz-v2-utilities'
import { describe, expect, test } from 'vitest'
import { computeGuid } from './guid.js'
import { decodePacket } from './packet.js'

const sender = '0x000000000000000000000000aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'
const receiver = '0x000000000000000000000000bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb'

function encoded(message: `0x${string}`): `0x${string}` {
  const guid = computeGuid({ nonce: 3n, srcEid: 30101, sender, dstEid: 30184, receiver })
  return PacketV1Codec.encode({
    version: 1,
    nonce: '3',
    srcEid: 30101,
    sender,
    dstEid: 30184,
    receiver,
    guid,
    message,
  } as Parameters<typeof PacketV1Codec.encode>[0]) as `0x${string}`
}

describe('decodePacket', () => {
  test('default', () => {
    const hex = encoded('0x1234abcd')
    const reference = PacketV1Codec.from(hex)
    const packet = decodePacket(hex)
    expect(packet.nonce).toBe(3n)
    expect(packet.srcEid).toBe(30101)
    expect(packet.dstEid).toBe(30184)
    expect(packet.sender).toBe(sender)
    expect(packet.receiver).toBe(receiver)
    expect(packet.receiverAddress.toLowerCase()).toBe(reference.receiverAddressB20().toLowerCase())
    expect(packet.guid).toBe(reference.guid().toLowerCase())
    expect(packet.message).toBe('0x1234abcd')
    expect(packet.header).toBe(reference.header().toLowerCase())
    expect(packet.payloadHash).toBe(reference.payloadHash().toLowerCase())
  })

  test('error: rejects a truncated packet', () => {
    expect(() => decodePacket('0x01')).toThrow(/too short/)
  })
})
