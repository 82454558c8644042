/**
 * The market readers against the real devnet (six anvils from the committed state): snapshot shape and
 * seeded numbers, known supply/borrow moves, the model APR against the pools' own rates, interest accrual,
 * one request per chain, and the named errors on real nodes.
 */
import {
  type Abi,
  type Address,
  createPublicClient,
  createWalletClient,
  erc20Abi,
  http,
  maxUint256,
  type PublicClient,
  parseAbi,
} from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { devnetChainIds, loadDevnetRegistry } from '../../chains/devnet.js'
import { type DevnetAccount, devnetAccounts } from '../../chains/devnet-accounts.js'
import { type ChainName, chainNames } from '../../chains/names.js'
import type { AaveVenue, MorphoVaultVenue, Registry } from '../../chains/types.js'
import { endpointChain } from '../../chains/viem-chains.js'
import { main } from '../../cli/main.js'
import { type Devnet, startDevnet } from '../../devnet/anvil-cluster.js'
import { loadDevnetDeployment } from '../../devnet/deployment.js'
import { increaseTime, lendProxyIdle, testPortBase } from '../../devnet/test-helpers.js'
import { snapshotSchema } from '../../policies/snapshot.js'
import { WrongChainError } from '../clients.js'
import { toChainMarkets } from './convert.js'
import { VenueReadError } from './errors.js'
import { readLiveMarkets, readLiveSnapshot } from './live-snapshot.js'
import { borrowRate, supplyRate, utilization } from './rates.js'
import { readChainRaw } from './read-chain.js'
import { rayToFraction, SECONDS_PER_YEAR, WAD } from './units.js'

const poolAbi = parseAbi([
  'function supply(address asset, uint256 amount, address onBehalfOf, uint16 referralCode)',
  'function borrow(address asset, uint256 amount, uint256 interestRateMode, uint16 referralCode, address onBehalfOf)',
])
const morphoAbi = parseAbi([
  'struct MarketParams { address loanToken; address collateralToken; address oracle; address irm; uint256 lltv; }',
  'function accrueInterest(MarketParams marketParams)',
  'function idToMarketParams(bytes32 id) view returns (address loanToken, address collateralToken, address oracle, address irm, uint256 lltv)',
  'function market(bytes32 id) view returns (uint128 totalSupplyAssets, uint128 totalSupplyShares, uint128 totalBorrowAssets, uint128 totalBorrowShares, uint128 lastUpdate, uint128 fee)',
])
const irmAbi = parseAbi([
  'struct MarketParams { address loanToken; address collateralToken; address oracle; address irm; uint256 lltv; }',
  'struct Market { uint128 totalSupplyAssets; uint128 totalSupplyShares; uint128 totalBorrowAssets; uint128 totalBorrowShares; uint128 lastUpdate; uint128 fee; }',
  'function borrowRateView(MarketParams marketParams, Market market) view returns (uint256)',
])

let devnet: Devnet
let registry: Registry
let clients: Record<ChainName, PublicClient>
let snapshots: Partial<Record<ChainName, string>> = {}
const operator = devnetAccounts.operator

beforeAll(async () => {
  registry = loadDevnetRegistry()
  devnet = await startDevnet({ portBase: testPortBase(), quiet: true })
  // The money is the ALMProxies'; the operator pokes venues directly here, with idle lent from them.
  await lendProxyIdle(devnet.rpcUrls, registry, devnetAccounts.operator.address)
  clients = Object.fromEntries(
    chainNames.map((chain) => [
      chain,
      createPublicClient({
        chain: endpointChain({
          name: `devnet-${chain}`,
          chainId: devnetChainIds[chain],
          rpcUrl: devnet.rpcUrls[chain],
        }),
        transport: http(devnet.rpcUrls[chain]),
        pollingInterval: 50,
      }),
    ]),
  ) as Record<ChainName, PublicClient>
})

afterAll(async () => {
  await devnet?.stop()
})

