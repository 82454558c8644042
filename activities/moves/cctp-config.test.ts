import { expect, test } from 'vitest'
import { NetworkConfigError } from '../network.js'
import { CIRCLE_ATTESTATION_URL, cctpAttestationUrl } from './cctp-config.js'

test('default: Circle in production, the devnet service on its port otherwise', () => {
  expect(cctpAttestationUrl({}, 'production')).toBe(CIRCLE_ATTESTATION_URL)
  expect(cctpAttestationUrl({}, 'devnet')).toBe('http://127.0.0.1:8561')
  expect(cctpAttestationUrl({ SLL_CCTP_ATTESTATION_PORT: '9123' }, 'devnet')).toBe('http://127.0.0.1:9123')
})

test('behavior: SLL_CCTP_ATTESTATION_URL overrides, validated', () => {
  const url = (value: string) => cctpAttestationUrl({ SLL_CCTP_ATTESTATION_URL: value }, 'production')
  expect(url('https://iris-api-sandbox.circle.com/')).toBe('https://iris-api-sandbox.circle.com')
  expect(url('http://10.0.0.5:8080/circle')).toBe('http://10.0.0.5:8080/circle')
  for (const bad of ['iris-api.circle.com', 'ftp://x', 'https://x/?key=1', 'not a url']) {
    expect(() => url(bad)).toThrow(NetworkConfigError)
    expect(() => url(bad)).toThrow(/SLL_CCTP_ATTESTATION_URL/)
  }
})
