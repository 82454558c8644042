import {
  type Address,
  createWalletClient,
  erc20Abi,
  erc4626Abi,
  http,
  maxUint256,
  type PublicClient,
  parseAbi,
  parseUnits,
} from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { beforeAll, expect, test } from 'vitest'
import { devnetChainIds } from '../chains/devnet.js'
import { type DevnetAccount, devnetAccounts } from '../chains/devnet-accounts.js'
import { type ChainName, chainNames } from '../chains/names.js'
import type { AaveVenue, MorphoVaultVenue, Registry, SavingsVenue } from '../chains/types.js'
import { endpointChain } from '../chains/viem-chains.js'
import type { Devnet } from './anvil-cluster.js'
import { type DevnetDeployment, loadDevnetDeployment } from './deployment.js'
import { bootDevnetPerFile } from './devnet-test-boot.js'
import { increaseTime, lendProxyIdle, testPortBase } from './test-helpers.js'

const RAY = 10n ** 27n
const WAD = 10n ** 18n
const year = 365 * 24 * 3600
const poolAbi = parseAbi([
  'struct ReserveConfigurationMap { uint256 data; }',
  'struct ReserveData { ReserveConfigurationMap configuration; uint128 liquidityIndex; uint128 currentLiquidityRate; uint128 variableBorrowIndex; uint128 currentVariableBorrowRate; uint128 currentStableBorrowRate; uint40 lastUpdateTimestamp; uint16 id; address aTokenAddress; address stableDebtTokenAddress; address variableDebtTokenAddress; address interestRateStrategyAddress; uint128 accruedToTreasury; uint128 unbacked; uint128 isolationModeTotalDebt; }',
  'function getReserveData(address asset) view returns (ReserveData)',
  'function supply(address asset, uint256 amount, address onBehalfOf, uint16 referralCode)',
  'function borrow(address asset, uint256 amount, uint256 interestRateMode, uint16 referralCode, address onBehalfOf)',
  'function withdraw(address asset, uint256 amount, address to) returns (uint256)',
])
const strategyAbi = parseAbi([
  'function OPTIMAL_USAGE_RATIO() view returns (uint256)',
  'function getBaseVariableBorrowRate() view returns (uint256)',
  'function getVariableRateSlope1() view returns (uint256)',
  'function getVariableRateSlope2() view returns (uint256)',
])
const dataProviderAbi = parseAbi([
  'function getReserveConfigurationData(address asset) view returns (uint256 decimals, uint256 ltv, uint256 liquidationThreshold, uint256 liquidationBonus, uint256 reserveFactor, bool usageAsCollateralEnabled, bool borrowingEnabled, bool stableBorrowRateEnabled, bool isActive, bool isFrozen)',
  'function getReserveCaps(address asset) view returns (uint256 borrowCap, uint256 supplyCap)',
])
const morphoAbi = parseAbi([
  'function market(bytes32 id) view returns (uint128 totalSupplyAssets, uint128 totalSupplyShares, uint128 totalBorrowAssets, uint128 totalBorrowShares, uint128 lastUpdate, uint128 fee)',
])
const irmAbi = parseAbi(['function rateAtTarget(bytes32 id) view returns (int256)'])
const psmAbi = parseAbi(['function sellGem(address usr, uint256 gemAmt) returns (uint256)'])

let devnet: Devnet
let registry: Registry
let deployment: DevnetDeployment
let clients: Record<ChainName, PublicClient>

const boot = bootDevnetPerFile(testPortBase())
beforeAll(async () => {
  ;({ devnet, registry, clients } = boot)
  deployment = loadDevnetDeployment()
  // The money is the ALMProxies'; the operator pokes venues directly here, with idle lent from them.
  await lendProxyIdle(devnet.rpcUrls, registry, devnetAccounts.operator.address)
})

function venue<T extends AaveVenue | MorphoVaultVenue | SavingsVenue>(chain: ChainName, id: string): T {
  const found = registry[chain].venues.find((v) => v.id === id)
  if (!found) throw new Error(`venue ${id} missing`)
  return found as T
}

