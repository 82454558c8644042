/**
 * A one-chain fixture for unit tests: a deployment with one Aave reserve, one Morpho vault and one savings
 * vault, and a {@link MockChain} serving consistent numbers for them (state is mutable per test).
 *
 * @module
 */
import type { Address, Hex } from 'viem'
import type { ChainName } from '../../../chains/names.js'
import type { AaveVenue, ChainDeployment, MorphoVaultVenue, SavingsVenue } from '../../../chains/types.js'
import {
  aaveDataProviderAbi,
  aavePoolAbi,
  aavePoolVirtualBalanceAbi,
  aaveStableDebtAbi,
  aaveStrategyAbi,
  aaveStrategyV2Abi,
  adaptiveCurveIrmAbi,
  erc20Abi,
  erc4626Abi,
  morphoBlueAbi,
  savingsRateAbi,
} from '../abis.js'
import { RAY, SECONDS_PER_YEAR, WAD } from '../units.js'
import { MockChain, MockRevert } from './mock-chain.js'

const a = (n: number): Address => `0x${n.toString(16).padStart(40, '0')}` as Address

/** Fixture addresses. */
export const addr = {
  multicall3: a(0xca11),
  usds: a(0x1001),
  usdc: a(0x1002),
  susds: a(0x1003),
  pool: a(0x2001),
  dataProvider: a(0x2002),
  aToken: a(0x2003),
  variableDebt: a(0x2004),
  stableDebt: a(0x2005),
  strategy: a(0x2006),
  strategy2: a(0x2007),
  morpho: a(0x3001),
  irm: a(0x3002),
  morphoVault: a(0x3003),
  operator: a(0x9999),
} as const

/** Fixture Morpho market id. */
export const marketId: Hex = `0x${'ab'.repeat(32)}`

/** The fixture's Aave reserve (no registry hints: its debt tokens and strategy are discovered). */
export const aaveVenue: AaveVenue = {
  id: 'base/aave/USDC',
  protocol: 'aave',
  asset: 'USDC',
  underlying: addr.usdc,
  decimals: 6,
  pool: addr.pool,
  dataProvider: addr.dataProvider,
  aToken: addr.aToken,
}

/** The fixture's Morpho vault. */
export const morphoVenue: MorphoVaultVenue = {
  id: 'base/morpho/spark-usdc',
  protocol: 'morpho',
  asset: 'USDC',
  underlying: addr.usdc,
  decimals: 6,
  vault: addr.morphoVault,
  morpho: addr.morpho,
  marketId,
  irm: addr.irm,
}

/** The fixture's savings vault. */
export const savingsVenue: SavingsVenue = {
  id: 'base/savings/sUSDS',
  protocol: 'savings',
  asset: 'sUSDS',
  underlying: addr.usds,
  decimals: 18,
  vault: addr.susds,
}

/** A deployment (default `base`, chain id 8453) with the three fixture venues. */
export function fixtureDeployment(
  venues = [aaveVenue, morphoVenue, savingsVenue],
  name: ChainName = 'base',
  chainId = 8453,
): ChainDeployment {
  return {
    name,
    chainId,
    eid: 30184,
    tokens: { USDS: addr.usds, sUSDS: addr.susds, USDC: addr.usdc },
    venues,
    layerZero: { endpoint: a(0x1a44), ofts: {} },
    multicall3: addr.multicall3,
  }
}

const usdc = (n: bigint) => n * 10n ** 6n
const usds = (n: bigint) => n * 10n ** 18n
const rayPct = (pct: bigint) => (pct * RAY) / 100n

/** Mutable on-chain state the fixture serves. Defaults give U = 0.6 on Aave and U = 0.9 on Morpho. */
export function fixtureState() {
  return {
    aave: {
      cash: usdc(400_000n),
      variableDebt: usdc(600_000n),
      stableDebt: 0n,
      aTokenTotalSupply: usdc(999_000n),
      accruedToTreasuryScaled: usdc(500n),
      liquidityIndex: RAY + RAY / 100n,
      position: usdc(100_000n),
      supplyCapTokens: 2_000_000n,
      reserveFactorBps: 1000n,
      strategy: addr.strategy,
      base: 0n,
      slope1: rayPct(4n),
      slope2: rayPct(60n),
      optimal: rayPct(90n),
      // 0.04 * 0.6 / 0.9 * 0.6 * 0.9 = 0.0144 (what Aave's strategy returns for this state)
      currentLiquidityRate: (144n * RAY) / 10_000n,
    },
    morpho: {
      totalSupplyAssets: usdc(500_000n),
      totalBorrowAssets: usdc(450_000n),
      fee: 0n,
      rateAtTarget: (5n * WAD) / 100n / SECONDS_PER_YEAR,
      vaultTotalAssets: usdc(200_000n),
      vaultTotalSupply: usds(200_000n),
      shares: usds(50_000n),
      irm: addr.irm,
    },
    savings: {
      totalAssets: usds(1_000_000n),
      totalSupply: usds(950_000n),
      shares: usds(95_000n),
      ssr: RAY + (45n * RAY) / 1000n / SECONDS_PER_YEAR,
    },
    idle: { usds: usds(1000n) + 5n * 10n ** 17n, usdc: usdc(250n) },
    /** Functions that revert: `"<address>:<function>"`. */
    reverts: new Set<string>(),
  }
}

/** The fixture state type. */
export type FixtureState = ReturnType<typeof fixtureState>

