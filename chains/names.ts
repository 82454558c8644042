/** The six chains the Spark Liquidity Layer deploys to, in display order. */
export const chainNames = ['ethereum', 'base', 'arbitrum', 'optimism', 'unichain', 'avalanche'] as const

/** A chain the orchestrator supports (same names on the devnet and in production). */
export type ChainName = (typeof chainNames)[number]

/** Narrows a string to a {@link ChainName}. */
export function isChainName(value: string): value is ChainName {
  return (chainNames as readonly string[]).includes(value)
}

/**
 * The real chain id and LayerZero V2 endpoint id (eid) of each chain: the production registry and the
 * devnet anvils (which run under the real chain ids) both take them from here.
 */
export const chainIdentities = {
  ethereum: { chainId: 1, eid: 30101 },
  base: { chainId: 8453, eid: 30184 },
  arbitrum: { chainId: 42161, eid: 30110 },
  // optimism and unichain eids are third-party sourced (notes): check against docs.layerzero.network.
  optimism: { chainId: 10, eid: 30111 },
  unichain: { chainId: 130, eid: 30320 },
  avalanche: { chainId: 43114, eid: 30106 },
} as const satisfies Record<ChainName, { chainId: number; eid: number }>

/** The assets the SLL deploys (and bridges through LayerZero OFTs). */
export const assets = ['USDS', 'sUSDS', 'USDC'] as const

/** An asset the SLL deploys. */
export type Asset = (typeof assets)[number]

/** Which deployment the orchestrator talks to: the local anvil devnet or the real chains. */
export type NetworkKind = 'devnet' | 'production'