async function send(
  chain: ChainName,
  from: DevnetAccount,
  to: Address,
  abi: readonly unknown[],
  fn: string,
  args: unknown[],
) {
  const wallet = createWalletClient({
    chain: endpointChain({
      name: `devnet-${chain}`,
      chainId: devnetChainIds[chain],
      rpcUrl: devnet.rpcUrls[chain],
    }),
    transport: http(devnet.rpcUrls[chain]),
    account: privateKeyToAccount(from.privateKey),
  })
  const hash = await wallet.writeContract({
    address: to,
    abi: abi as never,
    functionName: fn as never,
    args: args as never,
  })
  const receipt = await clients[chain].waitForTransactionReceipt({ hash })
  expect(receipt.status).toBe('success')
}

/** Aave v3.0.2 DefaultReserveInterestRateStrategy (no stable debt, no unbacked), in RAY. */
function expectedLiquidityRate(
  available: bigint,
  debt: bigint,
  p: { optimal: bigint; base: bigint; slope1: bigint; slope2: bigint; reserveFactorBps: bigint },
): bigint {
  if (debt === 0n) return 0n
  const rayDiv = (a: bigint, b: bigint) => (a * RAY + b / 2n) / b
  const rayMul = (a: bigint, b: bigint) => (a * b + RAY / 2n) / RAY
  const usage = rayDiv(debt, available + debt)
  let borrowRate = p.base
  if (usage > p.optimal) {
    borrowRate += p.slope1 + rayMul(p.slope2, rayDiv(usage - p.optimal, RAY - p.optimal))
  } else {
    borrowRate += rayDiv(rayMul(p.slope1, usage), p.optimal)
  }
  const gross = rayMul(borrowRate, usage)
  return (gross * (10_000n - p.reserveFactorBps) + 5_000n) / 10_000n
}

test('behavior: boots six chains from state in under 10 s', () => {
  console.log(`devnet boot: ${devnet.bootMs} ms`)
  expect(devnet.bootMs).toBeLessThan(10_000)
  expect(new Set(Object.values(devnet.pids)).size).toBe(6)
})

test('behavior: every chain has its real chain id', async () => {
  for (const chain of chainNames) {
    expect(await clients[chain].getChainId()).toBe(devnetChainIds[chain])
  }
})

test('behavior: every registry address has code', async () => {
  for (const chain of chainNames) {
    const entry = registry[chain]
    const addresses: Address[] = [...Object.values(entry.tokens), entry.multicall3]
    if (deployment.bridgeMode === 'layerzero') addresses.push(entry.layerZero.endpoint)
    if (entry.psm) addresses.push(entry.psm)
    for (const oft of Object.values(entry.layerZero.ofts)) addresses.push(oft.address)
    for (const v of entry.venues) {
      addresses.push(v.underlying)
      if (v.protocol === 'savings') addresses.push(v.vault)
      else if (v.protocol === 'morpho') addresses.push(v.vault, v.morpho, v.irm)
      else addresses.push(v.pool, v.dataProvider, v.aToken)
    }
    for (const address of addresses) {
      const code = await clients[chain].getCode({ address })
      expect(code && code.length > 2, `${chain} ${address}`).toBe(true)
    }
  }
})

test('behavior: registry lists the 17 spec markets', () => {
  const ids = chainNames.flatMap((chain) => registry[chain].venues.map((v) => v.id))
  expect(ids).toHaveLength(17)
  expect(ids).toContain('ethereum/sparklend/USDS')
  expect(ids).toContain('unichain/morpho/usdc')
  expect(ids).toContain('avalanche/savings/sUSDS')
})

test('behavior: viem multicall works through the registry multicall3', async () => {
  const chain = 'base'
  const { USDC } = registry[chain].tokens
  const [decimals, supply] = await clients[chain].multicall({
    contracts: [
      { address: USDC, abi: erc20Abi, functionName: 'decimals' },
      { address: USDC, abi: erc20Abi, functionName: 'totalSupply' },
    ],
    allowFailure: false,
  })
  expect(decimals).toBe(6)
  expect(supply).toBeGreaterThan(0n)
})