beforeEach(async () => {
  snapshots = {}
  for (const chain of chainNames)
    snapshots[chain] = (await clients[chain].request({ method: 'evm_snapshot' as never })) as string
})

afterEach(async () => {
  for (const chain of chainNames)
    await clients[chain].request({ method: 'evm_revert' as never, params: [snapshots[chain]] as never })
})

/** The live read, of the ALMProxies (default) or of `operator`. */
const live = (operator?: Address) =>
  readLiveMarkets({ network: 'devnet', registry, rpcUrls: devnet.rpcUrls, ...(operator ? { operator } : {}) })

async function send(
  chain: ChainName,
  from: DevnetAccount,
  to: Address,
  abi: Abi,
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
  const hash = await wallet.writeContract({ address: to, abi, functionName: fn, args } as never)
  const receipt = await clients[chain].waitForTransactionReceipt({ hash })
  expect(receipt.status).toBe('success')
}

function venue<T extends AaveVenue | MorphoVaultVenue>(chain: ChainName, id: string): T {
  const found = registry[chain].venues.find((v) => v.id === id)
  if (!found) throw new Error(`venue ${id} missing from the devnet registry`)
  return found as T
}

function market(snapshot: { markets: { id: string }[] }, id: string) {
  const found = snapshot.markets.find((m) => m.id === id)
  if (!found) throw new Error(`market ${id} missing from the snapshot`)
  return found as ReturnType<typeof snapshotSchema.parse>['markets'][number]
}

