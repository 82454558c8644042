import { type Address, type Hex, parseUnits, zeroAddress } from 'viem'
import { devnetAccounts } from '../../chains/devnet-accounts.js'
import { aaveArtifact } from '../artifact.js'
import type { ChainClient } from './chain-client.js'
import type { KinkedRate } from './plan.js'

const deployer = devnetAccounts.deployer
const logicLibraries = [
  'BorrowLogic',
  'BridgeLogic',
  'EModeLogic',
  'LiquidationLogic',
  'PoolLogic',
  'SupplyLogic',
]

const paths = {
  provider: 'protocol/configuration/PoolAddressesProvider.sol/PoolAddressesProvider',
  acl: 'protocol/configuration/ACLManager.sol/ACLManager',
  pool: 'protocol/pool/Pool.sol/Pool',
  configurator: 'protocol/pool/PoolConfigurator.sol/PoolConfigurator',
  oracle: 'misc/AaveOracle.sol/AaveOracle',
  dataProvider: 'misc/AaveProtocolDataProvider.sol/AaveProtocolDataProvider',
  aToken: 'protocol/tokenization/AToken.sol/AToken',
  stableDebt: 'protocol/tokenization/StableDebtToken.sol/StableDebtToken',
  variableDebt: 'protocol/tokenization/VariableDebtToken.sol/VariableDebtToken',
  strategy: 'protocol/pool/DefaultReserveInterestRateStrategy.sol/DefaultReserveInterestRateStrategy',
  aggregator: 'mocks/oracle/CLAggregators/MockAggregator.sol/MockAggregator',
} as const

/** A borrowable reserve (USDS or USDC) of an Aave deployment. */
export type AaveReserveInput = {
  symbol: string
  asset: Address
  decimals: number
  /** Chainlink-style USD price source (8 decimals). */
  priceSource: Address
  rate: KinkedRate
  /** Whole tokens. */
  supplyCap: number
}

/** The collateral reserve (mock WETH) borrowers post. */
export type AaveCollateralInput = { symbol: string; asset: Address; decimals: number; priceSource: Address }

/** Addresses of one Aave v3.0.2 deployment. */
export type AaveDeployment = {
  label: string
  addressesProvider: Address
  pool: Address
  poolConfigurator: Address
  oracle: Address
  dataProvider: Address
  aclManager: Address
  reserves: Record<string, { asset: Address; aToken: Address; variableDebtToken: Address; strategy: Address }>
}

/** Fraction -> RAY; `String()` keeps the shortest decimal (0.0525, not 0.052499...). */
const ray = (fraction: number): bigint => parseUnits(String(fraction), 27)

/** Deploys the Aave logic libraries once per chain (stateless; shared by SparkLend and Aave). */
export async function deployAaveLibraries(client: ChainClient): Promise<Record<string, Hex>> {
  const libraries: Record<string, Hex> = {}
  for (const name of [...logicLibraries, 'ConfiguratorLogic']) {
    libraries[name] = await client.deploy(
      deployer,
      aaveArtifact(`protocol/libraries/logic/${name}.sol/${name}`),
    )
  }
  libraries.FlashLoanLogic = await client.deploy(
    deployer,
    aaveArtifact('protocol/libraries/logic/FlashLoanLogic.sol/FlashLoanLogic'),
    [],
    libraries,
  )
  return libraries
}

/** Deploys a Chainlink-like mock price feed with a fixed USD price (8 decimals). */
export function deployPriceFeed(client: ChainClient, usd: number): Promise<Address> {
  return client.deploy(deployer, aaveArtifact(paths.aggregator), [parseUnits(String(usd), 8)])
}

/**
 * Deploys a real Aave v3.0.2 market (addresses provider, ACL, Pool + Configurator proxies, oracle, data
 * provider, token implementations), lists `reserves` with their own DefaultReserveInterestRateStrategy,
 * reserve factor and supply cap, and lists `collateral` (LTV 80%, LT 82.5%, not borrowable).
 */
