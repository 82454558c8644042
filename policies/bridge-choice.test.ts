import { describe, expect, test } from 'vitest'
import { planAllocation } from './plan.js'
import type { RateLimitKeySnapshot } from './rate-limit-snapshot.js'
import { bridgeCapacityUsd, bridgeOptions, chooseBridge, routeBridgeCosts } from './route.js'
import type { Snapshot } from './snapshot.js'
import { examplePolicy, exampleSnapshot, testPolicyRef } from './testing/example.js'

const policy = examplePolicy
const example = exampleSnapshot
const ref = testPolicyRef

describe('bridgeOptions / chooseBridge', () => {
  const costs = { bridgeUsd: 2, bridgeHours: 0.1, cctpUsd: 0.5, cctpHours: 0.3 }

  test('CCTP is offered for USDC only, and only when the costs name it', () => {
    expect(bridgeOptions({ travelsAsUsdc: true, gainPerYearUsd: 0, costs }).map((o) => o.bridge)).toEqual([
      'layerzero',
      'cctp',
    ])
    expect(bridgeOptions({ travelsAsUsdc: false, gainPerYearUsd: 0, costs }).map((o) => o.bridge)).toEqual([
      'layerzero',
    ])
    const noCctp = { bridgeUsd: 2, bridgeHours: 0.1 }
    expect(
      bridgeOptions({ travelsAsUsdc: true, gainPerYearUsd: 0, costs: noCctp }).map((o) => o.bridge),
    ).toEqual(['layerzero'])
  })

  test('cost = fee + interest lost in transit; the cheapest wins', () => {
    const [lz, cctp] = bridgeOptions({ travelsAsUsdc: true, gainPerYearUsd: 87_600, costs })
    expect(lz).toEqual({ bridge: 'layerzero', costUsd: 2 + 1, hours: 0.1 })
    expect(cctp?.costUsd).toBeCloseTo(0.5 + 3, 9)
    expect(chooseBridge({ options: [lz!, cctp!], amountUsd: 1 }).bridge).toBe('layerzero')
    const slowGain = bridgeOptions({ travelsAsUsdc: true, gainPerYearUsd: 876, costs })
    expect(chooseBridge({ options: slowGain, amountUsd: 1 }).bridge).toBe('cctp')
  })

  test('equal cost: the faster, then CCTP', () => {
    const tie = bridgeOptions({
      travelsAsUsdc: true,
      gainPerYearUsd: 0,
      costs: { bridgeUsd: 1, bridgeHours: 0.1, cctpUsd: 1, cctpHours: 0.3 },
    })
    expect(chooseBridge({ options: tie, amountUsd: 1 }).bridge).toBe('layerzero')
    const same = bridgeOptions({ travelsAsUsdc: true, gainPerYearUsd: 0, costs: { cctpUsd: 0 } })
    expect(chooseBridge({ options: same, amountUsd: 1 }).bridge).toBe('cctp')
  })

  test('rate-limit room: a bridge that cannot carry the whole amount is not chosen; CCTP never beyond its room', () => {
    const options = bridgeOptions({ travelsAsUsdc: true, gainPerYearUsd: 0, costs })
    expect(chooseBridge({ options, amountUsd: 1_000, capacity: { cctp: 999 } }).bridge).toBe('layerzero')
    expect(chooseBridge({ options, amountUsd: 1_000, capacity: { cctp: 1_000 } }).bridge).toBe('cctp')
    // neither fits: LayerZero, whose keys the optimizer's cut rows already bound (CCTP would revert)
    expect(chooseBridge({ options, amountUsd: 1_000, capacity: { cctp: 10, layerzero: 5 } }).bridge).toBe(
      'layerzero',
    )
  })

  test('an unset key (room 0) is never chosen while another bridge has some room, however cheap', () => {
    const cheap = bridgeOptions({
      travelsAsUsdc: true,
      gainPerYearUsd: 0,
      costs: { bridgeUsd: 5, bridgeHours: 0.3, cctpUsd: 0.1, cctpHours: 0.1 },
    })
    expect(
      chooseBridge({ options: cheap, amountUsd: 1_000, capacity: { cctp: 0, layerzero: 5 } }).bridge,
    ).toBe('layerzero')
    expect(chooseBridge({ options: cheap, amountUsd: 1_000, capacity: { cctp: 0 } }).bridge).toBe('layerzero')
  })
})

