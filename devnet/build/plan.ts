import type { ChainName } from '../../chains/names.js'
import type { Asset } from '../../chains/types.js'

/**
 * What the devnet build creates and seeds: the spec example snapshot
 * (docs/examples/snapshot.json) scaled down 1000x, same utilizations and rate parameters.
 * Amounts are whole tokens.
 */

/** Kinked (Aave v3 DefaultReserveInterestRateStrategy) parameters, as fractions. */
export type KinkedRate = {
  optimalUtilization: number
  baseRate: number
  slope1: number
  slope2: number
  reserveFactor: number
}

/** Seed amounts of one market (whole tokens): total supplied, total borrowed, operator's share of supply. */
export type Seed = { totalSupply: number; totalBorrow: number; position: number }

/** An Aave v3 / SparkLend reserve to create and seed. */
export type AaveMarketPlan = {
  id: string
  chain: ChainName
  protocol: 'sparklend' | 'aave'
  asset: 'USDS' | 'USDC'
  rate: KinkedRate
  /** Supply cap in whole tokens. */
  supplyCap: number
  seed: Seed
}

/** A Morpho Blue market + our MetaMorpho-like vault over it. */
export type MorphoMarketPlan = { id: string; chain: ChainName; asset: 'USDC'; seed: Seed }

/** A savings vault (sUSDS-like ERC-4626 over USDS). */
export type SavingsPlan = { id: string; chain: ChainName; asset: 'sUSDS'; apy: number; seed: Seed }

const spark = (slope1: number, optimalUtilization: number): KinkedRate => ({
  optimalUtilization,
  baseRate: 0,
  slope1,
  slope2: 0.5,
  reserveFactor: 0,
})
const aaveUsdc: KinkedRate = {
  optimalUtilization: 0.92,
  baseRate: 0,
  slope1: 0.065,
  slope2: 0.6,
  reserveFactor: 0.1,
}

/** Aave-style reserves, grouped by deployment (chain + protocol). */
export const aaveMarkets: AaveMarketPlan[] = [
  {
    id: 'ethereum/sparklend/USDS',
    chain: 'ethereum',
    protocol: 'sparklend',
    asset: 'USDS',
    rate: spark(0.0525, 0.9),
    supplyCap: 4_000_000,
    seed: { totalSupply: 2_400_000, totalBorrow: 1_950_000, position: 600_000 },
  },
  {
    id: 'ethereum/sparklend/USDC',
    chain: 'ethereum',
    protocol: 'sparklend',
    asset: 'USDC',
    rate: spark(0.055, 0.92),
    supplyCap: 2_000_000,
    seed: { totalSupply: 1_100_000, totalBorrow: 880_000, position: 250_000 },
  },
  {
    id: 'ethereum/aave/USDS',
    chain: 'ethereum',
    protocol: 'aave',
    asset: 'USDS',
    rate: { optimalUtilization: 0.9, baseRate: 0, slope1: 0.0625, slope2: 0.75, reserveFactor: 0.1 },
    supplyCap: 1_500_000,
    seed: { totalSupply: 900_000, totalBorrow: 760_000, position: 100_000 },
  },
  {
    id: 'ethereum/aave/USDC',
    chain: 'ethereum',
    protocol: 'aave',
    asset: 'USDC',
    rate: aaveUsdc,
    supplyCap: 6_000_000,
    seed: { totalSupply: 4_500_000, totalBorrow: 3_900_000, position: 300_000 },
  },
  {
    id: 'base/aave/USDC',
    chain: 'base',
    protocol: 'aave',
    asset: 'USDC',
    rate: aaveUsdc,
    supplyCap: 800_000,
    seed: { totalSupply: 450_000, totalBorrow: 380_000, position: 40_000 },
  },
  {
    id: 'arbitrum/aave/USDC',
    chain: 'arbitrum',
    protocol: 'aave',
    asset: 'USDC',
    rate: aaveUsdc,
    supplyCap: 600_000,
    seed: { totalSupply: 380_000, totalBorrow: 300_000, position: 30_000 },
  },
  {
    id: 'optimism/aave/USDC',
    chain: 'optimism',
    protocol: 'aave',
    asset: 'USDC',
    rate: aaveUsdc,
    supplyCap: 200_000,
    seed: { totalSupply: 90_000, totalBorrow: 66_000, position: 10_000 },
  },
  {
    id: 'avalanche/aave/USDC',
    chain: 'avalanche',
    protocol: 'aave',
    asset: 'USDC',
    rate: aaveUsdc,
    supplyCap: 300_000,
    seed: { totalSupply: 160_000, totalBorrow: 120_000, position: 15_000 },
  },
]

/** Morpho Blue markets with a vault each. */
export const morphoMarkets: MorphoMarketPlan[] = [
  {
    id: 'ethereum/morpho/spark-usdc',
    chain: 'ethereum',
    asset: 'USDC',
    seed: { totalSupply: 600_000, totalBorrow: 520_000, position: 200_000 },
  },
  {
    id: 'base/morpho/spark-usdc',
    chain: 'base',
    asset: 'USDC',
    seed: { totalSupply: 300_000, totalBorrow: 265_000, position: 120_000 },
  },
  {
    id: 'unichain/morpho/usdc',
    chain: 'unichain',
    asset: 'USDC',
    seed: { totalSupply: 70_000, totalBorrow: 61_000, position: 5_000 },
  },
]

/** One savings vault per chain. */
export const savingsVaults: SavingsPlan[] = (
  [
    ['ethereum', 4_200_000, 400_000],
    ['base', 900_000, 150_000],
    ['arbitrum', 450_000, 120_000],
    ['optimism', 160_000, 60_000],
    ['unichain', 120_000, 40_000],
    ['avalanche', 60_000, 20_000],
  ] as const
).map(([chain, totalSupply, position]) => ({
  id: `${chain}/savings/sUSDS`,
  chain,
  asset: 'sUSDS',
  apy: 0.045,
  seed: { totalSupply, totalBorrow: 0, position },
}))

/** Idle tokens the operator holds per chain (whole tokens), beside its positions. */
export const operatorIdle: Partial<Record<ChainName, Partial<Record<Asset, number>>>> = {
  ethereum: { USDS: 50_000, USDC: 20_000 },
  base: { USDS: 5_000, USDC: 5_000 },
  arbitrum: { USDC: 2_000 },
  optimism: { USDS: 1_000, USDC: 1_000 },
  unichain: { USDC: 500 },
  avalanche: { USDC: 1_000 },
}

/** PSM liquidity per chain (whole tokens of each side). */
export const psmLiquidity = 1_000_000

/** Decimals of each asset. */
export const assetDecimals: Record<Asset, number> = { USDS: 18, sUSDS: 18, USDC: 6 }

/** Mock WETH collateral price (USD, 8 decimals like Chainlink). */
export const wethPriceUsd = 3000
