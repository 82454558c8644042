/**
 * Pure conversion of raw on-chain reads ({@link RawMarket}) into spec snapshot markets
 * (`policies/snapshot.ts`): amounts in whole USD (stablecoins at par, sUSDS via its share price), rate models
 * as simple annual fractions. No I/O.
 *
 * @module
 */
import type { ChainName } from '../../chains/names.js'
import { formatMicroUsd, toMicroUsd, toUsd } from '../../lib/amounts.js'
import { NonRetryableError } from '../../lib/errors.js'
import type { RateLimitKeySnapshot } from '../../policies/rate-limit-snapshot.js'
import { type Snapshot, type SnapshotMarket, snapshotSchema } from '../../policies/snapshot.js'
import type { ChainPreflight } from '../../sll/preflight.js'
import { assembleCosts, type ChainCosts } from './cost-section.js'
import { assembleRateLimits, sUsdsUsdPerToken, toRateLimitKeys } from './rate-limit-section.js'
import type { RawAaveReserve, RawChainMarkets, RawMarket, RawMorphoVault, RawSavingsVault } from './raw.js'
import { RAY, rayToFraction, SECONDS_PER_YEAR, WAD, wadToFraction } from './units.js'

/** Morpho AdaptiveCurveIrm constants (identical in production and on the devnet). */
const TARGET_UTILIZATION = 0.9
const CURVE_STEEPNESS = 4
/** The IRM's rate at target before a market's first interaction (4% per year, per second, WAD). */
const INITIAL_RATE_AT_TARGET = (4n * WAD) / 100n / SECONDS_PER_YEAR

/** One chain's markets and idle money, converted (JSON-safe: crosses Temporal payloads as is). */
export type ChainMarkets = {
  chain: ChainName
  markets: SnapshotMarket[]
  /** Idle USDS + USDC we hold on the chain, whole USD. */
  idle: string
  /** JSON-RPC requests the read took. */
  requests: number
  /** What the chain's controller would refuse (see `sll/preflight.ts`), when the SLL is configured. */
  preflight?: ChainPreflight
  /** The chain's rate-limit keys for the snapshot's `rateLimits` section, when the SLL is configured. */
  rateLimits?: RateLimitKeySnapshot[]
  /** USD per sUSDS on this chain (its savings vault's share price), when it has one. */
  sUsdsUsd?: number
  /** The chain's move costs for the snapshot's `costs` section (`cost-section.ts`), when read. */
  costs?: ChainCosts
}

/** Our share of an ERC-4626 vault in assets: `shares * totalAssets / totalSupply`, rounded down. */
export function sharesToAssets(shares: bigint, totalAssets: bigint, totalSupply: bigint): bigint {
  if (totalSupply === 0n) return 0n
  return (shares * totalAssets) / totalSupply
}

/**
 * Aave / SparkLend reserve. `totalSupply` is cash + total debt (what the pool's utilization is computed
 * from), so that the snapshot's U = totalBorrow / totalSupply equals the pool's borrow usage ratio and
 * cash = totalSupply - totalBorrow exactly. `supplyCap` is re-expressed in those terms: the pool checks
 * (aToken supply + unminted treasury) + x <= cap, which here becomes totalSupply - position + x <= supplyCap.
 */
function aaveMarket(raw: RawAaveReserve, chain: ChainName): SnapshotMarket {
  const { venue } = raw
  const debt = raw.variableDebt + raw.stableDebt
  const supply = raw.cash + debt
  const market: SnapshotMarket = {
    id: venue.id,
    chain,
    protocol: venue.protocol,
    asset: venue.asset,
    totalSupply: toUsd(supply, venue.decimals),
    totalBorrow: toUsd(debt, venue.decimals),
    position: toUsd(raw.position, venue.decimals),
    supplyCap: null,
    rateModel: {
      kind: 'kinked',
      baseRate: rayToFraction(raw.strategy.baseVariableBorrowRate),
      slope1: rayToFraction(raw.strategy.variableRateSlope1),
      slope2: rayToFraction(raw.strategy.variableRateSlope2),
      optimalUtilization: rayToFraction(raw.strategy.optimalUsageRatio),
      reserveFactor: Number(raw.reserveFactorBps) / 10_000,
    },
  }
  if (raw.supplyCap > 0n) {
    const capUnits = raw.supplyCap * 10n ** BigInt(venue.decimals)
    const counted = raw.aTokenTotalSupply + (raw.accruedToTreasuryScaled * raw.liquidityIndex) / RAY
    const effective = capUnits - counted + supply
    market.supplyCap = toUsd(effective > 0n ? effective : 0n, venue.decimals)
  }
  return market
}

