import { Context } from '@temporalio/activity'
import { MockActivityEnvironment } from '@temporalio/testing'
import { DefaultLogger } from '@temporalio/worker'
import pino from 'pino'
import { keccak256 } from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { expect, test } from 'vitest'
import { redactedPaths } from '../../lib/logger.js'
import { transactionLogger } from '../moves/activity-tx.js'
import { redactSecrets, redactUrl, registerSecret } from './redact.js'
import type { TxLogFields } from './submit.js'

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

test('behavior: transaction log lines (activity logger -> worker pino root) carry no key material', async () => {
  const secret = generatePrivateKey()
  registerSecret(secret)
  const account = privateKeyToAccount(secret)
  const raw = await account.signTransaction({
    type: 'eip1559',
    chainId: 8453,
    nonce: 7,
    to: account.address,
    gas: 21_000n,
    maxFeePerGas: 1n,
  })
  const lines: string[] = []
  // The worker's pipeline: Temporal's logger entries go to the pino root with its redaction paths.
  const root = pino(
    { redact: { paths: redactedPaths, censor: '[redacted]' } },
    { write: (line: string) => lines.push(line) },
  )
  const env = new MockActivityEnvironment(undefined, {
    logger: new DefaultLogger('INFO', (entry) =>
      root.info({ ...entry.meta, source: 'temporal' }, entry.message),
    ),
  })
  const fields: TxLogFields = {
    chain: 'base',
    idempotencyKey: 'plan-1/move-1/withdraw',
    hash: keccak256(raw),
    nonce: 7,
    to: account.address,
    status: 'signed',
  }
  await env.run(async () => {
    const log = transactionLogger(Context.current())
    log.info(fields, 'tx: signed and journaled')
    log.info({ ...fields, status: 'success', blockNumber: '12' }, 'tx: confirmed')
    // a careless field named like a secret is censored by the root's redaction paths
    log.info({ ...fields, key: secret, privateKey: secret }, 'tx: careless')
  })
  expect(lines).toHaveLength(3)
  const [signed, confirmed] = lines.map((line) => JSON.parse(line) as Record<string, unknown>)
  expect(signed).toMatchObject({ ...fields, msg: 'tx: signed and journaled' })
  expect(confirmed).toMatchObject({ status: 'success', blockNumber: '12', msg: 'tx: confirmed' })
  const text = lines.join('\n').toLowerCase()
  expect(text).not.toContain(secret.slice(2).toLowerCase())
})
