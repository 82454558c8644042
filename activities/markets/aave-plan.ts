/**
 * Read plan of an Aave v3 / SparkLend reserve (v3.0.2 or >= 3.2 ABI): reserve data, token supplies, cash,
 * our aToken balance, caps, reserve factor and the LIVE interest rate strategy parameters, in one multicall.
 *
 * @module
 */
import type { Address } from 'viem'
import type { AaveVenue } from '../../chains/types.js'
import {
  aaveDataProviderAbi,
  aavePoolAbi,
  aavePoolVirtualBalanceAbi,
  aaveStableDebtAbi,
  aaveStrategyAbi,
  aaveStrategyV2Abi,
  erc20Abi,
} from './abis.js'
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

/** Reads common to both pool generations, then the generation-specific ones (cash, stable debt, strategy). */
function commonCalls(venue: AaveVenue, addresses: ReserveAddresses, operator: Address) {
  const asset = venue.underlying
  return [
    call('Pool', venue.pool, aavePoolAbi, 'getReserveData', [asset]),
    call('aToken', addresses.aToken, erc20Abi, 'totalSupply'),
    call('variableDebtToken', addresses.variableDebtToken, erc20Abi, 'totalSupply'),
    call('aToken', addresses.aToken, erc20Abi, 'balanceOf', [operator]),
    call('DataProvider', venue.dataProvider, aaveDataProviderAbi, 'getReserveCaps', [asset]),
    call('DataProvider', venue.dataProvider, aaveDataProviderAbi, 'getReserveConfigurationData', [asset]),
  ]
}

type CommonResults = [
  ReserveData,
  bigint,
  bigint,
  bigint,
  readonly [bigint, bigint],
  readonly [bigint, bigint, bigint, bigint, bigint, ...unknown[]],
]

/** Calls of the generation-specific part and the decoder of their results. */
function versionCalls(venue: AaveVenue, addresses: ReserveAddresses) {
  const asset = venue.underlying
  const strategy = addresses.interestRateStrategy
  if (venue.aaveVersion === '3.3') {
    return {
      calls: [
        call('Pool', venue.pool, aavePoolVirtualBalanceAbi, 'getVirtualUnderlyingBalance', [asset]),
        call('InterestRateStrategyV2', strategy, aaveStrategyV2Abi, 'getInterestRateData', [asset]),
      ],
      decode: (results: readonly unknown[]) => {
        const [cash, data] = results as [
          bigint,
          {
            optimalUsageRatio: bigint
            baseVariableBorrowRate: bigint
            variableRateSlope1: bigint
            variableRateSlope2: bigint
          },
        ]
        return {
          cash,
          stableDebt: 0n,
          averageStableRate: 0n,
          strategy: {
            baseVariableBorrowRate: data.baseVariableBorrowRate,
            variableRateSlope1: data.variableRateSlope1,
            variableRateSlope2: data.variableRateSlope2,
            optimalUsageRatio: data.optimalUsageRatio,
          },
        }
      },
    }
  }
  const stable = addresses.stableDebtToken
  return {
    calls: [
      call('underlying', asset, erc20Abi, 'balanceOf', [addresses.aToken]),
      call('stableDebtToken', stable, erc20Abi, 'totalSupply'),
      call('stableDebtToken', stable, aaveStableDebtAbi, 'getAverageStableRate'),
      call('InterestRateStrategy', strategy, aaveStrategyAbi, 'getBaseVariableBorrowRate'),
      call('InterestRateStrategy', strategy, aaveStrategyAbi, 'getVariableRateSlope1'),
      call('InterestRateStrategy', strategy, aaveStrategyAbi, 'getVariableRateSlope2'),
      call('InterestRateStrategy', strategy, aaveStrategyAbi, 'OPTIMAL_USAGE_RATIO'),
    ],
    decode: (results: readonly unknown[]) => {
      const [cash, stableDebt, averageStableRate, base, slope1, slope2, optimal] = results as bigint[]
      return {
        cash: cash!,
        stableDebt: stableDebt!,
        averageStableRate: averageStableRate!,
        strategy: {
          baseVariableBorrowRate: base!,
          variableRateSlope1: slope1!,
          variableRateSlope2: slope2!,
          optimalUsageRatio: optimal!,
        },
      }
    },
  }
}

/**
 * Full plan of an Aave reserve, given its (registry or cached) addresses and the operator. The decoder
 * throws {@link StaleReserveAddresses} when the pool now reports other addresses than the plan used.
 */
export function aavePlan(
  venue: AaveVenue,
  addresses: ReserveAddresses,
  operator: Address,
): ReadPlan<RawAaveReserve> {
  const common = commonCalls(venue, addresses, operator)
  const specific = versionCalls(venue, addresses)
  return {
    subject: venue.id,
    calls: [...common, ...specific.calls],
    decode: (results) => {
      const [data, aSupply, vDebt, position, caps, config] = results.slice(0, common.length) as CommonResults
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
        position,
        supplyCap: caps[1],
        reserveFactorBps: config[4],
        ...specific.decode(results.slice(common.length)),
      }
    },
  }
}
