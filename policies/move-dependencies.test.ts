import fc from 'fast-check'
import { expect, test } from 'vitest'
import { moveDependencies, waitsForApproval } from './move-dependencies.js'

test('default: independent moves from distinct sources depend on nothing', () => {
  expect(
    moveDependencies([
      { from: 'idle:base', to: 'arbitrum/aave/USDC' },
      { from: 'idle:optimism', to: 'ethereum/savings/sUSDS' },
      { from: 'ethereum/sparklend/USDS', to: 'ethereum/aave/USDS' },
    ]),
  ).toEqual([[], [], []])
})

test('behavior: a move from idle:<chain> waits for the bridge into that idle balance', () => {
  expect(
    moveDependencies([
      { from: 'idle:arbitrum', to: 'arbitrum/aave/USDC' },
      { from: 'base/savings/sUSDS', to: 'idle:arbitrum' },
      { from: 'optimism/savings/sUSDS', to: 'idle:arbitrum' },
    ]),
  ).toEqual([[1, 2], [], []])
})

test('behavior: a move out of a market waits for the move that fills that market', () => {
  expect(
    moveDependencies([
      { from: 'idle:base', to: 'base/aave/USDC' },
      { from: 'base/aave/USDC', to: 'arbitrum/aave/USDC' },
    ]),
  ).toEqual([[], [0]])
})

test('behavior: a cycle in the plan is broken by plan order', () => {
  expect(
    moveDependencies([
      { from: 'idle:base', to: 'idle:arbitrum' },
      { from: 'idle:arbitrum', to: 'idle:base' },
    ]),
  ).toEqual([[], [0]])
})

test('behavior: always acyclic, never self-dependent, only on moves that fill the source', () => {
  const end = fc.constantFrom(
    'idle:base',
    'idle:arbitrum',
    'base/aave/USDC',
    'arbitrum/aave/USDC',
    'idle:ethereum',
  )
  fc.assert(
    fc.property(fc.array(fc.record({ from: end, to: end }), { maxLength: 12 }), (moves) => {
      const deps = moveDependencies(moves)
      expect(deps).toHaveLength(moves.length)
      deps.forEach((d, j) => {
        for (const i of d) {
          expect(i).not.toBe(j)
          expect(moves[i]?.to).toBe(moves[j]?.from)
        }
      })
      // A topological order exists: repeatedly take moves whose dependencies are all taken.
      const taken = new Set<number>()
      for (let round = 0; round < moves.length; round++) {
        deps.forEach((d, j) => {
          if (d.every((i) => taken.has(i))) taken.add(j)
        })
      }
      expect(taken.size).toBe(moves.length)
    }),
  )
})

test('behavior: moves that wait, directly or transitively, for a move needing approval', () => {
  const moves = [
    { needsApproval: true },
    { needsApproval: false },
    { needsApproval: false },
    { needsApproval: false },
  ]
  expect(waitsForApproval(moves, [[], [0], [1], []])).toEqual([false, true, true, false])
})
