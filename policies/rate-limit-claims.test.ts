import fc from 'fast-check'
import { expect, test } from 'vitest'
import { moveDependencies, waitsForApproval } from './move-dependencies.js'
import { rateLimitClaims, rateLimitOrder } from './rate-limit-claims.js'

const coins: Record<string, 'USDS' | 'USDC'> = {
  'base/aave/USDC': 'USDC',
  'base/morpho/spark-usdc': 'USDC',
  'base/savings/sUSDS': 'USDS',
  'ethereum/aave/USDC': 'USDC',
  'ethereum/savings/sUSDS': 'USDS',
  'arbitrum/aave/USDC': 'USDC',
}
const coinOf = (id: string) => coins[id]

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
