import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import { TemporalTlsConfigError, temporalTlsFromEnv } from './temporal-tls.js'

// The Temporal CLI dev server (`temporal server start-dev`) has no TLS flags, so this tests the options
// only; a real mTLS connection needs a full server (see README, "Security").
const dir = mkdtempSync(join(tmpdir(), 'sll-tls-'))
const ca = join(dir, 'ca.pem')
const cert = join(dir, 'client.pem')
const key = join(dir, 'client.key')
execFileSync(
  'openssl',
  [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-days',
    '1',
    '-subj',
    '/CN=sll-test',
    '-keyout',
    key,
    '-out',
    cert,
  ],
  { stdio: 'ignore' },
)
writeFileSync(ca, execFileSync('cat', [cert]))
const junk = join(dir, 'junk.pem')
writeFileSync(junk, 'hello')

test('default: no variable means a plain connection (the local dev server)', () => {
  expect(temporalTlsFromEnv({})).toBeUndefined()
  expect(temporalTlsFromEnv({ SLL_TEMPORAL_TLS: '0' })).toBeUndefined()
})

test('behavior: CA, client pair and server name become the SDK TLS options (mTLS)', () => {
  const tls = temporalTlsFromEnv({
    SLL_TEMPORAL_TLS_CA: ca,
    SLL_TEMPORAL_TLS_CERT: cert,
    SLL_TEMPORAL_TLS_KEY: key,
    SLL_TEMPORAL_TLS_SERVER_NAME: 'temporal.internal',
  })
  expect(tls?.serverNameOverride).toBe('temporal.internal')
  expect(tls?.serverRootCACertificate?.toString()).toMatch(/BEGIN CERTIFICATE/)
  expect(tls?.clientCertPair?.crt.toString()).toMatch(/BEGIN CERTIFICATE/)
  expect(tls?.clientCertPair?.key.toString()).toMatch(/BEGIN PRIVATE KEY/)
  expect(temporalTlsFromEnv({ SLL_TEMPORAL_TLS: '1' })).toEqual({})
})

test('error: a cert without its key, a missing file, a non-PEM file or a bad flag name the variable', () => {
  const cases: Array<[NodeJS.ProcessEnv, RegExp]> = [
    [{ SLL_TEMPORAL_TLS_CERT: cert }, /SLL_TEMPORAL_TLS_CERT is set without SLL_TEMPORAL_TLS_KEY/],
    [{ SLL_TEMPORAL_TLS_KEY: key }, /SLL_TEMPORAL_TLS_KEY is set without SLL_TEMPORAL_TLS_CERT/],
    [
      { SLL_TEMPORAL_TLS_CA: join(dir, 'nope.pem') },
      /SLL_TEMPORAL_TLS_CA=.*nope\.pem: cannot read the file \(ENOENT\)/,
    ],
    [{ SLL_TEMPORAL_TLS_CA: junk }, /SLL_TEMPORAL_TLS_CA=.*junk\.pem: not a PEM file/],
    [{ SLL_TEMPORAL_TLS_CERT: cert, SLL_TEMPORAL_TLS_KEY: cert }, /SLL_TEMPORAL_TLS_KEY=.*not a PEM file/],
    [{ SLL_TEMPORAL_TLS: 'yes' }, /SLL_TEMPORAL_TLS="yes": must be 1 or 0/],
    [{ SLL_TEMPORAL_TLS: '0', SLL_TEMPORAL_TLS_CA: ca }, /SLL_TEMPORAL_TLS=0 but TLS files are set/],
  ]
  for (const [env, message] of cases) {
    expect(() => temporalTlsFromEnv(env)).toThrow(TemporalTlsConfigError)
    expect(() => temporalTlsFromEnv(env)).toThrow(message)
  }
})
