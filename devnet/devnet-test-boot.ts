import type { Address, PublicClient } from 'viem'
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest'
import { loadDevnetRegistry } from '../chains/devnet.js'
import { type ChainName, chainNames } from '../chains/names.js'
import type { Registry } from '../chains/types.js'
import { type Devnet, startDevnet } from './anvil-cluster.js'
import { devnetClients } from './test-helpers.js'

/** What {@link bootDevnetPerFile} fills in before the file's own `beforeAll` hooks run. */
export type DevnetTestBoot = { devnet: Devnet; registry: Registry; clients: Record<ChainName, PublicClient> }

/**
 * Test-file boot of the six-chain devnet (call at the top level of a `*.devnet.test.ts`): starts it on
 * `portBase` before all tests, stops it after, and snapshots every chain before each test and reverts
 * after it, so each test starts from the committed state. The returned object is filled in `beforeAll`.
 */
export function bootDevnetPerFile(portBase: number): DevnetTestBoot {
  const boot = {} as DevnetTestBoot
  let snapshots: Partial<Record<ChainName, string>> = {}
  beforeAll(async () => {
    boot.registry = loadDevnetRegistry()
    boot.devnet = await startDevnet({ portBase, quiet: true })
    const multicall3 = Object.fromEntries(chainNames.map((chain) => [chain, boot.registry[chain].multicall3]))
    boot.clients = devnetClients(boot.devnet.rpcUrls, multicall3 as Record<ChainName, Address>)
  })
  afterAll(async () => {
    await boot.devnet?.stop()
  })
  beforeEach(async () => {
    snapshots = {}
    for (const chain of chainNames) {
      snapshots[chain] = (await boot.clients[chain].request({ method: 'evm_snapshot' as never })) as string
    }
  })
  afterEach(async () => {
    for (const chain of chainNames) {
      await boot.clients[chain].request({
        method: 'evm_revert' as never,
        params: [snapshots[chain]] as never,
      })
    }
  })
  return boot
}
