import { describe, expect, test } from 'vitest'
import { loadDevnetRegistry } from '../chains/devnet.js'
import { rateLimitClaims } from '../policies/rate-limit-claims.js'
import { planRoute, resolveRouteEnd } from '../policies/route.js'
import { keyOfGuard } from './guard-key.js'
import { type KeyDraw, routeKeyDraws } from './key-draws.js'
import { planKeyUsage, usageKey } from './plan-key-usage.js'

const registry = loadDevnetRegistry()
const route = (from: string, to: string, amountUsd: string) =>
  planRoute({ registry, from: resolveRouteEnd(registry, from), to: resolveRouteEnd(registry, to), amountUsd })

describe('routeKeyDraws', () => {
  test('default: market -> market across chains with a conversion draws every step key in order', () => {
    // ethereum USDS -> base USDC: withdraw (+ deposit refill), LitePSM USDS->USDC, LayerZero USDC, deposit.
    const draws = routeKeyDraws(route('ethereum/sparklend/USDS', 'base/aave/USDC', '1000'))
    expect(draws).toEqual([
      {
        guards: { action: 'withdraw', market: 'ethereum/sparklend/USDS' },
        kind: 'decrease',
        amount: 10n ** 21n,
        decimals: 18,
        step: 'withdraw',
      },
      {
        guards: { action: 'deposit', market: 'ethereum/sparklend/USDS' },
        kind: 'increase',
        amount: 10n ** 21n,
        decimals: 18,
        step: 'withdraw',
      },
      {
        guards: { action: 'usds-to-usdc', chain: 'ethereum' },
        kind: 'decrease',
        amount: 10n ** 9n,
        decimals: 6,
        step: 'convert',
      },
      {
        guards: { action: 'layerzero', chain: 'ethereum', toChain: 'base', asset: 'USDC' },
        kind: 'decrease',
        amount: 10n ** 9n,
        decimals: 6,
        step: 'bridge',
      },
      {
        guards: { action: 'deposit', market: 'base/aave/USDC' },
        kind: 'decrease',
        amount: 10n ** 9n,
        decimals: 6,
        step: 'deposit',
      },
    ])
  })

  test('behavior: an L2 conversion draws PSM_DEPOSIT(from) and PSM_WITHDRAW(to); same chain: no bridge', () => {
    const draws = routeKeyDraws(route('base/aave/USDC', 'base/savings/sUSDS', '10'))
    expect(draws.map((d) => d.guards.action)).toEqual([
      'withdraw',
      'deposit',
      'psm-deposit',
      'psm-withdraw',
      'deposit',
    ])
    expect(draws[2]).toMatchObject({ guards: { asset: 'USDC' }, amount: 10_000_000n })
    expect(draws[3]).toMatchObject({ guards: { asset: 'USDS' }, amount: 10n ** 19n })
  })

  test('behavior: USDC -> USDS on Ethereum refills USDS_TO_USDC', () => {
    const draws = routeKeyDraws(route('ethereum/sparklend/USDC', 'ethereum/sparklend/USDS', '5'))
    expect(draws[2]).toEqual({
      guards: { action: 'usds-to-usdc', chain: 'ethereum' },
      kind: 'increase',
      amount: 5_000_000n,
      decimals: 6,
      step: 'convert',
    })
  })
})

describe('routeKeyDraws: CCTP and actual amounts', () => {
  test('behavior: a USDC move over CCTP draws USDC_TO_CCTP and USDC_TO_DOMAIN(destination), no LayerZero key', () => {
    const r = planRoute({
      registry,
      from: resolveRouteEnd(registry, 'base/aave/USDC'),
      to: resolveRouteEnd(registry, 'ethereum/sparklend/USDC'),
      amountUsd: '7',
      via: 'cctp',
    })
    const bridge = routeKeyDraws(r).filter((d) => d.step === 'cctp-burn')
    expect(bridge).toEqual([
      {
        guards: { action: 'cctp', chain: 'base' },
        kind: 'decrease',
        amount: 7_000_000n,
        decimals: 6,
        step: 'cctp-burn',
      },
      {
        guards: { action: 'cctp-domain', chain: 'base', toChain: 'ethereum' },
        kind: 'decrease',
        amount: 7_000_000n,
        decimals: 6,
        step: 'cctp-burn',
      },
    ])
    expect(routeKeyDraws(r).some((d) => d.guards.action === 'layerzero')).toBe(false)
  })

  test('behavior: what arrived replaces the planned conversion and deposit amounts', () => {
    const r = route('base/aave/USDC', 'ethereum/savings/sUSDS', '10')
    const draws = routeKeyDraws(r, {
      deposit: 123n,
      convert: { amountIn: 9_000_000n, amountOut: 9n * 10n ** 18n },
    })
    expect(draws.find((d) => d.step === 'deposit')?.amount).toBe(123n)
    expect(
      draws.find((d) => d.guards.action === 'usds-to-usdc' || d.guards.action === 'psm-deposit')?.amount,
    ).toBe(9_000_000n)
  })
})

