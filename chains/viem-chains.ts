import type { Chain } from 'viem'
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
