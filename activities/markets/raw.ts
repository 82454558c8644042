/**
 * Raw on-chain numbers of one chain's markets, exactly as read (bigint, token base units, ray / WAD).
 * {@link toSnapshotMarket} (convert.ts) turns them into the spec snapshot; nothing here is rounded.
 *
 * @module
 */

import type { Address } from 'viem'
import type { ChainName } from '../../chains/names.js'
import type { AaveVenue, MorphoVaultVenue, SavingsVenue } from '../../chains/types.js'
import type { ChainPreflight } from '../../sll/preflight.js'
import type { ChainCosts } from './cost-section.js'
import type { RawRateLimits } from './rate-limit-section.js'

/** Contracts of an Aave v3 reserve that are not in the registry (from `Pool.getReserveData`). */
export type ReserveAddresses = {
  aToken: Address
  variableDebtToken: Address
  stableDebtToken: Address
  interestRateStrategy: Address
}

/** An Aave v3.0.2 / SparkLend reserve. Rates and indexes in ray (1e27), amounts in underlying base units. */
export type RawAaveReserve = {
  kind: 'aave'
  venue: AaveVenue
  addresses: ReserveAddresses
  liquidityIndex: bigint
  /** The pool's own current supply rate (simple APR, ray). */
  currentLiquidityRate: bigint
  currentVariableBorrowRate: bigint
  /** Treasury share not yet minted, scaled (multiply by `liquidityIndex`). */
  accruedToTreasuryScaled: bigint
  unbacked: bigint
  aTokenTotalSupply: bigint
  variableDebt: bigint
  stableDebt: bigint
  averageStableRate: bigint
  /** Underlying held by the aToken: what can be withdrawn now. */
  cash: bigint
  /** Our aToken balance. */
  position: bigint
  /** Supply cap in whole tokens; 0 = no cap. */
  supplyCap: bigint
  reserveFactorBps: bigint
  /** Live parameters of the reserve's `DefaultReserveInterestRateStrategy` (ray). */
  strategy: {
    baseVariableBorrowRate: bigint
    variableRateSlope1: bigint
    variableRateSlope2: bigint
    optimalUsageRatio: bigint
  }
}

/** Morpho Blue market totals (`Morpho.market(id)`), as stored at its last update. */
export type RawMorphoMarket = {
  totalSupplyAssets: bigint
  totalSupplyShares: bigint
  totalBorrowAssets: bigint
  totalBorrowShares: bigint
  lastUpdate: bigint
  /** Protocol fee, WAD fraction. */
  fee: bigint
}

/** A MetaMorpho-like ERC-4626 vault over one Morpho Blue market. */
export type RawMorphoVault = {
  kind: 'morpho'
  venue: MorphoVaultVenue
  vaultTotalAssets: bigint
  vaultTotalSupply: bigint
  /** Our vault shares. */
  shares: bigint
  market: RawMorphoMarket
  /** AdaptiveCurveIrm rate at target, per second, WAD (0 = market never touched: the IRM starts at 4%). */
  rateAtTarget: bigint
}

/** The sUSDS savings vault (ERC-4626 over USDS). */
export type RawSavingsVault = {
  kind: 'savings'
  venue: SavingsVenue
  totalAssets: bigint
  totalSupply: bigint
  /** Our sUSDS shares. */
  shares: bigint
  /** Savings rate: per-second factor, ray. */
  ssr: bigint
}

/** One venue's raw read. */
export type RawMarket = RawAaveReserve | RawMorphoVault | RawSavingsVault

/** Everything read from one chain in one snapshot. */
export type RawChainMarkets = {
  chain: ChainName
  chainId: number
  operator: Address
  markets: RawMarket[]
  /**
   * Our idle money (not deployed in a venue): USDS / USDC base units; `otherUsd18` = PSM3 shares and idle
   * sUSDS on an L2, valued in 1e18 USD.
   */
  idle: { USDS: bigint; USDC: bigint; otherUsd18?: bigint }
  /** JSON-RPC requests this read took. */
  requests: number
  /** Pre-flight of the chain's SLL controller (read in the same multicall), when configured. */
  preflight?: ChainPreflight
  /** Every rate-limit key a move could draw on (same multicall), when the SLL controller is configured. */
  rateLimits?: RawRateLimits
  /** Move costs (gas price, LayerZero fees, CCTP availability), when asked for (`ReadChainOptions.costs`). */
  costs?: ChainCosts
}