test('behavior: Aave liquidityRate matches the kinked-rate formula on every Aave venue', async () => {
  for (const chain of chainNames) {
    for (const v of registry[chain].venues) {
      if (v.protocol !== 'aave' && v.protocol !== 'sparklend') continue
      const client = clients[chain]
      // A fresh action makes the stored rate reflect the current totals (no pending interest).
      await send(chain, devnetAccounts.operator, v.underlying, erc20Abi, 'approve', [v.pool, maxUint256])
      await send(chain, devnetAccounts.operator, v.pool, poolAbi, 'supply', [
        v.underlying,
        1n,
        devnetAccounts.operator.address,
        0,
      ])
      const data = await client.readContract({
        address: v.pool,
        abi: poolAbi,
        functionName: 'getReserveData',
        args: [v.underlying],
      })
      const available = await client.readContract({
        address: v.underlying,
        abi: erc20Abi,
        functionName: 'balanceOf',
        args: [v.aToken],
      })
      const debt = await client.readContract({
        address: data.variableDebtTokenAddress,
        abi: erc20Abi,
        functionName: 'totalSupply',
      })
      const strategy = data.interestRateStrategyAddress
      const read = (
        fn:
          | 'OPTIMAL_USAGE_RATIO'
          | 'getBaseVariableBorrowRate'
          | 'getVariableRateSlope1'
          | 'getVariableRateSlope2',
      ) => client.readContract({ address: strategy, abi: strategyAbi, functionName: fn })
      const config = await client.readContract({
        address: v.dataProvider,
        abi: dataProviderAbi,
        functionName: 'getReserveConfigurationData',
        args: [v.underlying],
      })
      const expected = expectedLiquidityRate(available, debt, {
        optimal: await read('OPTIMAL_USAGE_RATIO'),
        base: await read('getBaseVariableBorrowRate'),
        slope1: await read('getVariableRateSlope1'),
        slope2: await read('getVariableRateSlope2'),
        reserveFactorBps: config[4],
      })
      const actual = data.currentLiquidityRate
      const diff = actual > expected ? actual - expected : expected - actual
      expect(diff, `${v.id}: ${actual} vs ${expected}`).toBeLessThanOrEqual(expected / 1_000_000n + 10n)
      // Realistic: utilization 70-95%, supply APR between 1% and 20%.
      expect(actual > RAY / 100n && actual < RAY / 5n, `${v.id} rate ${actual}`).toBe(true)
    }
  }
})

test('behavior: SparkLend USDS has the snapshot parameters and a supply cap', async () => {
  const v = venue<AaveVenue>('ethereum', 'ethereum/sparklend/USDS')
  const client = clients.ethereum
  const data = await client.readContract({
    address: v.pool,
    abi: poolAbi,
    functionName: 'getReserveData',
    args: [v.underlying],
  })
  const slope1 = await client.readContract({
    address: data.interestRateStrategyAddress,
    abi: strategyAbi,
    functionName: 'getVariableRateSlope1',
  })
  expect(slope1).toBe((525n * RAY) / 10_000n)
  const caps = await client.readContract({
    address: v.dataProvider,
    abi: dataProviderAbi,
    functionName: 'getReserveCaps',
    args: [v.underlying],
  })
  expect(caps[1]).toBe(4_000_000n)
  // The SLL's position is the ALMProxy's (the build moved it there from the operator).
  const operatorPosition = await client.readContract({
    address: v.aToken,
    abi: erc20Abi,
    functionName: 'balanceOf',
    args: [registry.ethereum.almProxy!],
  })
  expect(operatorPosition).toBeGreaterThanOrEqual(parseUnits('600000', 18))
})

