import fc from 'fast-check'
import { expect, test } from 'vitest'
import { moveDependencies, waitsForApproval } from './move-dependencies.js'
import { contendedClaims, rateLimitClaims, rateLimitOrder } from './rate-limit-claims.js'
import type { RateLimitsSection } from './rate-limit-snapshot.js'
import { limitedKey } from './testing/random-rate-limits.js'

const coins: Record<string, 'USDS' | 'USDC'> = {
  'base/aave/USDC': 'USDC',
  'base/morpho/spark-usdc': 'USDC',
  'base/savings/sUSDS': 'USDS',
  'ethereum/aave/USDC': 'USDC',
  'ethereum/savings/sUSDS': 'USDS',
  'arbitrum/aave/USDC': 'USDC',
}
const coinOf = (id: string) => coins[id]

test('behavior: CCTP moves of one source chain claim its USDC_TO_CCTP, whatever their destination', () => {
  const moves = [
    { from: 'base/aave/USDC', to: 'ethereum/aave/USDC', bridge: 'cctp' },
    { from: 'base/morpho/spark-usdc', to: 'arbitrum/aave/USDC', bridge: 'cctp' },
  ]
  expect(rateLimitClaims(moves[0]!, coinOf, { cctp: true })).toContain('cctp:base')
  expect(rateLimitOrder(moves, [[], []], [false, false], coinOf, { cctp: true })).toEqual([[], [0]])
  // cycles recorded before the claim replay without it
  expect(rateLimitOrder(moves, [[], []], [false, false], coinOf)).toEqual([[], []])
  expect(rateLimitClaims({ ...moves[0]!, bridge: 'layerzero' }, coinOf, { cctp: true })).not.toContain(
    'cctp:base',
  )
})

test('default: a move claims its venue keys, its LayerZero lane and a PSM only where assets may differ', () => {
  expect(rateLimitClaims({ from: 'base/aave/USDC', to: 'ethereum/aave/USDC' }, coinOf)).toEqual([
    'withdraw:base/aave/USDC',
    'deposit:ethereum/aave/USDC',
    'lz:base->ethereum',
  ])
  expect(rateLimitClaims({ from: 'base/aave/USDC', to: 'ethereum/savings/sUSDS' }, coinOf)).toEqual([
    'withdraw:base/aave/USDC',
    'deposit:ethereum/savings/sUSDS',
    'lz:base->ethereum',
    'psm:base',
    'psm:ethereum',
  ])
  // An idle source may top up through its chain's PSM; an unknown market is treated as convertible.
  expect(rateLimitClaims({ from: 'idle:base', to: 'base/aave/USDC' }, coinOf)).toEqual([
    'deposit:base/aave/USDC',
    'psm:base',
  ])
  expect(rateLimitClaims({ from: 'base/aave/USDC', to: 'idle:base' }, coinOf)).toEqual([
    'withdraw:base/aave/USDC',
  ])
  expect(rateLimitClaims({ from: 'base/x/y', to: 'idle:base' }, coinOf)).toEqual([
    'withdraw:base/x/y',
    'psm:base',
  ])
})

test('behavior: two moves into one market, or over one lane, run one after the other; unrelated moves do not wait', () => {
  const moves = [
    { from: 'base/aave/USDC', to: 'ethereum/aave/USDC' },
    { from: 'arbitrum/aave/USDC', to: 'ethereum/aave/USDC' },
    { from: 'base/morpho/spark-usdc', to: 'ethereum/aave/USDC' },
    { from: 'base/savings/sUSDS', to: 'idle:base' },
  ]
  const order = rateLimitOrder(moves, moveDependencies(moves), [false, false, false, false], coinOf)
  // #2 shares the deposit key with #1 (nearest earlier claimant) and the base->ethereum lane with #0.
  expect(order).toEqual([[], [0], [0, 1], []])
  // A deferred move never runs in this cycle: it reserves nothing.
  expect(rateLimitOrder(moves, moveDependencies(moves), [true, false, false, false], coinOf)).toEqual([
    [],
    [],
    [1],
    [],
  ])
})

test('behavior: moves spending one idle balance run one after the other, even when every key holds them (option idle)', () => {
  // The cluster test's cycle: both spend idle:ethereum; run together, each decided its route on the same
  // USDS balance and the second deposit reverted in simulation.
  const moves = [
    { from: 'idle:ethereum', to: 'ethereum/savings/sUSDS', amount: '45000' },
    { from: 'ethereum/aave/USDC', to: 'idle:ethereum', amount: '25000' },
    { from: 'idle:ethereum', to: 'ethereum/savings/sUSDS', amount: '25000' },
    { from: 'idle:base', to: 'base/aave/USDC', amount: '10' },
  ]
  const roomy: RateLimitsSection = {
    version: 1,
    keys: [
      limitedKey(1, 'ethereum', { action: 'deposit', market: 'ethereum/savings/sUSDS' }, 1e9),
      limitedKey(2, 'ethereum', { action: 'usds-to-usdc', chain: 'ethereum' }, 1e9),
    ],
  }
  const deps = moveDependencies(moves)
  const skip = moves.map(() => false)
  expect(rateLimitClaims(moves[0]!, coinOf, { idle: true })).toContain('idle:ethereum')
  const before = rateLimitOrder(moves, deps, skip, coinOf, { section: roomy })
  expect(before[2]).not.toContain(0)
  const order = rateLimitOrder(moves, deps, skip, coinOf, { section: roomy, idle: true })
  expect(order[2]).toContain(0)
  // Another chain's idle balance is another claim.
  expect(order[3]).toEqual([])
})