describe('planKeyUsage', () => {
  test('behavior: a move the plan sends over CCTP counts the CCTP keys, not the LayerZero key', () => {
    const usage = planKeyUsage(
      [{ from: 'base/aave/USDC', to: 'ethereum/sparklend/USDC', amount: '5', bridge: 'cctp' }],
      registry,
    )
    const cctp = usageKey({ chain: 'base', key: keyOfGuard({ action: 'cctp', chain: 'base' }, registry) })
    const lz = usageKey({
      chain: 'base',
      key: keyOfGuard({ action: 'layerzero', chain: 'base', toChain: 'ethereum', asset: 'USDC' }, registry),
    })
    expect(usage.byKey.get(cctp)).toEqual({ decrease: 5_000_000n, increase: 0n })
    expect(usage.byKey.has(lz)).toBe(false)
  })

  test('default: sums draws and refills per chain key; unknown markets are reported, not guessed', () => {
    const usage = planKeyUsage(
      [
        { from: 'idle:base', to: 'base/aave/USDC', amount: '100' },
        { from: 'idle:base', to: 'base/aave/USDC', amount: '50' },
        { from: 'base/aave/USDC', to: 'idle:base', amount: '30' },
        { from: 'idle:base', to: 'base/nowhere/USDC', amount: '1' },
      ],
      registry,
    )
    const deposit = usageKey({
      chain: 'base',
      key: keyOfGuard({ action: 'deposit', market: 'base/aave/USDC' }, registry),
    })
    expect(usage.byKey.get(deposit)).toEqual({ decrease: 150_000_000n, increase: 30_000_000n })
    expect(usage.unresolved).toHaveLength(1)
    expect(usage.unresolved[0]).toMatch(/^idle:base -> base\/nowhere\/USDC: /)
  })
})

describe("the cycle's reservations cover the draws", () => {
  // Each key a move draws down is reserved by a claim of `policies/rate-limit-claims.ts`, so two moves of a
  // cycle never count the same headroom. The claim a draw needs, named without addresses:
  const claimOf = (g: KeyDraw['guards']): string => {
    switch (g.action) {
      case 'deposit':
      case 'withdraw':
        return `${g.action}:${g.market}`
      case 'layerzero':
      case 'cctp-domain':
        return `lz:${g.chain}->${g.toChain}`
      case 'cctp':
        return `cctp:${g.chain}`
      default:
        return `psm:${g.chain}`
    }
  }
  const coinOf = (id: string) => {
    const venue = Object.values(registry)
      .flatMap((d) => d.venues)
      .find((v) => v.id === id)
    return venue ? (id.endsWith('USDC') || id.includes('usdc') ? 'USDC' : 'USDS') : undefined
  }
  const ends = [
    'ethereum/sparklend/USDS',
    'ethereum/sparklend/USDC',
    'base/aave/USDC',
    'base/savings/sUSDS',
    'base/morpho/spark-usdc',
    'idle:base',
    'idle:ethereum',
  ]
  for (const from of ends)
    for (const to of ends) {
      if (from === to || (from.startsWith('idle:') && to.startsWith('idle:'))) continue
      for (const via of ['layerzero', 'cctp'] as const) {
        const r = route(from, to, '10')
        if (via === 'cctp' && r.bridge?.asset !== 'USDC') continue
        test(`behavior: ${from} -> ${to} over ${via}`, () => {
          const planned = planRoute({
            registry,
            from: resolveRouteEnd(registry, from),
            to: resolveRouteEnd(registry, to),
            amountUsd: '10',
            via,
          })
          const claims = rateLimitClaims({ from, to, bridge: via }, coinOf, { cctp: true })
          for (const d of routeKeyDraws(planned).filter((d) => d.kind === 'decrease'))
            expect(claims, JSON.stringify(d.guards)).toContain(claimOf(d.guards))
        })
      }
    }
})
