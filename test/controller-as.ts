import { createWalletClient, http, type PublicClient } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { expect } from 'vitest'
import { getPublicClient } from '../activities/clients.js'
import type { Network } from '../activities/network.js'
import { devnetAccounts } from '../chains/devnet-accounts.js'
import type { ChainName } from '../chains/names.js'
import { controllerAbis } from '../sll/abis.js'

/**
 * Sends one call to `chain`'s SLL controller as a devnet role account (governance = the deployer, or the
 * freezer) and expects it to succeed: how integration tests change on-chain conditions.
 */
export async function controllerCallAs(
  network: Network,
  chain: ChainName,
  who: 'deployer' | 'freezer',
  functionName: string,
  args: unknown[],
): Promise<void> {
  const sll = network.sll(chain)
  const wallet = createWalletClient({
    account: privateKeyToAccount(devnetAccounts[who].privateKey),
    transport: http(network.endpoint(chain).rpcUrl),
  })
  const client = getPublicClient(network.endpoint(chain)) as PublicClient
  const hash = await wallet.writeContract({
    address: sll.controller,
    abi: controllerAbis[sll.controllerVersion],
    functionName: functionName as never,
    args: args as never,
    chain: null,
  })
  const receipt = await client.waitForTransactionReceipt({ hash })
  expect(receipt.status).toBe('success')
}
