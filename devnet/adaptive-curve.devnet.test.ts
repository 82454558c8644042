import { type Address, createWalletClient, http, type PublicClient, parseAbi } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { devnetChainIds, loadDevnetRegistry } from '../chains/devnet.js'
import { devnetAccounts } from '../chains/devnet-accounts.js'
import { chainNames } from '../chains/names.js'
import type { MorphoVaultVenue, Registry } from '../chains/types.js'
import { endpointChain } from '../chains/viem-chains.js'
import { type Devnet, startDevnet } from './anvil-cluster.js'
import { type DevnetDeployment, loadDevnetDeployment } from './deployment.js'
import { devnetClients, increaseTime, testPortBase } from './test-helpers.js'

/**
 * Reference implementation of the adaptive curve IRM in bigint (Solidity integer semantics: BigInt
 * division truncates toward zero like Solidity's signed division), used to check the on-chain contract.
 */
const WAD = 10n ** 18n
const YEAR = 365n * 24n * 3600n
const STEEPNESS = 4n * WAD
const SPEED = (50n * WAD) / YEAR
const TARGET = (9n * WAD) / 10n
const INITIAL = (4n * WAD) / 100n / YEAR
const MIN = WAD / 1000n / YEAR
const MAX = (2n * WAD) / YEAR
const LN2 = 693147180559945309n

function wExp(x: bigint): bigint {
  if (x < -41446531673892822312n) return 0n
  const bounded = x >= 93859467695000404319n ? 93859467695000404319n : x
  const q = (bounded + (bounded < 0n ? -(LN2 / 2n) : LN2 / 2n)) / LN2
  const r = bounded - q * LN2
  const expR = WAD + r + (r * r) / WAD / 2n
  return q >= 0n ? expR << q : expR >> -q
}

function newRateAtTarget(start: bigint, linear: bigint): bigint {
  const rate = (start * wExp(linear)) / WAD
  return rate < MIN ? MIN : rate > MAX ? MAX : rate
}

function curve(rate: bigint, err: bigint): bigint {
  const coeff = err < 0n ? WAD - (WAD * WAD) / STEEPNESS : STEEPNESS - WAD
  return (((coeff * err) / WAD + WAD) * rate) / WAD
}

/** Returns [average borrow rate per second, end rate at target] like the contract. */
function adaptiveCurve(start: bigint, supply: bigint, borrow: bigint, elapsed: bigint): [bigint, bigint] {
  const utilization = supply > 0n ? (borrow * WAD) / supply : 0n
  const norm = utilization > TARGET ? WAD - TARGET : TARGET
  const err = ((utilization - TARGET) * WAD) / norm
  if (start === 0n) return [curve(INITIAL, err), INITIAL]
  const linear = ((SPEED * err) / WAD) * elapsed
  if (linear === 0n) return [curve(start, err), start]
  const end = newRateAtTarget(start, linear)
  const mid = newRateAtTarget(start, linear / 2n)
  return [curve((start + end + 2n * mid) / 4n, err), end]
}

const marketTuple =
  '(uint128 totalSupplyAssets, uint128 totalSupplyShares, uint128 totalBorrowAssets, uint128 totalBorrowShares, uint128 lastUpdate, uint128 fee)'
const paramsTuple = '(address loanToken, address collateralToken, address oracle, address irm, uint256 lltv)'
const irmAbi = parseAbi([
  'function rateAtTarget(bytes32 id) view returns (int256)',
  `function borrowRateView(${paramsTuple} marketParams, ${marketTuple} market) view returns (uint256)`,
])
const morphoAbi = parseAbi([
  `function market(bytes32 id) view returns ${marketTuple}`,
  `function accrueInterest(${paramsTuple} marketParams)`,
])

let devnet: Devnet
let registry: Registry
let deployment: DevnetDeployment
let client: PublicClient

beforeAll(async () => {
  registry = loadDevnetRegistry()
  deployment = loadDevnetDeployment()
  devnet = await startDevnet({ portBase: testPortBase() + 300, quiet: true })
  const multicall3 = Object.fromEntries(chainNames.map((chain) => [chain, registry[chain].multicall3]))
  client = devnetClients(devnet.rpcUrls, multicall3 as never).unichain
})

