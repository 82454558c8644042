import { expect, test } from 'vitest'
import { redactSecrets, redactUrl, registerSecret } from './redact.js'

test('default: URLs keep scheme and host only', () => {
  expect(redactUrl('https://eth-mainnet.g.alchemy.com/v2/SECRETKEY')).toBe(
    'https://eth-mainnet.g.alchemy.com/<redacted>',
  )
  expect(redactUrl('http://127.0.0.1:8545')).toBe('http://127.0.0.1:8545')
  expect(redactUrl('https://user:pw@node.example/')).toBe('https://node.example/<redacted>')
})

test('behavior: registered secrets are removed in any case, with or without 0x', () => {
  const secret = '0xAbCdEf0123456789abcdef0123456789abcdef0123456789abcdef0123456789'
  registerSecret(secret)
  const text = `key=${secret} lower=${secret.toLowerCase().slice(2)} url=https://rpc.example/key/xyz?k=1 done`
  const out = redactSecrets(text)
  expect(out).not.toMatch(/abcdef0123456789abcdef0123456789/i)
  expect(out).not.toContain('xyz')
  expect(out).toContain('https://rpc.example/<redacted>')
  expect(out).toContain('done')
})