/** Morpho vault: the market's totals, our vault position, the IRM's rate at target as an annual fraction. */
function morphoMarket(raw: RawMorphoVault, chain: ChainName): SnapshotMarket {
  const { venue, market } = raw
  const rateAtTarget = raw.rateAtTarget > 0n ? raw.rateAtTarget : INITIAL_RATE_AT_TARGET
  return {
    id: venue.id,
    chain,
    protocol: 'morpho',
    asset: venue.asset,
    totalSupply: toUsd(market.totalSupplyAssets, venue.decimals),
    totalBorrow: toUsd(market.totalBorrowAssets, venue.decimals),
    position: toUsd(sharesToAssets(raw.shares, raw.vaultTotalAssets, raw.vaultTotalSupply), venue.decimals),
    supplyCap: null,
    rateModel: {
      kind: 'adaptive-curve',
      rateAtTarget: wadToFraction(rateAtTarget * SECONDS_PER_YEAR),
      fee: wadToFraction(market.fee),
      targetUtilization: TARGET_UTILIZATION,
      curveSteepness: CURVE_STEEPNESS,
    },
  }
}

/** sUSDS savings vault: valued in USDS (= USD) via its share price; fixed rate = (ssr - 1) * year. */
function savingsMarket(raw: RawSavingsVault, chain: ChainName): SnapshotMarket {
  const { venue } = raw
  const perSecond = raw.ssr > RAY ? raw.ssr - RAY : 0n
  return {
    id: venue.id,
    chain,
    protocol: 'savings',
    asset: venue.asset,
    totalSupply: toUsd(raw.totalAssets, venue.decimals),
    totalBorrow: '0',
    position: toUsd(sharesToAssets(raw.shares, raw.totalAssets, raw.totalSupply), venue.decimals),
    supplyCap: null,
    rateModel: { kind: 'fixed', rate: rayToFraction(perSecond * SECONDS_PER_YEAR) },
  }
}

/** Converts one raw venue read of `chain` into a spec snapshot market. */
export function toSnapshotMarket(raw: RawMarket, chain: ChainName): SnapshotMarket {
  switch (raw.kind) {
    case 'aave':
      return aaveMarket(raw, chain)
    case 'morpho':
      return morphoMarket(raw, chain)
    case 'savings':
      return savingsMarket(raw, chain)
  }
}

/** Converts one chain's raw read (markets; idle USDS + USDC at par plus PSM3 shares / sUSDS by value). */
export function toChainMarkets(raw: RawChainMarkets): ChainMarkets {
  const savings = raw.markets.find((m): m is RawSavingsVault => m.kind === 'savings')
  const sUsdsUsd = savings ? sUsdsUsdPerToken(savings.totalAssets, savings.totalSupply) : undefined
  return {
    chain: raw.chain,
    markets: raw.markets.map((market) => toSnapshotMarket(market, raw.chain)),
    idle: formatMicroUsd(
      toMicroUsd(raw.idle.USDS, 18) +
        toMicroUsd(raw.idle.USDC, 6) +
        toMicroUsd(raw.idle.otherUsd18 ?? 0n, 18),
    ),
    requests: raw.requests,
    ...(raw.preflight ? { preflight: raw.preflight } : {}),
    ...(raw.rateLimits ? { rateLimits: toRateLimitKeys(raw.chain, raw.rateLimits, sUsdsUsd) } : {}),
    ...(sUsdsUsd !== undefined ? { sUsdsUsd } : {}),
    ...(raw.costs ? { costs: raw.costs } : {}),
  }
}

/**
 * The spec snapshot (version 1) from every chain's markets, validated against the snapshot schema.
 * `takenAt` is an ISO-8601 timestamp. Every chain listed appears in `idle` (also with "0").
 */
export function assembleSnapshot(perChain: readonly ChainMarkets[], takenAt: string): Snapshot {
  const markets = perChain.flatMap((c) => c.markets)
  const rateLimits = assembleRateLimits(perChain)
  const costs = assembleCosts(perChain)
  const result = snapshotSchema.safeParse({
    version: 1,
    takenAt,
    markets,
    idle: perChain.map((c) => ({ chain: c.chain, amount: c.idle })),
    ...(costs ? { costs } : {}),
    ...(rateLimits ? { rateLimits } : {}),
  })
  if (result.success) return result.data
  const issue = result.error.issues[0]
  const [section, index, ...rest] = issue?.path ?? []
  const subject =
    section === 'markets' && typeof index === 'number' ? (markets[index]?.id ?? 'market') : 'snapshot'
  throw new InvalidMarketDataError(
    subject,
    `${rest.join('.') || String(section)}: ${issue?.message ?? 'invalid'}`,
  )
}

/** On-chain values that do not fit the snapshot schema (e.g. an optimal utilization of 0). */
export class InvalidMarketDataError extends NonRetryableError {
  override readonly name = 'InvalidMarketDataError'
  constructor(
    readonly market: string,
    readonly detail: string,
  ) {
    super(`market ${market}: on-chain values do not fit the snapshot (${detail})`, {
      instruction:
        'Check the venue configuration on chain; remove the venue from the registry if it is not a lending market.',
    })
  }
}