export async function deployAaveMarket(
  client: ChainClient,
  args: {
    label: string
    libraries: Record<string, Hex>
    reserves: AaveReserveInput[]
    collateral: AaveCollateralInput
  },
): Promise<AaveDeployment> {
  const d = deployer
  const providerArt = aaveArtifact(paths.provider)
  const provider = await client.deploy(d, providerArt, [args.label, d.address])
  await client.write(d, provider, providerArt.abi, 'setACLAdmin', [d.address])
  const aclArt = aaveArtifact(paths.acl)
  const acl = await client.deploy(d, aclArt, [provider])
  await client.write(d, provider, providerArt.abi, 'setACLManager', [acl])
  await client.write(d, acl, aclArt.abi, 'addPoolAdmin', [d.address])
  await client.write(d, acl, aclArt.abi, 'addRiskAdmin', [d.address])

  const poolImpl = await client.deploy(d, aaveArtifact(paths.pool), [provider], args.libraries)
  await client.write(d, provider, providerArt.abi, 'setPoolImpl', [poolImpl])
  const pool = await client.read<Address>(provider, providerArt.abi, 'getPool')
  const configuratorArt = aaveArtifact(paths.configurator)
  const configuratorImpl = await client.deploy(d, configuratorArt, [], args.libraries)
  await client.write(d, provider, providerArt.abi, 'setPoolConfiguratorImpl', [configuratorImpl])
  const configurator = await client.read<Address>(provider, providerArt.abi, 'getPoolConfigurator')

  const all: Array<AaveCollateralInput & { rate?: KinkedRate }> = [...args.reserves, args.collateral]
  const oracle = await client.deploy(d, aaveArtifact(paths.oracle), [
    provider,
    all.map((reserve) => reserve.asset),
    all.map((reserve) => reserve.priceSource),
    zeroAddress,
    zeroAddress,
    10n ** 8n,
  ])
  await client.write(d, provider, providerArt.abi, 'setPriceOracle', [oracle])
  const dataProvider = await client.deploy(d, aaveArtifact(paths.dataProvider), [provider])
  await client.write(d, provider, providerArt.abi, 'setPoolDataProvider', [dataProvider])

  const aTokenImpl = await client.deploy(d, aaveArtifact(paths.aToken), [pool])
  const stableImpl = await client.deploy(d, aaveArtifact(paths.stableDebt), [pool])
  const variableImpl = await client.deploy(d, aaveArtifact(paths.variableDebt), [pool])
  const strategyArt = aaveArtifact(paths.strategy)
  const strategies: Record<string, Address> = {}
  const zeroRate: KinkedRate = {
    optimalUtilization: 0.8,
    baseRate: 0,
    slope1: 0.01,
    slope2: 0.5,
    reserveFactor: 0,
  }
  for (const reserve of all) {
    const rate = reserve.rate ?? zeroRate
    strategies[reserve.symbol] = await client.deploy(d, strategyArt, [
      provider,
      ray(rate.optimalUtilization),
      ray(rate.baseRate),
      ray(rate.slope1),
      ray(rate.slope2),
      0n,
      0n,
      0n,
      0n,
      0n,
    ])
  }
  const prefix = args.label === 'sparklend' ? 'Spark' : 'Aave'
  const short = args.label === 'sparklend' ? 'sp' : 'a'
  await client.write(d, configurator, configuratorArt.abi, 'initReserves', [
    all.map((reserve) => ({
      aTokenImpl,
      stableDebtTokenImpl: stableImpl,
      variableDebtTokenImpl: variableImpl,
      underlyingAssetDecimals: reserve.decimals,
      interestRateStrategyAddress: strategies[reserve.symbol],
      underlyingAsset: reserve.asset,
      treasury: d.address,
      incentivesController: zeroAddress,
      aTokenName: `${prefix} ${reserve.symbol}`,
      aTokenSymbol: `${short}${reserve.symbol}`,
      variableDebtTokenName: `${prefix} Variable Debt ${reserve.symbol}`,
      variableDebtTokenSymbol: `variableDebt${reserve.symbol}`,
      stableDebtTokenName: `${prefix} Stable Debt ${reserve.symbol}`,
      stableDebtTokenSymbol: `stableDebt${reserve.symbol}`,
      params: '0x',
    })),
  ])
  await client.write(d, configurator, configuratorArt.abi, 'configureReserveAsCollateral', [
    args.collateral.asset,
    8000n,
    8250n,
    10500n,
  ])
  for (const reserve of args.reserves) {
    await client.write(d, configurator, configuratorArt.abi, 'setReserveBorrowing', [reserve.asset, true])
    await client.write(d, configurator, configuratorArt.abi, 'setReserveFactor', [
      reserve.asset,
      BigInt(Math.round(reserve.rate.reserveFactor * 10_000)),
    ])
    await client.write(d, configurator, configuratorArt.abi, 'setSupplyCap', [
      reserve.asset,
      BigInt(reserve.supplyCap),
    ])
  }

  const poolArt = aaveArtifact(paths.pool)
  const reserves: AaveDeployment['reserves'] = {}
  for (const reserve of all) {
    const data = await client.read<{ aTokenAddress: Address; variableDebtTokenAddress: Address }>(
      pool,
      poolArt.abi,
      'getReserveData',
      [reserve.asset],
    )
    reserves[reserve.symbol] = {
      asset: reserve.asset,
      aToken: data.aTokenAddress,
      variableDebtToken: data.variableDebtTokenAddress,
      strategy: strategies[reserve.symbol]!,
    }
  }
  return {
    label: args.label,
    addressesProvider: provider,
    pool,
    poolConfigurator: configurator,
    oracle,
    dataProvider,
    aclManager: acl,
    reserves,
  }
}