describe('live snapshot on the devnet', () => {
  test('default', async () => {
    const snapshot = await readLiveSnapshot({ network: 'devnet', registry, rpcUrls: devnet.rpcUrls })
    expect(snapshotSchema.parse(snapshot)).toEqual(snapshot)
    expect(snapshot.markets).toHaveLength(17)
    expect(snapshot.idle.map((i) => i.chain)).toEqual([...chainNames])
    const spark = market(snapshot, 'ethereum/sparklend/USDS')
    // Seeded like the spec example: 2.4M supply, 1.95M borrowed, our 600k, cap 4M, slope1 5.25%.
    expect(Number(spark.totalSupply)).toBeCloseTo(2_400_000, -1)
    expect(Number(spark.totalBorrow)).toBeCloseTo(1_950_000, -1)
    expect(Number(spark.position)).toBeGreaterThanOrEqual(600_000)
    expect(spark.rateModel).toMatchObject({ kind: 'kinked', slope1: 0.0525 })
    expect(spark.supplyCap).not.toBeNull()
    expect(market(snapshot, 'unichain/morpho/usdc').rateModel.kind).toBe('adaptive-curve')
    expect(market(snapshot, 'avalanche/savings/sUSDS').rateModel.kind).toBe('fixed')
  })

  test('behavior: one JSON-RPC request per chain in steady state', async () => {
    await live()
    const { perChain } = await live()
    expect(perChain.map((c) => c.requests)).toEqual([1, 1, 1, 1, 1, 1])
  })

  test('behavior: a known supply and borrow show up in position, totals, idle and utilization', async () => {
    const chain = 'base'
    const v = venue<AaveVenue>(chain, 'base/aave/USDC')
    const before = (await live(operator.address)).snapshot
    await send(chain, operator, v.underlying, erc20Abi, 'approve', [v.pool, maxUint256])
    await send(chain, operator, v.pool, poolAbi, 'supply', [
      v.underlying,
      1_000_000_000n,
      operator.address,
      0,
    ])
    const borrower = devnetAccounts.borrower3
    const { weth } = loadDevnetDeployment().chains[chain]
    await send(chain, devnetAccounts.deployer, weth, parseAbi(['function mint(address,uint256)']), 'mint', [
      borrower.address,
      WAD,
    ])
    await send(chain, borrower, weth, erc20Abi, 'approve', [v.pool, maxUint256])
    await send(chain, borrower, v.pool, poolAbi, 'supply', [weth, WAD, borrower.address, 0])
    await send(chain, borrower, v.pool, poolAbi, 'borrow', [
      v.underlying,
      500_000_000n,
      2n,
      0,
      borrower.address,
    ])
    const after = (await live(operator.address)).snapshot

    const [m0, m1] = [market(before, v.id), market(after, v.id)]
    // Interest of the few blocks in between is far below 0.5 USD.
    expect(Number(m1.position) - Number(m0.position)).toBeCloseTo(1000, 0)
    expect(Number(m1.totalSupply) - Number(m0.totalSupply)).toBeCloseTo(1000, 0)
    expect(Number(m1.totalBorrow) - Number(m0.totalBorrow)).toBeCloseTo(500, 0)
    const idle = (s: typeof before) => Number(s.idle.find((i) => i.chain === chain)?.amount)
    expect(idle(before) - idle(after)).toBeCloseTo(1000, 6)
  })

  test("behavior: the reader's supply APR equals every Aave pool's currentLiquidityRate (1e-9)", async () => {
    for (const chain of chainNames) {
      const venues = registry[chain].venues.filter(
        (v): v is AaveVenue => v.protocol !== 'morpho' && v.protocol !== 'savings',
      )
      for (const v of venues) {
        // A fresh action stores rates for the current totals (no pending interest).
        await send(chain, operator, v.underlying, erc20Abi, 'approve', [v.pool, maxUint256])
        await send(chain, operator, v.pool, poolAbi, 'supply', [v.underlying, 1n, operator.address, 0])
      }
      if (venues.length === 0) continue
      const raw = await readChainRaw({
        chain,
        rpcUrl: devnet.rpcUrls[chain],
        deployment: registry[chain],
        operator: operator.address,
      })
      const converted = toChainMarkets(raw).markets
      raw.markets.forEach((r, i) => {
        if (r.kind !== 'aave') return
        const m = converted[i]!
        const model = supplyRate(m.rateModel, utilization(Number(m.totalSupply), Number(m.totalBorrow)))
        const pool = rayToFraction(r.currentLiquidityRate)
        expect(pool, `${m.id} pool rate`).toBeGreaterThan(0.005)
        expect(Math.abs(model - pool), `${m.id}: model ${model} vs pool ${pool}`).toBeLessThan(1e-9)
      })
    }
  })

  test("behavior: the reader's Morpho borrow and supply rates equal the IRM's (1e-9)", async () => {
    for (const chain of chainNames) {
      for (const v of registry[chain].venues) {
        if (v.protocol !== 'morpho') continue
        const client = clients[chain]
        const p = await client.readContract({
          address: v.morpho,
          abi: morphoAbi,
          functionName: 'idToMarketParams',
          args: [v.marketId],
        })
        const params = { loanToken: p[0], collateralToken: p[1], oracle: p[2], irm: p[3], lltv: p[4] }
        // Accrue now: rateAtTarget is stored for this block, so the IRM's view rate has no adaptation pending.
        await send(chain, operator, v.morpho, morphoAbi, 'accrueInterest', [params])
        const raw = await readChainRaw({
          chain,
          rpcUrl: devnet.rpcUrls[chain],
          deployment: registry[chain],
          operator: operator.address,
        })
        const index = raw.markets.findIndex((r) => r.venue.id === v.id)
        const m = toChainMarkets(raw).markets[index]!
        const s = await client.readContract({
          address: v.morpho,
          abi: morphoAbi,
          functionName: 'market',
          args: [v.marketId],
        })
        const perSecond = await client.readContract({
          address: v.irm,
          abi: irmAbi,
          functionName: 'borrowRateView',
          args: [
            params,
            {
              totalSupplyAssets: s[0],
              totalSupplyShares: s[1],
              totalBorrowAssets: s[2],
              totalBorrowShares: s[3],
              lastUpdate: s[4],
              fee: s[5],
            },
          ],
        })
        const irmAnnual = Number(perSecond * SECONDS_PER_YEAR) / 1e18
        const u = utilization(Number(m.totalSupply), Number(m.totalBorrow))
        expect(irmAnnual, v.id).toBeGreaterThan(0.005)
        expect(Math.abs(borrowRate(m.rateModel, u) - irmAnnual), `${v.id} borrow`).toBeLessThan(1e-9)
        const fee = Number(s[5]) / 1e18
        expect(
          Math.abs(supplyRate(m.rateModel, u) - irmAnnual * u * (1 - fee)),
          `${v.id} supply`,
        ).toBeLessThan(1e-9)
      }
    }
  })

  test('behavior: interest accrues after evm_increaseTime (Aave, Morpho vault, savings)', async () => {
    const before = (await live()).snapshot
    for (const chain of chainNames) await increaseTime(clients[chain], 30 * 24 * 3600)
    const after = (await live()).snapshot
    for (const id of [
      'ethereum/sparklend/USDS',
      'ethereum/aave/USDC',
      'base/morpho/spark-usdc',
      'optimism/savings/sUSDS',
    ]) {
      const [p0, p1] = [Number(market(before, id).position), Number(market(after, id).position)]
      const growth = (p1 - p0) / p0
      expect(growth, id).toBeGreaterThan(0.001)
      expect(growth, id).toBeLessThan(0.02)
    }
    // Aave debt grows with time, so does cash + debt.
    expect(Number(market(after, 'ethereum/aave/USDC').totalBorrow)).toBeGreaterThan(
      Number(market(before, 'ethereum/aave/USDC').totalBorrow),
    )
  })

  test('error: an RPC URL of another chain -> WrongChainError', async () => {
    const error = await readLiveSnapshot({
      network: 'devnet',
      registry,
      rpcUrls: { ...devnet.rpcUrls, ethereum: devnet.rpcUrls.base },
    }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(WrongChainError)
    expect(error).toMatchObject({ chain: 'ethereum', expectedChainId: 1, actualChainId: 8453 })
  })

  test('error: a venue whose contract does not answer -> VenueReadError naming it', async () => {
    const broken = structuredClone(registry)
    const v = broken.optimism.venues.find((x) => x.protocol === 'aave') as AaveVenue
    v.dataProvider = broken.optimism.tokens.USDS
    const error = await readLiveSnapshot({
      network: 'devnet',
      registry: broken,
      rpcUrls: devnet.rpcUrls,
    }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(VenueReadError)
    expect(error).toMatchObject({ chain: 'optimism', venue: 'optimism/aave/USDC' })
    expect((error as VenueReadError).call).toContain('DataProvider.getReserveCaps')
  })

  test('behavior: `sll snapshot` and `sll markets` read the devnet (SLL_DEVNET_PORT_BASE)', async () => {
    const previous = process.env.SLL_DEVNET_PORT_BASE
    process.env.SLL_DEVNET_PORT_BASE = String(testPortBase())
    try {
      const out: string[] = []
      const err: string[] = []
      const sink = { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t) }
      expect(await main(['snapshot'], sink), err.join('\n')).toBe(0)
      expect(out).toHaveLength(1)
      const snapshot = snapshotSchema.parse(JSON.parse(out[0]!))
      expect(snapshot.markets).toHaveLength(17)
      out.length = 0
      expect(await main(['markets'], sink), err.join('\n')).toBe(0)
      const table = out.join('\n')
      expect(table).toMatch(/ethereum\/sparklend\/USDS\s+\d+\.\d\d%\s+\d+\.\d\d%\s+600,0\d\d\.\d\d/)
      expect(table.split('\n').filter((line) => /%/.test(line))).toHaveLength(17)
    } finally {
      if (previous === undefined) delete process.env.SLL_DEVNET_PORT_BASE
      else process.env.SLL_DEVNET_PORT_BASE = previous
    }
  })
})
