import { type Chain, defineChain } from 'viem'
import { arbitrum, avalanche, base, mainnet, optimism, unichain } from 'viem/chains'
import type { ChainName } from './names.js'

/** viem chain objects of the six production chains (the devnet uses the same chain ids). */
export const viemChains = {
  ethereum: mainnet,
  base,
  arbitrum,
  optimism,
  unichain,
  avalanche,
} as const satisfies Record<ChainName, Chain>

/** The viem chain object of `name`. */
export function viemChain(name: ChainName): Chain {
  return viemChains[name]
}

/** Where to reach one chain. `name` is for messages and file names (e.g. `base`). */
export type ChainEndpoint = { name: string; chainId: number; rpcUrl: string }

/**
 * A minimal viem chain object for an endpoint (id, name, ETH, the endpoint's RPC URL): enough to sign and
 * send, on the devnet anvils and in production alike.
 */
export function endpointChain(endpoint: ChainEndpoint): Chain {
  return defineChain({
    id: endpoint.chainId,
    name: endpoint.name,
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [endpoint.rpcUrl] } },
  })
}
