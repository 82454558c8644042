/**
 * Read plan of an Aave v3.0.2 / SparkLend reserve: reserve data, token supplies, cash, our aToken balance,
 * caps, reserve factor and the LIVE interest rate strategy parameters, all in one multicall.
 *
 * @module
 */
import type { Address } from 'viem'
import type { AaveVenue } from '../../chains/types.js'
import { aaveDataProviderAbi, aavePoolAbi, aaveStableDebtAbi, aaveStrategyAbi, erc20Abi } from './abis.js'
import { call, type ReadPlan } from './plan.js'
import type { RawAaveReserve, ReserveAddresses } from './raw.js'

/** `Pool.getReserveData` result fields the readers use. */
type ReserveData = {
  liquidityIndex: bigint
  currentLiquidityRate: bigint
  currentVariableBorrowRate: bigint
  aTokenAddress: Address
  stableDebtTokenAddress: Address
  variableDebtTokenAddress: Address
  interestRateStrategyAddress: Address
  accruedToTreasury: bigint
  unbacked: bigint
}

/** The reserve's addresses as reported by the pool. */
export function addressesOf(data: ReserveData): ReserveAddresses {
  return {
    aToken: data.aTokenAddress,
    variableDebtToken: data.variableDebtTokenAddress,
    stableDebtToken: data.stableDebtTokenAddress,
    interestRateStrategy: data.interestRateStrategyAddress,
  }
}

/** Whether two address sets name the same contracts (case-insensitive). */
export function sameAddresses(a: ReserveAddresses, b: ReserveAddresses): boolean {
  return (Object.keys(a) as (keyof ReserveAddresses)[]).every(
    (k) => a[k].toLowerCase() === b[k].toLowerCase(),
  )
}

/** Plan that only discovers a reserve's addresses (first read of a venue without registry hints). */
export function aaveDiscoveryPlan(venue: AaveVenue): ReadPlan<ReserveAddresses> {
  return {
    subject: venue.id,
    calls: [call('Pool', venue.pool, aavePoolAbi, 'getReserveData', [venue.underlying])],
    decode: ([data]) => addressesOf(data as ReserveData),
  }
}

/**
 * The pool reported other addresses than the plan used (governance changed the strategy or tokens):
 * the caller refreshes its cache and reads again.
 */
export class StaleReserveAddresses extends Error {
  constructor(
    readonly venueId: string,
    readonly current: ReserveAddresses,
  ) {
    super(`reserve addresses of ${venueId} changed`)
  }
}

/** Full plan of an Aave reserve, given its (registry or cached) addresses and the operator. */
export function aavePlan(
  venue: AaveVenue,
  addresses: ReserveAddresses,
  operator: Address,
): ReadPlan<RawAaveReserve> {
  const asset = venue.underlying
  const { aToken, variableDebtToken, stableDebtToken, interestRateStrategy: strategy } = addresses
  return {
    subject: venue.id,
    calls: [
      call('Pool', venue.pool, aavePoolAbi, 'getReserveData', [asset]),
      call('aToken', aToken, erc20Abi, 'totalSupply'),
      call('variableDebtToken', variableDebtToken, erc20Abi, 'totalSupply'),
      call('stableDebtToken', stableDebtToken, erc20Abi, 'totalSupply'),
      call('stableDebtToken', stableDebtToken, aaveStableDebtAbi, 'getAverageStableRate'),
      call('aToken', aToken, erc20Abi, 'balanceOf', [operator]),
      call('underlying', asset, erc20Abi, 'balanceOf', [aToken]),
      call('DataProvider', venue.dataProvider, aaveDataProviderAbi, 'getReserveCaps', [asset]),
      call('DataProvider', venue.dataProvider, aaveDataProviderAbi, 'getReserveConfigurationData', [asset]),
      call('InterestRateStrategy', strategy, aaveStrategyAbi, 'getBaseVariableBorrowRate'),
      call('InterestRateStrategy', strategy, aaveStrategyAbi, 'getVariableRateSlope1'),
      call('InterestRateStrategy', strategy, aaveStrategyAbi, 'getVariableRateSlope2'),
      call('InterestRateStrategy', strategy, aaveStrategyAbi, 'OPTIMAL_USAGE_RATIO'),
    ],
    decode: (results) => {
      const [data, aSupply, vDebt, sDebt, avgStable, position, cash, caps, config, base, s1, s2, optimal] =
        results as [
          ReserveData,
          bigint,
          bigint,
          bigint,
          bigint,
          bigint,
          bigint,
          readonly [bigint, bigint],
          readonly [bigint, bigint, bigint, bigint, bigint, ...unknown[]],
          bigint,
          bigint,
          bigint,
          bigint,
        ]
      const current = addressesOf(data)
      if (!sameAddresses(current, addresses)) throw new StaleReserveAddresses(venue.id, current)
      return {
        kind: 'aave',
        venue,
        addresses,
        liquidityIndex: data.liquidityIndex,
        currentLiquidityRate: data.currentLiquidityRate,
        currentVariableBorrowRate: data.currentVariableBorrowRate,
        accruedToTreasuryScaled: data.accruedToTreasury,
        unbacked: data.unbacked,
        aTokenTotalSupply: aSupply,
        variableDebt: vDebt,
        stableDebt: sDebt,
        averageStableRate: avgStable,
        cash,
        position,
        supplyCap: caps[1],
        reserveFactorBps: config[4],
        strategy: {
          baseVariableBorrowRate: base,
          variableRateSlope1: s1,
          variableRateSlope2: s2,
          optimalUsageRatio: optimal,
        },
      }
    },
  }
}
