import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import { toActivityFailure } from '../failure.js'
import { loadSigner, SignerKeyInvalidError, SignerKeyMissingError } from './signer.js'

const key = '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d'
const address = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8'

test('default: loads the signer from SLL_SIGNER_KEY', () => {
  expect(loadSigner({ SLL_SIGNER_KEY: key }).address).toBe(address)
  expect(loadSigner({ SLL_SIGNER_KEY: key.slice(2) }).address).toBe(address)
})

test('behavior: loads the signer from SLL_SIGNER_KEY_FILE (trailing newline allowed)', () => {
  const file = join(mkdtempSync(join(tmpdir(), 'sll-key-')), 'signer.key')
  writeFileSync(file, `${key}\n`, { mode: 0o600 })
  expect(loadSigner({ SLL_SIGNER_KEY_FILE: file }).address).toBe(address)
})

test('error: no key configured', () => {
  expect(() => loadSigner({})).toThrow(SignerKeyMissingError)
})

test('error: unusable keys are rejected without echoing any part of them', () => {
  const file = join(mkdtempSync(join(tmpdir(), 'sll-key-')), 'bad.key')
  const badKeys = [
    key.slice(0, 60), // too short
    `${key}ff`, // too long
    `${key.slice(0, 40)}zz${key.slice(42)}`, // not hex
    `0x${'0'.repeat(64)}`, // zero is not a valid secp256k1 key
    `0x${'f'.repeat(64)}`, // above the curve order
  ]
  for (const bad of badKeys) {
    writeFileSync(file, bad)
    for (const env of [{ SLL_SIGNER_KEY: bad }, { SLL_SIGNER_KEY_FILE: file }]) {
      let caught: unknown
      try {
        loadSigner(env)
      } catch (error) {
        caught = error
      }
      expect(caught).toBeInstanceOf(SignerKeyInvalidError)
      const error = caught as SignerKeyInvalidError
      const text = [
        error.message,
        String(error.stack),
        JSON.stringify(toActivityFailure(error)),
        String(error.cause),
      ]
        .join('\n')
        .toLowerCase()
      const bare = bad.replace(/^0x/, '').toLowerCase()
      expect(text).not.toContain(bare.slice(0, 16))
      expect(text).not.toContain(bare.slice(-16))
    }
  }
})

test('error: an unreadable key file names the file, not its content', () => {
  expect(() => loadSigner({ SLL_SIGNER_KEY_FILE: '/nonexistent/signer.key' })).toThrow(
    /\/nonexistent\/signer.key.*ENOENT/,
  )
})