/** A MockChain serving `state` (read at call time, so tests can mutate it between reads). */
export function fixtureChain(state: FixtureState = fixtureState(), chainId = 8453): MockChain {
  const chain = new MockChain(chainId, addr.multicall3)
  const on = (
    address: Address,
    abi: Parameters<MockChain['on']>[1],
    fn: string,
    handler: (args: readonly unknown[]) => unknown,
  ) =>
    chain.on(address, abi, fn, (args) => {
      if (state.reverts.has(`${address}:${fn}`)) throw new MockRevert(`${fn} disabled`)
      return handler(args)
    })
  const s = state
  on(addr.pool, aavePoolAbi, 'getReserveData', () => ({
    configuration: { data: 0n },
    liquidityIndex: s.aave.liquidityIndex,
    currentLiquidityRate: s.aave.currentLiquidityRate,
    variableBorrowIndex: RAY,
    currentVariableBorrowRate: 0n,
    currentStableBorrowRate: 0n,
    lastUpdateTimestamp: 0,
    id: 0,
    aTokenAddress: addr.aToken,
    stableDebtTokenAddress: addr.stableDebt,
    variableDebtTokenAddress: addr.variableDebt,
    interestRateStrategyAddress: s.aave.strategy,
    accruedToTreasury: s.aave.accruedToTreasuryScaled,
    unbacked: 0n,
    isolationModeTotalDebt: 0n,
  }))
  on(addr.pool, aavePoolVirtualBalanceAbi, 'getVirtualUnderlyingBalance', () => s.aave.cash)
  on(addr.aToken, erc20Abi, 'totalSupply', () => s.aave.aTokenTotalSupply)
  on(addr.aToken, erc20Abi, 'balanceOf', ([who]) =>
    (who as string).toLowerCase() === addr.operator ? s.aave.position : 0n,
  )
  on(addr.variableDebt, erc20Abi, 'totalSupply', () => s.aave.variableDebt)
  on(addr.stableDebt, erc20Abi, 'totalSupply', () => s.aave.stableDebt)
  on(addr.stableDebt, aaveStableDebtAbi, 'getAverageStableRate', () => 0n)
  on(addr.usdc, erc20Abi, 'balanceOf', ([who]) => {
    const w = (who as string).toLowerCase()
    if (w === addr.aToken) return s.aave.cash
    if (w === addr.operator) return s.idle.usdc
    return 0n
  })
  on(addr.usds, erc20Abi, 'balanceOf', ([who]) =>
    (who as string).toLowerCase() === addr.operator ? s.idle.usds : 0n,
  )
  on(addr.dataProvider, aaveDataProviderAbi, 'getReserveCaps', () => [0n, s.aave.supplyCapTokens])
  on(addr.dataProvider, aaveDataProviderAbi, 'getReserveConfigurationData', () => [
    6n,
    8000n,
    8500n,
    10500n,
    s.aave.reserveFactorBps,
    true,
    true,
    false,
    true,
    false,
  ])
  for (const strategy of [addr.strategy, addr.strategy2]) {
    on(strategy, aaveStrategyAbi, 'getBaseVariableBorrowRate', () => s.aave.base)
    on(strategy, aaveStrategyAbi, 'getVariableRateSlope1', () =>
      strategy === addr.strategy ? s.aave.slope1 : rayPct(7n),
    )
    on(strategy, aaveStrategyAbi, 'getVariableRateSlope2', () => s.aave.slope2)
    on(strategy, aaveStrategyAbi, 'OPTIMAL_USAGE_RATIO', () => s.aave.optimal)
    on(strategy, aaveStrategyV2Abi, 'getInterestRateData', () => ({
      optimalUsageRatio: s.aave.optimal,
      baseVariableBorrowRate: s.aave.base,
      variableRateSlope1: strategy === addr.strategy ? s.aave.slope1 : rayPct(7n),
      variableRateSlope2: s.aave.slope2,
    }))
  }
  on(addr.morphoVault, erc4626Abi, 'totalAssets', () => s.morpho.vaultTotalAssets)
  on(addr.morphoVault, erc4626Abi, 'totalSupply', () => s.morpho.vaultTotalSupply)
  on(addr.morphoVault, erc4626Abi, 'balanceOf', ([who]) =>
    (who as string).toLowerCase() === addr.operator ? s.morpho.shares : 0n,
  )
  on(addr.morpho, morphoBlueAbi, 'market', () => [
    s.morpho.totalSupplyAssets,
    s.morpho.totalSupplyAssets * 10n ** 6n,
    s.morpho.totalBorrowAssets,
    s.morpho.totalBorrowAssets * 10n ** 6n,
    1_700_000_000n,
    s.morpho.fee,
  ])
  on(addr.morpho, morphoBlueAbi, 'idToMarketParams', () => [
    addr.usdc,
    addr.usds,
    a(0x4444),
    s.morpho.irm,
    860_000_000_000_000_000n,
  ])
  on(addr.irm, adaptiveCurveIrmAbi, 'rateAtTarget', () => s.morpho.rateAtTarget)
  on(addr.susds, erc4626Abi, 'totalAssets', () => s.savings.totalAssets)
  on(addr.susds, erc4626Abi, 'totalSupply', () => s.savings.totalSupply)
  on(addr.susds, erc4626Abi, 'balanceOf', ([who]) =>
    (who as string).toLowerCase() === addr.operator ? s.savings.shares : 0n,
  )
  on(addr.susds, savingsRateAbi, 'ssr', () => s.savings.ssr)
  return chain
}
