/** The six chains the Spark Liquidity Layer deploys to, in display order. */
export const chainNames = ['ethereum', 'base', 'arbitrum', 'optimism', 'unichain', 'avalanche'] as const

/** A chain the orchestrator supports (same names on the devnet and in production). */
export type ChainName = (typeof chainNames)[number]

/** Narrows a string to a {@link ChainName}. */
export function isChainName(value: string): value is ChainName {
  return (chainNames as readonly string[]).includes(value)
}
