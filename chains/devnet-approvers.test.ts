import { mnemonicToAccount, privateKeyToAccount } from 'viem/accounts'
import { expect, test } from 'vitest'
import { DEVNET_MNEMONIC } from './devnet-accounts.js'
import { devnetApprovers } from './devnet-approvers.js'

test('behavior: each devnet approver key is its mnemonic index and signs as its address', () => {
  for (const [id, a] of Object.entries(devnetApprovers)) {
    expect(privateKeyToAccount(a.privateKey).address, id).toBe(a.address)
    expect(mnemonicToAccount(DEVNET_MNEMONIC, { addressIndex: a.index }).address, id).toBe(a.address)
  }
})
