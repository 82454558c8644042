import { mnemonicToAccount } from 'viem/accounts'
import { expect, test } from 'vitest'
import { DEVNET_MNEMONIC, devnetAccounts } from './devnet-accounts.js'

test('default', () => {
  for (const account of Object.values(devnetAccounts)) {
    expect(account.address).toBe(mnemonicToAccount(DEVNET_MNEMONIC, { addressIndex: account.index }).address)
  }
})

test('behavior: every role has its own account', () => {
  const addresses = new Set(Object.values(devnetAccounts).map((account) => account.address))
  expect(addresses.size).toBe(Object.keys(devnetAccounts).length)
})