describe('routeBridgeCosts', () => {
  const costs = {
    bridgeUsd: 3,
    bridgeHours: 0.5,
    routes: [
      { from: 'ethereum', to: 'base', bridgeUsd: 1.2, bridgeHours: 0.3, cctpUsd: 0.4, cctpHours: 0.3 },
      { from: 'base', to: 'ethereum', bridgeUsd: 0.2, bridgeHours: 0.3 },
    ],
  } as const

  test("a pair's entry replaces the snapshot-wide costs; a pair without CCTP offers none; other pairs fall back", () => {
    expect(routeBridgeCosts(costs, 'ethereum', 'base')).toEqual({
      bridgeUsd: 1.2,
      bridgeHours: 0.3,
      cctpUsd: 0.4,
      cctpHours: 0.3,
    })
    const back = routeBridgeCosts(costs, 'base', 'ethereum')
    expect(
      bridgeOptions({ travelsAsUsdc: true, gainPerYearUsd: 0, costs: back }).map((o) => o.bridge),
    ).toEqual(['layerzero'])
    expect(routeBridgeCosts(costs, 'ethereum', 'arbitrum')).toBe(costs)
    expect(routeBridgeCosts(undefined, 'ethereum', 'base')).toBeUndefined()
  })
})

const key = (guards: RateLimitKeySnapshot['guards'], maxAmount: string, lastAmount = maxAmount) =>
  ({
    key: `0x${'1'.repeat(64)}`,
    chain: guards.action === 'deposit' || guards.action === 'withdraw' ? 'ethereum' : guards.chain,
    guards,
    unlimited: false,
    decimals: 6,
    usdPerToken: 1,
    maxAmount,
    slope: '0',
    lastAmount,
    lastUpdated: '1000',
    readAt: '1000',
  }) as RateLimitKeySnapshot

describe('bridgeCapacityUsd', () => {
  test('CCTP room is the smaller of USDC_TO_CCTP and USDC_TO_DOMAIN; LayerZero its USDC OFT key', () => {
    const section = {
      version: 1 as const,
      keys: [
        key({ action: 'cctp', chain: 'ethereum' }, '5000000000'),
        key({ action: 'cctp-domain', chain: 'ethereum', toChain: 'base' }, '9000000000', '2000000000'),
        key({ action: 'cctp-domain', chain: 'ethereum', toChain: 'arbitrum' }, '0'),
        key({ action: 'layerzero', chain: 'ethereum', toChain: 'base', asset: 'USDC' }, '7000000000'),
        key({ action: 'layerzero', chain: 'ethereum', toChain: 'base', asset: 'USDS' }, '1'),
      ],
    }
    expect(bridgeCapacityUsd(section, 'ethereum', 'base')).toEqual({ cctp: 2_000, layerzero: 7_000 })
    expect(bridgeCapacityUsd(section, 'ethereum', 'arbitrum')).toEqual({ cctp: 0 })
    expect(bridgeCapacityUsd(section, 'base', 'ethereum')).toEqual({})
    expect(bridgeCapacityUsd(undefined, 'ethereum', 'base')).toEqual({})
  })
})