afterAll(async () => {
  await devnet?.stop()
})

test('behavior: AdaptiveCurveIrm matches the reference formula before and after rateAtTarget adapts', async () => {
  const venue = registry.unichain.venues.find((v) => v.id === 'unichain/morpho/usdc') as MorphoVaultVenue
  const stored = deployment.chains.unichain.morpho!.vaults['unichain/morpho/usdc']!.params
  const params = { ...stored, lltv: BigInt(stored.lltv) }
  const readMarket = async () => {
    const [totalSupplyAssets, totalSupplyShares, totalBorrowAssets, totalBorrowShares, lastUpdate, fee] =
      await client.readContract({
        address: venue.morpho,
        abi: morphoAbi,
        functionName: 'market',
        args: [venue.marketId],
      })
    return { totalSupplyAssets, totalSupplyShares, totalBorrowAssets, totalBorrowShares, lastUpdate, fee }
  }
  const rateAtTarget = () =>
    client.readContract({
      address: venue.irm,
      abi: irmAbi,
      functionName: 'rateAtTarget',
      args: [venue.marketId],
    })

  await increaseTime(client, 30 * 24 * 3600)
  const market = await readMarket()
  const start = await rateAtTarget()
  const block = await client.getBlock()
  const view = await client.readContract({
    address: venue.irm,
    abi: irmAbi,
    functionName: 'borrowRateView',
    args: [params, market],
  })
  const [expectedAvg] = adaptiveCurve(
    start,
    market.totalSupplyAssets,
    market.totalBorrowAssets,
    block.timestamp - market.lastUpdate,
  )
  expect(view).toBe(expectedAvg)

  // Morpho's accrual stores the adapted rate at target.
  const wallet = createWalletClient({
    chain: endpointChain({
      name: 'devnet-unichain',
      chainId: devnetChainIds.unichain,
      rpcUrl: devnet.rpcUrls.unichain,
    }),
    transport: http(devnet.rpcUrls.unichain),
    account: privateKeyToAccount(devnetAccounts.operator.privateKey),
  })
  const hash = await wallet.writeContract({
    address: venue.morpho,
    abi: morphoAbi,
    functionName: 'accrueInterest',
    args: [params],
  })
  const receipt = await client.waitForTransactionReceipt({ hash })
  const minedAt = (await client.getBlock({ blockNumber: receipt.blockNumber })).timestamp
  const [, expectedEnd] = adaptiveCurve(
    start,
    market.totalSupplyAssets,
    market.totalBorrowAssets,
    minedAt - market.lastUpdate,
  )
  const end = await rateAtTarget()
  expect(end).toBe(expectedEnd)
  // Utilization is below the 90% target, so the rate at target went down.
  expect(end).toBeLessThan(start)
})

test('behavior: the Ethereum OFT adapters lock exactly the remote OFT supply', async () => {
  if (deployment.bridgeMode !== 'layerzero') return
  const clients = devnetClients(
    devnet.rpcUrls,
    Object.fromEntries(chainNames.map((chain) => [chain, registry[chain].multicall3])) as never,
  )
  const erc20 = parseAbi([
    'function totalSupply() view returns (uint256)',
    'function balanceOf(address) view returns (uint256)',
  ])
  for (const asset of ['USDS', 'USDC', 'sUSDS'] as const) {
    let remote = 0n
    for (const chain of chainNames.filter((name) => name !== 'ethereum')) {
      remote += await clients[chain].readContract({
        address: registry[chain].tokens[asset],
        abi: erc20,
        functionName: 'totalSupply',
      })
    }
    const adapter = registry.ethereum.layerZero.ofts[asset]!.address as Address
    const locked = await clients.ethereum.readContract({
      address: registry.ethereum.tokens[asset],
      abi: erc20,
      functionName: 'balanceOf',
      args: [adapter],
    })
    expect(locked, asset).toBe(remote)
  }
})