test('behavior: supply and borrow move known amounts', async () => {
  const chain = 'base'
  const v = venue<AaveVenue>(chain, 'base/aave/USDC')
  const { operator, borrower1 } = devnetAccounts
  const client = clients[chain]
  const balance = (token: Address, who: Address) =>
    client.readContract({ address: token, abi: erc20Abi, functionName: 'balanceOf', args: [who] })
  const idleBefore = await balance(v.underlying, operator.address)
  const aBefore = await balance(v.aToken, operator.address)
  await send(chain, operator, v.underlying, erc20Abi, 'approve', [v.pool, maxUint256])
  await send(chain, operator, v.pool, poolAbi, 'supply', [v.underlying, 1_000_000_000n, operator.address, 0])
  expect(await balance(v.underlying, operator.address)).toBe(idleBefore - 1_000_000_000n)
  const aAfter = await balance(v.aToken, operator.address)
  expect(aAfter - aBefore).toBeGreaterThanOrEqual(999_999_999n)
  expect(aAfter - aBefore).toBeLessThanOrEqual(1_000_000_100n)
  // borrower1 has no position on base: post WETH collateral and borrow 500 USDC.
  const weth = deployment.chains[chain].weth
  await send(chain, devnetAccounts.deployer, weth, parseAbi(['function mint(address,uint256)']), 'mint', [
    borrower1.address,
    WAD,
  ])
  await send(chain, borrower1, weth, erc20Abi, 'approve', [v.pool, maxUint256])
  await send(chain, borrower1, v.pool, poolAbi, 'supply', [weth, WAD, borrower1.address, 0])
  await send(chain, borrower1, v.pool, poolAbi, 'borrow', [
    v.underlying,
    500_000_000n,
    2n,
    0,
    borrower1.address,
  ])
  expect(await balance(v.underlying, borrower1.address)).toBe(500_000_000n)
})

test('behavior: interest accrues after evm_increaseTime (aToken, savings vault, Morpho vault)', async () => {
  const aave = venue<AaveVenue>('ethereum', 'ethereum/aave/USDC')
  const savings = venue<SavingsVenue>('optimism', 'optimism/savings/sUSDS')
  const morpho = venue<MorphoVaultVenue>('base', 'base/morpho/spark-usdc')
  const aBalance = () =>
    clients.ethereum.readContract({
      address: aave.aToken,
      abi: erc20Abi,
      functionName: 'balanceOf',
      args: [registry.ethereum.almProxy!],
    })
  const vaultValue = async (chain: ChainName, vault: Address) => {
    const shares = await clients[chain].readContract({
      address: vault,
      abi: erc4626Abi,
      functionName: 'balanceOf',
      args: [registry[chain].almProxy!],
    })
    return clients[chain].readContract({
      address: vault,
      abi: erc4626Abi,
      functionName: 'convertToAssets',
      args: [shares],
    })
  }
  const before = [
    await aBalance(),
    await vaultValue('optimism', savings.vault),
    await vaultValue('base', morpho.vault),
  ] as const
  for (const chain of ['ethereum', 'optimism', 'base'] as const) await increaseTime(clients[chain], year / 12)
  const after = [
    await aBalance(),
    await vaultValue('optimism', savings.vault),
    await vaultValue('base', morpho.vault),
  ] as const
  const monthlyGrowth = after.map((value, i) => Number(value - before[i]!) / Number(before[i]!))
  console.log(
    'one-month growth (aave, savings, morpho):',
    monthlyGrowth.map((g) => `${(g * 100).toFixed(3)}%`).join(' '),
  )
  // Aave USDC ~87% util on 6.5% slope: a few percent a year; savings 4.5% APY; Morpho ~4% at ~88% util.
  for (const growth of monthlyGrowth) {
    expect(growth).toBeGreaterThan(0.001)
    expect(growth).toBeLessThan(0.02)
  }
  expect(monthlyGrowth[1]).toBeCloseTo(1.045 ** (1 / 12) - 1, 4)
  // The savings vault holds the USDS it owes.
  const owed = await clients.optimism.readContract({
    address: savings.vault,
    abi: erc4626Abi,
    functionName: 'totalAssets',
  })
  const held = await clients.optimism.readContract({
    address: savings.underlying,
    abi: erc20Abi,
    functionName: 'balanceOf',
    args: [savings.vault],
  })
  expect(held).toBeGreaterThan(owed)
})

test('behavior: Morpho IRM exposes rateAtTarget and the curve gives the borrow rate', async () => {
  const v = venue<MorphoVaultVenue>('unichain', 'unichain/morpho/usdc')
  const client = clients.unichain
  const rateAtTarget = await client.readContract({
    address: v.irm,
    abi: irmAbi,
    functionName: 'rateAtTarget',
    args: [v.marketId],
  })
  const apr = (Number(rateAtTarget) * year) / 1e18
  expect(apr).toBeGreaterThan(0.03)
  expect(apr).toBeLessThan(0.05)
  const [supplyAssets, , borrowAssets] = await client.readContract({
    address: v.morpho,
    abi: morphoAbi,
    functionName: 'market',
    args: [v.marketId],
  })
  const utilization = Number(borrowAssets) / Number(supplyAssets)
  expect(utilization).toBeGreaterThan(0.8)
  expect(utilization).toBeLessThan(0.95)
})

