import type { Address } from 'viem'
import { expect, test } from 'vitest'
import { chainNames } from '../chains/names.js'
import type { ChainDeployment, Registry } from '../chains/types.js'
import { planRoute, RouteUnavailableError, resolveRouteEnd } from './route.js'

const addr = (n: number): Address => `0x${n.toString(16).padStart(40, '0')}`

function registry(options: { psm: Record<string, boolean> }): Registry {
  const entries = chainNames.map((name, i) => {
    const base = (i + 1) * 100
    const deployment: ChainDeployment = {
      name,
      chainId: i + 1,
      eid: 30_000 + i,
      tokens: { USDS: addr(base + 1), sUSDS: addr(base + 2), USDC: addr(base + 3) },
      venues: [
        {
          id: `${name}/aave/USDC`,
          protocol: 'aave',
          asset: 'USDC',
          underlying: addr(base + 3),
          decimals: 6,
          pool: addr(base + 10),
          dataProvider: addr(base + 11),
          aToken: addr(base + 12),
        },
        {
          id: `${name}/savings/sUSDS`,
          protocol: 'savings',
          asset: 'sUSDS',
          underlying: addr(base + 1),
          decimals: 18,
          vault: addr(base + 2),
        },
      ],
      layerZero: { endpoint: addr(base + 20), ofts: {} },
      multicall3: addr(base + 30),
      ...(options.psm[name] ? { psm: addr(base + 40) } : {}),
    }
    return [name, deployment] as const
  })
  return Object.fromEntries(entries) as Registry
}

const withPsm = registry({ psm: { ethereum: true, base: true } })

test('default: same chain, same asset: withdraw and deposit only', () => {
  const from = resolveRouteEnd(withPsm, 'base/aave/USDC')
  const to = resolveRouteEnd(withPsm, 'idle:base')
  const route = planRoute({ registry: withPsm, from, to, amountUsd: '1000.5' })
  expect(route.source).toEqual({ chain: 'base', asset: 'USDC', amount: '1000500000' })
  expect(route.convert).toBeUndefined()
  expect(route.bridge).toBeUndefined()
  expect(route.destination).toEqual({ chain: 'base', asset: 'USDC', amount: '1000500000' })
})

test('behavior: asset change converts on the source chain when it has a PSM, then bridges', () => {
  const from = resolveRouteEnd(withPsm, 'ethereum/savings/sUSDS')
  const to = resolveRouteEnd(withPsm, 'arbitrum/aave/USDC')
  const route = planRoute({ registry: withPsm, from, to, amountUsd: '250' })
  expect(route.source).toEqual({ chain: 'ethereum', asset: 'USDS', amount: '250000000000000000000' })
  expect(route.convert).toEqual({
    chain: 'ethereum',
    fromAsset: 'USDS',
    toAsset: 'USDC',
    amountIn: '250000000000000000000',
    amountOut: '250000000',
  })
  expect(route.bridge).toEqual({
    fromChain: 'ethereum',
    toChain: 'arbitrum',
    asset: 'USDC',
    amount: '250000000',
  })
  expect(route.destination.amount).toBe('250000000')
})

test('behavior: without a source PSM, it bridges first and converts on the destination', () => {
  const from = resolveRouteEnd(withPsm, 'arbitrum/aave/USDC')
  const to = resolveRouteEnd(withPsm, 'base/savings/sUSDS')
  const route = planRoute({ registry: withPsm, from, to, amountUsd: '7' })
  expect(route.bridge?.asset).toBe('USDC')
  expect(route.convert?.chain).toBe('base')
  expect(route.destination).toEqual({ chain: 'base', asset: 'USDS', amount: '7000000000000000000' })
})

test('behavior: convertOn names the destination: the source stablecoin travels and converts on arrival', () => {
  const from = resolveRouteEnd(withPsm, 'base/aave/USDC')
  const to = resolveRouteEnd(withPsm, 'ethereum/savings/sUSDS')
  const byDefault = planRoute({ registry: withPsm, from, to, amountUsd: '40' })
  expect(byDefault.convert?.chain).toBe('base')
  const route = planRoute({ registry: withPsm, from, to, amountUsd: '40', convertOn: 'ethereum' })
  expect(route.bridge).toEqual({ fromChain: 'base', toChain: 'ethereum', asset: 'USDC', amount: '40000000' })
  expect(route.convert).toEqual({
    chain: 'ethereum',
    fromAsset: 'USDC',
    toAsset: 'USDS',
    amountIn: '40000000',
    amountOut: '40000000000000000000',
  })
  expect(route.destination).toEqual({ chain: 'ethereum', asset: 'USDS', amount: '40000000000000000000' })
  // Naming the default chain changes nothing.
  expect(planRoute({ registry: withPsm, from, to, amountUsd: '40', convertOn: 'base' })).toEqual(byDefault)
})

