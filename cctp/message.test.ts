import fc from 'fast-check'
import type { Hex } from 'viem'
import { keccak256 } from 'viem/utils'
import { describe, expect, it } from 'vitest'
import { chainNames } from '../chains/names.js'
import { cctpDomains, chainOfCctpDomain } from './domains.js'
import {
  addressToBytes32,
  bytes32ToAddress,
  cctpMessageHash,
  decodeCctpMessage,
  encodeBurnMessage,
  encodeCctpMessage,
  InvalidCctpMessageError,
  usedNonceKey,
} from './message.js'

const messenger = '0x000000000000000000000000bd3fa81b58ba92a82136038b25adec7066af3155' as Hex
const recipientMessenger = '0x0000000000000000000000001682ae6375c4e4a97e4b583bc394c861a46d8962' as Hex
const usdc = '0x000000000000000000000000a0b86991c6218b36c1d19d4a2e9eb0ce3606eb48' as Hex
const proxy = '0x0000000000000000000000001601843c5e9bc251a3272907010afa41fa18347e' as Hex

/** A V1 Ethereum -> Base burn of 1,234.5 USDC, written out field by field. */
const fixture = `0x${[
  '00000000', // version
  '00000000', // source domain 0
  '00000006', // destination domain 6
  '000000000000002a', // nonce 42
  messenger.slice(2),
  recipientMessenger.slice(2),
  '0'.repeat(64), // destination caller: anyone
  '00000000', // burn message version
  usdc.slice(2),
  proxy.slice(2),
  1_234_500_000n.toString(16).padStart(64, '0'),
  proxy.slice(2),
].join('')}` as Hex

describe('decodeCctpMessage', () => {
  it('decodes every header field and the burn message', () => {
    const message = decodeCctpMessage(fixture)
    expect(message).toMatchObject({
      version: 0,
      sourceDomain: 0,
      destinationDomain: 6,
      nonce: 42n,
      sender: messenger,
      recipient: recipientMessenger,
      destinationCaller: `0x${'0'.repeat(64)}`,
    })
    expect(message.burn).toEqual({
      version: 0,
      burnToken: usdc,
      mintRecipient: proxy,
      mintRecipientAddress: '0x1601843c5E9bC251A3272907010AFa41Fa18347E',
      amount: 1_234_500_000n,
      messageSender: proxy,
    })
  })

  it('hashes the raw bytes with keccak256', () => {
    expect(cctpMessageHash(fixture)).toBe(keccak256(fixture))
  })

  it('rejects a message shorter than the header, and leaves a non-burn body undecoded', () => {
    expect(() => decodeCctpMessage(fixture.slice(0, 2 + 115 * 2) as Hex)).toThrow(InvalidCctpMessageError)
    const headerOnly = fixture.slice(0, 2 + 116 * 2) as Hex
    expect(decodeCctpMessage(headerOnly)).toMatchObject({ messageBody: '0x', burn: undefined })
    expect(decodeCctpMessage(`${headerOnly}abcd`).burn).toBeUndefined()
  })

  it('round-trips with encodeCctpMessage / encodeBurnMessage', () => {
    const bytes32 = fc
      .uint8Array({ minLength: 32, maxLength: 32 })
      .map((b) => `0x${Buffer.from(b).toString('hex')}` as Hex)
    fc.assert(
      fc.property(
        fc.record({
          sourceDomain: fc.nat({ max: 0xffffffff }),
          destinationDomain: fc.nat({ max: 0xffffffff }),
          nonce: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
          sender: bytes32,
          recipient: bytes32,
          destinationCaller: bytes32,
          burnToken: bytes32,
          mintRecipient: bytes32,
          amount: fc.bigInt({ min: 0n, max: 2n ** 256n - 1n }),
          messageSender: bytes32,
        }),
        (f) => {
          const body = encodeBurnMessage({ version: 0, ...f })
          const encoded = encodeCctpMessage({ version: 0, ...f, messageBody: body })
          const decoded = decodeCctpMessage(encoded)
          expect(decoded.nonce).toBe(f.nonce)
          expect(decoded.sourceDomain).toBe(f.sourceDomain)
          expect(decoded.destinationDomain).toBe(f.destinationDomain)
          expect(decoded.burn?.amount).toBe(f.amount)
          expect(decoded.burn?.mintRecipient).toBe(f.mintRecipient)
          expect(encodeCctpMessage(decoded)).toBe(encoded)
        },
      ),
      { numRuns: 200 },
    )
  })
})

describe('keys and domains', () => {
  it('usedNonceKey is keccak256 of the packed uint32 domain and uint64 nonce', () => {
    expect(usedNonceKey(6, 42n)).toBe(keccak256(`0x00000006${'000000000000002a'}`))
  })

  it('addresses round-trip through bytes32', () => {
    expect(addressToBytes32('0x1601843c5E9bC251A3272907010AFa41Fa18347E')).toBe(proxy)
    expect(bytes32ToAddress(proxy)).toBe('0x1601843c5E9bC251A3272907010AFa41Fa18347E')
  })

  it('has the published domains, one per chain', () => {
    expect(cctpDomains).toEqual({
      ethereum: 0,
      avalanche: 1,
      optimism: 2,
      arbitrum: 3,
      base: 6,
      unichain: 10,
    })
    for (const chain of chainNames) expect(chainOfCctpDomain(cctpDomains[chain])).toBe(chain)
    expect(chainOfCctpDomain(5)).toBeUndefined()
  })
})