test('behavior: PSM swaps USDC to USDS 1:1 with decimal scaling', async () => {
  const chain = 'ethereum'
  const { psm, tokens } = registry[chain]
  const { operator } = devnetAccounts
  const usdsBefore = await clients[chain].readContract({
    address: tokens.USDS,
    abi: erc20Abi,
    functionName: 'balanceOf',
    args: [operator.address],
  })
  await send(chain, operator, tokens.USDC, erc20Abi, 'approve', [psm!, maxUint256])
  await send(chain, operator, psm!, psmAbi, 'sellGem', [operator.address, 1_000_000n])
  const usdsAfter = await clients[chain].readContract({
    address: tokens.USDS,
    abi: erc20Abi,
    functionName: 'balanceOf',
    args: [operator.address],
  })
  expect(usdsAfter - usdsBefore).toBe(WAD)
})

test('behavior: the operator has native gas and idle stablecoins', async () => {
  for (const chain of chainNames) {
    expect(await clients[chain].getBalance({ address: devnetAccounts.operator.address })).toBeGreaterThan(WAD)
  }
  const idle = await clients.ethereum.readContract({
    address: registry.ethereum.tokens.USDS,
    abi: erc20Abi,
    functionName: 'balanceOf',
    args: [devnetAccounts.operator.address],
  })
  expect(idle).toBeGreaterThanOrEqual(parseUnits('50000', 18))
})

test('behavior: Morpho vault withdrawals are limited by the market cash', async () => {
  const chain = 'unichain'
  const v = venue<MorphoVaultVenue>(chain, 'unichain/morpho/usdc')
  const client = clients[chain]
  const vaultAbi = parseAbi([
    'function availableLiquidity() view returns (uint256)',
    'function maxWithdraw(address owner) view returns (uint256)',
    'function withdraw(uint256 assets, address receiver, address owner) returns (uint256)',
  ])
  const { supplier3 } = devnetAccounts
  const liquidity = await client.readContract({
    address: v.vault,
    abi: vaultAbi,
    functionName: 'availableLiquidity',
  })
  const [supplyAssets, , borrowAssets] = await client.readContract({
    address: v.morpho,
    abi: morphoAbi,
    functionName: 'market',
    args: [v.marketId],
  })
  expect(liquidity).toBeGreaterThanOrEqual(supplyAssets - borrowAssets)
  // supplier3 owns ~65k of a market with ~9k cash: it can take out the cash, not more.
  const max = await client.readContract({
    address: v.vault,
    abi: vaultAbi,
    functionName: 'maxWithdraw',
    args: [supplier3.address],
  })
  expect(max).toBe(liquidity)
  await expect(
    send(chain, supplier3, v.vault, vaultAbi, 'withdraw', [
      max + 1_000_000n,
      supplier3.address,
      supplier3.address,
    ]),
  ).rejects.toThrow()
  await send(chain, supplier3, v.vault, vaultAbi, 'withdraw', [
    max / 2n,
    supplier3.address,
    supplier3.address,
  ])
  const usdc = await client.readContract({
    address: v.underlying,
    abi: erc20Abi,
    functionName: 'balanceOf',
    args: [supplier3.address],
  })
  expect(usdc).toBe(max / 2n)
})

test('behavior: only the owner sets the savings rate, and the new rate applies from then on', async () => {
  const chain = 'arbitrum'
  const v = venue<SavingsVenue>(chain, 'arbitrum/savings/sUSDS')
  const client = clients[chain]
  const savingsAbi = parseAbi(['function setSsr(uint256 ssr)', 'function chi() view returns (uint256)'])
  await expect(send(chain, devnetAccounts.operator, v.vault, savingsAbi, 'setSsr', [RAY])).rejects.toThrow()
  await send(chain, devnetAccounts.deployer, v.vault, savingsAbi, 'setSsr', [RAY])
  const chi = await client.readContract({ address: v.vault, abi: savingsAbi, functionName: 'chi' })
  await increaseTime(client, year)
  expect(await client.readContract({ address: v.vault, abi: savingsAbi, functionName: 'chi' })).toBe(chi)
})