test("behavior: with the plan's limits, only a key that cannot hold all its claimants orders them", () => {
  const moves = [
    { from: 'base/aave/USDC', to: 'ethereum/aave/USDC', amount: '400' },
    { from: 'arbitrum/aave/USDC', to: 'ethereum/aave/USDC', amount: '300' },
    { from: 'base/morpho/spark-usdc', to: 'ethereum/aave/USDC', amount: '200' },
  ]
  const deps = moveDependencies(moves)
  const none = [false, false, false]
  const lanes = [
    limitedKey(2, 'base', { action: 'layerzero', chain: 'base', toChain: 'ethereum', asset: 'USDC' }, 10_000),
    limitedKey(
      3,
      'arbitrum',
      { action: 'layerzero', chain: 'arbitrum', toChain: 'ethereum', asset: 'USDC' },
      10_000,
    ),
  ]
  const withDeposit = (capacityUsd: number): RateLimitsSection => ({
    version: 1,
    keys: [
      limitedKey(1, 'ethereum', { action: 'deposit', market: 'ethereum/aave/USDC' }, capacityUsd),
      ...lanes,
      limitedKey(4, 'base', { action: 'withdraw', market: 'base/aave/USDC' }, 10_000),
      limitedKey(5, 'arbitrum', { action: 'withdraw', market: 'arbitrum/aave/USDC' }, 10_000),
      limitedKey(6, 'base', { action: 'withdraw', market: 'base/morpho/spark-usdc' }, 10_000),
    ],
  })
  // room for all three (900 USD): they run at the same time
  const roomy = withDeposit(5_000)
  expect(contendedClaims(moves, coinOf, roomy)).toEqual(new Set())
  expect(rateLimitOrder(moves, deps, none, coinOf, { section: roomy })).toEqual([[], [], []])
  // the deposit key holds only 800: the three moves into it take turns (the lane alone would not order them)
  const tight = withDeposit(800)
  expect(contendedClaims(moves, coinOf, tight)).toEqual(new Set(['deposit:ethereum/aave/USDC']))
  expect(rateLimitOrder(moves, deps, none, coinOf, { section: tight })).toEqual([[], [0], [1]])
  // a claim no key backs (the deposit key unknown) keeps its order; the roomy lane orders nothing
  const unknown: RateLimitsSection = { version: 1, keys: lanes }
  expect(contendedClaims(moves, coinOf, unknown)).toEqual(new Set(['deposit:ethereum/aave/USDC']))
  expect(rateLimitOrder(moves, deps, none, coinOf, { section: unknown })).toEqual([[], [0], [1]])
  // without a section every common claim orders (#2 also waits for #0 on the base -> ethereum lane)
  expect(rateLimitOrder(moves, deps, none, coinOf)).toEqual([[], [0], [0, 1]])
})

test('property: dependencies plus key waits stay acyclic, and claimants of a key are totally ordered', () => {
  const ends = ['idle:base', 'idle:ethereum', 'idle:arbitrum', ...Object.keys(coins), 'base/x/y']
  const move = fc
    .record({ from: fc.constantFrom(...ends), to: fc.constantFrom(...ends) })
    .filter((m) => m.from !== m.to)
  fc.assert(
    fc.property(
      fc.array(move, { maxLength: 12 }),
      fc.array(fc.boolean(), { maxLength: 12 }),
      (moves, approval) => {
        const dependsOn = moveDependencies(moves)
        const skip = waitsForApproval(
          moves.map((_, i) => ({ needsApproval: approval[i] ?? false })),
          dependsOn,
        )
        const waits = rateLimitOrder(moves, dependsOn, skip, coinOf)
        const edges = moves.map((_, j) => [...(dependsOn[j] ?? []), ...(waits[j] ?? [])])
        // Acyclic: a DFS finds no back edge.
        const state = moves.map(() => 0)
        const visit = (j: number): boolean => {
          if (state[j] === 1) return false
          if (state[j] === 2) return true
          state[j] = 1
          const ok = (edges[j] ?? []).every(visit)
          state[j] = 2
          return ok
        }
        expect(moves.every((_, j) => visit(j))).toBe(true)
        // Any two non-skipped moves with a common claim: one reaches the other through the waits.
        const reaches = (a: number, b: number, seen = new Set<number>()): boolean => {
          if (a === b) return true
          if (seen.has(a)) return false
          seen.add(a)
          return (waits[a] ?? []).some((i) => reaches(i, b, seen))
        }
        moves.forEach((a, i) => {
          moves.forEach((b, j) => {
            if (i >= j || skip[i] || skip[j]) return
            const common = rateLimitClaims(a, coinOf).some((c) => rateLimitClaims(b, coinOf).includes(c))
            if (common) expect(reaches(i, j) || reaches(j, i)).toBe(true)
          })
        })
      },
    ),
  )
})
