import { type Address, createPublicClient, http, type PublicClient } from 'viem'
import { devnetChainIds } from '../chains/devnet.js'
import { type ChainName, chainNames } from '../chains/names.js'
import { endpointChain } from '../chains/viem-chains.js'

/** A port base unlikely to collide with `npm run devnet` or other test runs on this machine. */
export function testPortBase(): number {
  return 20_000 + (process.pid % 400) * 10
}

/** Public clients (polling 50 ms) for every devnet chain, with `contracts.multicall3` set. */
export function devnetClients(
  rpcUrls: Record<ChainName, string>,
  multicall3: Record<ChainName, Address>,
): Record<ChainName, PublicClient> {
  return Object.fromEntries(
    chainNames.map((chain) => {
      const base = endpointChain({
        name: `devnet-${chain}`,
        chainId: devnetChainIds[chain],
        rpcUrl: rpcUrls[chain],
      })
      const withMulticall = { ...base, contracts: { multicall3: { address: multicall3[chain] } } }
      return [
        chain,
        createPublicClient({ chain: withMulticall, transport: http(rpcUrls[chain]), pollingInterval: 50 }),
      ]
    }),
  ) as Record<ChainName, PublicClient>
}

/** Advances anvil's clock by `seconds` and mines a block. */
export async function increaseTime(client: PublicClient, seconds: number): Promise<void> {
  await client.request({ method: 'evm_increaseTime' as never, params: [seconds] as never })
  await client.request({ method: 'evm_mine' as never, params: [] as never })
}
