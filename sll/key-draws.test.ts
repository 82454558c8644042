import { describe, expect, test } from 'vitest'
import { loadDevnetRegistry } from '../chains/devnet.js'
import { planRoute, resolveRouteEnd } from '../policies/route.js'
import { keyOfGuard } from './guard-key.js'
import { routeKeyDraws } from './key-draws.js'
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
      },
      {
        guards: { action: 'deposit', market: 'ethereum/sparklend/USDS' },
        kind: 'increase',
        amount: 10n ** 21n,
        decimals: 18,
      },
      {
        guards: { action: 'usds-to-usdc', chain: 'ethereum' },
        kind: 'decrease',
        amount: 10n ** 9n,
        decimals: 6,
      },
      {
        guards: { action: 'layerzero', chain: 'ethereum', toChain: 'base', asset: 'USDC' },
        kind: 'decrease',
        amount: 10n ** 9n,
        decimals: 6,
      },
      {
        guards: { action: 'deposit', market: 'base/aave/USDC' },
        kind: 'decrease',
        amount: 10n ** 9n,
        decimals: 6,
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
    })
  })
})

describe('planKeyUsage', () => {
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
