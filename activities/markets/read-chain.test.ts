import { http } from 'viem'
import { beforeEach, describe, expect, test } from 'vitest'
import type { AaveVenue } from '../../chains/types.js'
import { WrongChainError } from '../clients.js'
import { toChainMarkets } from './convert.js'
import { clearReserveAddressCache } from './discovery-cache.js'
import { ChainUnreachableError, DeploymentMismatchError, VenueReadError } from './errors.js'
import { supplyRate, utilization } from './rates.js'
import { readChainMarkets, readChainRaw } from './read-chain.js'
import { aaveVenue, addr, fixtureChain, fixtureDeployment, fixtureState } from './testing/fixture.js'
import { rayToFraction } from './units.js'

beforeEach(() => clearReserveAddressCache())

const read = (chain = fixtureChain(), deployment = fixtureDeployment()) =>
  readChainMarkets({
    chain: 'base',
    rpcUrl: 'http://mock.invalid/key/secret',
    deployment,
    operator: addr.operator,
    transport: chain.transport(),
  })

describe('readChainMarkets', () => {
  test('default', async () => {
    const result = await read()
    expect(result.chain).toBe('base')
    expect(result.idle).toBe('1250.5')
    expect(result.markets).toEqual([
      {
        id: 'base/aave/USDC',
        chain: 'base',
        protocol: 'aave',
        asset: 'USDC',
        totalSupply: '1000000',
        totalBorrow: '600000',
        position: '100000',
        // cap 2M - (aToken 999k + treasury 500 * 1.01) + (cash 400k + debt 600k) = 2_000_495
        supplyCap: '2000495',
        rateModel: {
          kind: 'kinked',
          baseRate: 0,
          slope1: 0.04,
          slope2: 0.6,
          optimalUtilization: 0.9,
          reserveFactor: 0.1,
        },
      },
      {
        id: 'base/morpho/spark-usdc',
        chain: 'base',
        protocol: 'morpho',
        asset: 'USDC',
        totalSupply: '500000',
        totalBorrow: '450000',
        position: '50000',
        supplyCap: null,
        rateModel: {
          kind: 'adaptive-curve',
          rateAtTarget: expect.closeTo(0.05, 9),
          fee: 0,
          targetUtilization: 0.9,
          curveSteepness: 4,
        },
      },
      {
        id: 'base/savings/sUSDS',
        chain: 'base',
        protocol: 'savings',
        asset: 'sUSDS',
        totalSupply: '1000000',
        totalBorrow: '0',
        position: '100000',
        supplyCap: null,
        rateModel: { kind: 'fixed', rate: expect.closeTo(0.045, 12) },
      },
    ])
  })

  test('behavior: one request per chain in steady state; discovery only on the first read', async () => {
    const chain = fixtureChain()
    expect((await read(chain)).requests).toBe(2)
    expect((await read(chain)).requests).toBe(1)
    expect((await read(chain)).requests).toBe(1)
    expect(chain.requests).toBe(4)
  })

  test('behavior: registry hints make even the first read one request', async () => {
    const hinted: AaveVenue = {
      ...aaveVenue,
      variableDebtToken: addr.variableDebt,
      stableDebtToken: addr.stableDebt,
      interestRateStrategy: addr.strategy,
    }
    const deployment = fixtureDeployment([hinted])
    expect((await read(fixtureChain(), deployment)).requests).toBe(1)
  })

  test('behavior: an Aave >= 3.2 pool (aaveVersion 3.3) reads virtual cash and the V2 strategy, no stable debt', async () => {
    const v33: AaveVenue = { ...aaveVenue, aaveVersion: '3.3' }
    const chain = fixtureChain().remove(addr.stableDebt)
    const result = await read(chain, fixtureDeployment([v33]))
    const v30 = await read(fixtureChain(), fixtureDeployment([aaveVenue]))
    expect(result.markets).toEqual(v30.markets)
  })

  test('behavior: a new interest rate strategy is noticed and read live (one extra request)', async () => {
    const state = fixtureState()
    const chain = fixtureChain(state)
    await read(chain)
    state.aave.strategy = addr.strategy2
    const result = await read(chain)
    expect(result.requests).toBe(2)
    expect(result.markets[0]?.rateModel).toMatchObject({ kind: 'kinked', slope1: 0.07 })
    expect((await read(chain)).requests).toBe(1)
  })

  test("behavior: the model's supply APR equals the pool's currentLiquidityRate", async () => {
    const raw = await readChainRaw({
      chain: 'base',
      rpcUrl: 'http://mock.invalid',
      deployment: fixtureDeployment([aaveVenue]),
      operator: addr.operator,
      transport: fixtureChain().transport(),
    })
    const reserve = raw.markets[0]
    if (reserve?.kind !== 'aave') throw new Error('expected an aave reserve')
    const [market] = toChainMarkets(raw).markets
    if (!market) throw new Error('no market')
    const u = utilization(Number(market.totalSupply), Number(market.totalBorrow))
    expect(supplyRate(market.rateModel, u)).toBeCloseTo(rayToFraction(reserve.currentLiquidityRate), 12)
  })

  test('error: unreachable node (mock transport) -> ChainUnreachableError naming the chain, URL redacted', async () => {
    const chain = fixtureChain()
    chain.mode = 'down'
    const error = await read(chain).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ChainUnreachableError)
    expect((error as ChainUnreachableError).chain).toBe('base')
    expect((error as Error).message).toContain('chain base')
    expect((error as Error).message).not.toContain('secret')
  })

  test('error: unreachable node (real HTTP to a closed port) -> ChainUnreachableError', async () => {
    const error = await readChainMarkets({
      chain: 'base',
      rpcUrl: 'http://127.0.0.1:1',
      deployment: fixtureDeployment(),
      operator: addr.operator,
      transport: http('http://127.0.0.1:1', { retryCount: 0, timeout: 2_000 }),
    }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ChainUnreachableError)
  })

  test('error: a node-side rate limit -> ChainUnreachableError (retryable), not a venue error', async () => {
    const chain = fixtureChain()
    chain.mode = 'limited'
    const error = await read(chain).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ChainUnreachableError)
    expect((error as ChainUnreachableError).retryable).toBe(true)
    expect((error as Error).message).toContain('exceeds defined limit')
  })

  test('error: wrong chain id behind the URL -> WrongChainError', async () => {
    const chain = fixtureChain()
    chain.chainId = 10
    const error = await read(chain).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(WrongChainError)
    expect(error).toMatchObject({ chain: 'base', expectedChainId: 8453, actualChainId: 10 })
  })

  test('error: wrong chain id without Multicall3 there -> WrongChainError (asked with eth_chainId)', async () => {
    const chain = fixtureChain()
    chain.chainId = 10
    const error = await read(chain, { ...fixtureDeployment(), multicall3: addr.operator }).catch(
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(WrongChainError)
  })

  test('error: a venue call reverts -> VenueReadError naming chain, venue and call', async () => {
    const state = fixtureState()
    state.reverts.add(`${addr.irm}:rateAtTarget`)
    const error = await read(fixtureChain(state)).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(VenueReadError)
    expect(error).toMatchObject({ chain: 'base', venue: 'base/morpho/spark-usdc' })
    expect((error as VenueReadError).call).toContain('AdaptiveCurveIrm.rateAtTarget')
    expect((error as Error).message).toContain('rateAtTarget disabled')
  })

  test('error: a venue contract without code -> VenueReadError', async () => {
    const chain = fixtureChain().remove(addr.susds)
    const error = await read(chain).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(VenueReadError)
    expect(error).toMatchObject({ venue: 'base/savings/sUSDS' })
  })

  test('error: the registry IRM differs from the market -> VenueReadError', async () => {
    const state = fixtureState()
    state.morpho.irm = addr.operator
    const error = await read(fixtureChain(state)).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(VenueReadError)
    expect((error as Error).message).toContain('IRM')
  })

  test('error: no Multicall3 at the registry address -> VenueReadError for multicall3', async () => {
    const error = await read(fixtureChain(), { ...fixtureDeployment(), multicall3: addr.operator }).catch(
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(VenueReadError)
    expect(error).toMatchObject({ chain: 'base', venue: 'multicall3' })
  })

  test('error: a deployment of another chain -> DeploymentMismatchError', async () => {
    const error = await readChainMarkets({
      chain: 'optimism',
      rpcUrl: 'http://mock.invalid',
      deployment: fixtureDeployment(),
      operator: addr.operator,
      transport: fixtureChain().transport(),
    }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(DeploymentMismatchError)
  })
})