describe('planAllocation picks the bridge per move', () => {
  // Four markets; Ethereum's Aave USDC pays far more, so money crosses from Base (USDC and sUSDS markets).
  const ids = ['ethereum/aave/USDC', 'base/aave/USDC', 'ethereum/sparklend/USDS', 'base/savings/sUSDS']
  const small = { ...policy, markets: policy.markets.filter((m) => ids.includes(m.id)), groups: [] }
  const crossing = (costs: Snapshot['costs'], rateLimits?: Snapshot['rateLimits']): Snapshot => ({
    ...example,
    idle: [],
    markets: example.markets
      .filter((m) => ids.includes(m.id))
      .map((m) =>
        m.id === 'ethereum/aave/USDC'
          ? { ...m, rateModel: { kind: 'fixed' as const, rate: 0.3 } }
          : m.asset === 'sUSDS'
            ? { ...m, rateModel: { kind: 'fixed' as const, rate: 0.001 } }
            : m,
      ),
    costs,
    ...(rateLimits ? { rateLimits } : {}),
  })
  const plan = (snapshot: Snapshot) => planAllocation({ snapshot, policy: small, policyRef: ref })
  const cheaper = { ...example.costs!, cctpUsd: 0.1, cctpHours: 0.1 }

  test('cheaper CCTP: the USDC moves say bridge "cctp", the sUSDS move stays on LayerZero', () => {
    const moves = plan(crossing(cheaper)).moves.map((m) => [m.from, m.to, m.bridge])
    expect(moves).toContainEqual(['base/aave/USDC', 'ethereum/aave/USDC', 'cctp'])
    expect(moves).toContainEqual(['base/aave/USDC', 'idle:ethereum', 'cctp'])
    expect(moves).toContainEqual(['base/savings/sUSDS', 'ethereum/aave/USDC', 'layerzero'])
  })

  test('behavior: the CCTP moves of one plan share USDC_TO_CCTP: together they never draw more than its room', () => {
    const free = plan(crossing(cheaper)).moves.filter(
      (m) => m.bridge === 'cctp' && m.from.startsWith('base/'),
    )
    expect(free.length).toBeGreaterThanOrEqual(2)
    const amounts = free.map((m) => Number(m.amount))
    // room for the largest CCTP move alone, not for all of them together
    const room = Math.ceil(Math.max(...amounts)) + 1
    expect(room).toBeLessThan(amounts.reduce((a, b) => a + b, 0))
    const section = {
      version: 1 as const,
      keys: [key({ action: 'cctp', chain: 'base' }, String(BigInt(room) * 1_000_000n))],
    }
    const moves = plan(crossing(cheaper, section)).moves
    const overCctp = moves.filter((m) => m.bridge === 'cctp' && m.from.startsWith('base/'))
    expect(overCctp.length).toBeGreaterThanOrEqual(1)
    expect(overCctp.reduce((a, m) => a + Number(m.amount), 0)).toBeLessThanOrEqual(room)
    // the rest crosses over LayerZero: the same money moves
    const crossed = (ms: typeof moves) =>
      ms.filter((m) => m.from.startsWith('base/')).reduce((a, m) => a + Number(m.amount), 0)
    expect(crossed(moves)).toBeCloseTo(crossed(plan(crossing(cheaper)).moves), 6)
  })

  test('per-pair costs (the live snapshot): CCTP along a pair whose entry offers it, LayerZero along one without', () => {
    const pair = (cctp: boolean) => ({
      ...example.costs!,
      routes: [
        {
          from: 'base' as const,
          to: 'ethereum' as const,
          bridgeUsd: 2,
          bridgeHours: 0.3,
          ...(cctp ? { cctpUsd: 0.1, cctpHours: 0.1 } : {}),
        },
      ],
    })
    const offered = plan(crossing(pair(true))).moves
    expect(offered.filter((m) => m.from === 'base/aave/USDC').map((m) => m.bridge)).toContain('cctp')
    const unavailable = plan(crossing({ ...pair(false), cctpUsd: 0.1, cctpHours: 0.1 })).moves
    expect(unavailable.some((m) => m.from === 'base/aave/USDC' && m.bridge === 'layerzero')).toBe(true)
    expect(unavailable.filter((m) => m.bridge === 'cctp')).toEqual([])
  })

  test('without cctpUsd / cctpHours, with CCTP dearer, or without CCTP room: LayerZero', () => {
    for (const snapshot of [
      crossing(example.costs),
      crossing({ ...example.costs!, cctpUsd: 50, cctpHours: 0.25 }),
      crossing(cheaper, {
        version: 1,
        keys: [key({ action: 'cctp-domain', chain: 'base', toChain: 'ethereum' }, '0')],
      }),
    ]) {
      const moves = plan(snapshot).moves
      expect(moves.some((m) => m.from === 'base/aave/USDC' && m.bridge === 'layerzero')).toBe(true)
      expect(moves.filter((m) => m.bridge === 'cctp')).toEqual([])
    }
  })
})
