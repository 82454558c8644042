import type { ChainName } from '../chains/names.js'

/**
 * Circle CCTP domain of each chain (the same on the devnet and in production): Ethereum 0, Avalanche 1,
 * Optimism 2, Arbitrum 3, Base 6, Unichain 10.
 */
export const cctpDomains = {
  ethereum: 0,
  avalanche: 1,
  optimism: 2,
  arbitrum: 3,
  base: 6,
  unichain: 10,
} as const satisfies Record<ChainName, number>

/** A CCTP domain number of one of the six chains. */
export type CctpDomain = (typeof cctpDomains)[ChainName]

/** The chain of a CCTP domain, or undefined for a domain the SLL does not use. */
export function chainOfCctpDomain(domain: number): ChainName | undefined {
  for (const [chain, value] of Object.entries(cctpDomains)) if (value === domain) return chain as ChainName
  return undefined
}
