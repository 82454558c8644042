import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { keccak256 } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { expect, test } from 'vitest'
import { devnetAccounts } from '../../chains/devnet-accounts.js'
import type { Network } from '../network.js'
import { appendJournalEntry, journalPaths } from '../tx/journal.js'
import { findSignedSend } from './signed-send.js'

const signer = privateKeyToAccount(devnetAccounts.operator.privateKey)

test('behavior: a send signed under the step key is found with the fee it pays; another key finds none', async () => {
  const journalDir = mkdtempSync(join(tmpdir(), 'sll-signed-send-'))
  const network = { signer, journalDir } as unknown as Network
  const raw = await signer.signTransaction({
    type: 'eip1559',
    chainId: 8453,
    nonce: 7,
    to: signer.address,
    value: 123_456_789n,
    gas: 21_000n,
    maxFeePerGas: 2n,
    maxPriorityFeePerGas: 1n,
  })
  const paths = journalPaths(journalDir, 'base', signer.address)
  appendJournalEntry(paths, {
    v: 1,
    key: 'p/move-0/bridge',
    chainId: 8453,
    signer: signer.address,
    nonce: 7,
    hash: keccak256(raw),
    raw,
    signedAt: new Date(0).toISOString(),
  })
  // The retry settles this value instead of a new quote (bridgeViaOft): same call, no key conflict.
  await expect(findSignedSend(network, 'base', 'p/move-0/bridge')).resolves.toEqual({
    hash: keccak256(raw),
    value: 123_456_789n,
    nonce: 7,
  })
  await expect(findSignedSend(network, 'base', 'p/move-1/bridge')).resolves.toBeUndefined()
  await expect(findSignedSend(network, 'arbitrum', 'p/move-0/bridge')).resolves.toBeUndefined()
})
