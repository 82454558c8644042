import { describe, expect, it } from 'vitest'
import { attestationPath, interpretAttestationResponse } from './attestation.js'

const signature = `0x${'ab'.repeat(65)}`

describe('interpretAttestationResponse', () => {
  it('maps the Circle API shapes', () => {
    expect(interpretAttestationResponse(200, { attestation: signature, status: 'complete' })).toEqual({
      state: 'complete',
      attestation: signature,
    })
    expect(
      interpretAttestationResponse(200, { attestation: 'PENDING', status: 'pending_confirmations' }),
    ).toEqual({
      state: 'pending',
    })
    expect(interpretAttestationResponse(404, { error: 'Message hash not found' })).toEqual({
      state: 'unknown',
    })
    expect(interpretAttestationResponse(503, {})).toEqual({ state: 'unavailable', httpStatus: 503 })
    expect(interpretAttestationResponse(429, {})).toEqual({ state: 'unavailable', httpStatus: 429 })
  })

  it('rejects malformed bodies and unexpected statuses', () => {
    expect(() => interpretAttestationResponse(200, { attestation: '0x1234', status: 'complete' })).toThrow()
    expect(() => interpretAttestationResponse(400, {})).toThrow(/HTTP 400/)
  })

  it('builds the V1 path', () => {
    expect(attestationPath(`0x${'00'.repeat(32)}`)).toBe(`/v1/attestations/0x${'00'.repeat(32)}`)
  })
})