test('error: convertOn a chain that is neither end, or one without a PSM', () => {
  const from = resolveRouteEnd(withPsm, 'base/aave/USDC')
  const to = resolveRouteEnd(withPsm, 'ethereum/savings/sUSDS')
  expect(() => planRoute({ registry: withPsm, from, to, amountUsd: '1', convertOn: 'optimism' })).toThrow(
    /neither end/,
  )
  const fromArbitrum = resolveRouteEnd(withPsm, 'arbitrum/aave/USDC')
  expect(() =>
    planRoute({ registry: withPsm, from: fromArbitrum, to, amountUsd: '1', convertOn: 'arbitrum' }),
  ).toThrow(/arbitrum, which has no PSM/)
})

test('error: no PSM on either chain', () => {
  const from = resolveRouteEnd(withPsm, 'arbitrum/aave/USDC')
  const to = resolveRouteEnd(withPsm, 'optimism/savings/sUSDS')
  expect(() => planRoute({ registry: withPsm, from, to, amountUsd: '7' })).toThrow(RouteUnavailableError)
})

test('error: unknown idle chain', () => {
  expect(() => resolveRouteEnd(withPsm, 'idle:mars')).toThrow(/unknown chain/)
})

test('behavior: an idle source short of the wanted stablecoin tops up through the source PSM first', () => {
  const from = resolveRouteEnd(withPsm, 'idle:base')
  const to = resolveRouteEnd(withPsm, 'ethereum/savings/sUSDS')
  const idle = { USDS: 4_000n * 10n ** 18n, USDC: 6_000_000_000n }
  const route = planRoute({ registry: withPsm, from, to, amountUsd: '10000', idle })
  expect(route.source).toEqual({ chain: 'base', asset: 'USDS', amount: '10000000000000000000000' })
  expect(route.convert).toEqual({
    chain: 'base',
    fromAsset: 'USDC',
    toAsset: 'USDS',
    amountIn: '6000000000',
    amountOut: '6000000000000000000000',
  })
  expect(route.bridge).toEqual({
    fromChain: 'base',
    toChain: 'ethereum',
    asset: 'USDS',
    amount: '10000000000000000000000',
  })
})

test('behavior: an idle source holding enough of the wanted stablecoin converts nothing', () => {
  const from = resolveRouteEnd(withPsm, 'idle:base')
  const to = resolveRouteEnd(withPsm, 'base/aave/USDC')
  const route = planRoute({
    registry: withPsm,
    from,
    to,
    amountUsd: '5',
    idle: { USDS: 0n, USDC: 5_000_000n },
  })
  expect(route.convert).toBeUndefined()
  expect(route.source).toEqual({ chain: 'base', asset: 'USDC', amount: '5000000' })
})

test('behavior: via "cctp" marks a USDC bridge; a move where USDS travels, or none crosses, is refused', () => {
  const usdc = planRoute({
    registry: withPsm,
    from: resolveRouteEnd(withPsm, 'ethereum/aave/USDC'),
    to: resolveRouteEnd(withPsm, 'base/aave/USDC'),
    amountUsd: '2500',
    via: 'cctp',
  })
  expect(usdc.bridge).toEqual({
    fromChain: 'ethereum',
    toChain: 'base',
    asset: 'USDC',
    amount: '2500000000',
    via: 'cctp',
  })
  const idle = planRoute({
    registry: withPsm,
    from: resolveRouteEnd(withPsm, 'idle:base'),
    to: resolveRouteEnd(withPsm, 'idle:ethereum'),
    amountUsd: '10',
    idle: { USDC: 10_000_000n, USDS: 0n },
    via: 'cctp',
  })
  expect(idle.bridge?.via).toBe('cctp')
  const refuse = (from: string, to: string) => () =>
    planRoute({
      registry: withPsm,
      from: resolveRouteEnd(withPsm, from),
      to: resolveRouteEnd(withPsm, to),
      amountUsd: '1',
      via: 'cctp',
    })
  expect(refuse('ethereum/savings/sUSDS', 'base/savings/sUSDS')).toThrow(RouteUnavailableError)
  expect(refuse('base/aave/USDC', 'idle:base')).toThrow(/stays on one chain/)
})
