import { expect, test } from 'vitest'
import type { Plan } from '../../policies/plan.js'
import { formatPlanTable } from './plan-table.js'

const target = (market: string, binding: string) => ({
  market,
  amount: '1000',
  current: '500',
  currentRate: 0.04,
  plannedRate: 0.039,
  binding,
})

const plan = (bindings: string[]): Plan => ({
  version: 1,
  policy: { name: 'p', sha256: 'a'.repeat(64) } as Plan['policy'],
  takenAt: '2026-12-01T00:00:00Z',
  targets: bindings.map((b, i) => target(`base/m${i}/USDC`, b)),
  idle: [],
  moves: [],
  summary: {
    managedUsd: '2000',
    currentApr: 0.04,
    plannedApr: 0.041,
    optimalApr: 0.041,
    currentInterestUsd: '80',
    plannedInterestUsd: '82',
  },
})

test('behavior: a target bound by an on-chain rate limit is listed on top and marked in the binds column', () => {
  const text = formatPlanTable(plan(['rateLimit:deposit base/m0/USDC', 'maxUsd']))
  expect(text).toContain('!! 1 target held by an on-chain rate limit')
  expect(text).toContain('  base/m0/USDC: rateLimit:deposit base/m0/USDC')
  expect(text).toMatch(/base\/m0\/USDC .*!! rateLimit:deposit base\/m0\/USDC$/m)
  expect(text).toMatch(/base\/m1\/USDC .* maxUsd$/m)
})

test('behavior: without a rate-limit binding there is no rate-limit section', () => {
  expect(formatPlanTable(plan(['maxUsd', 'none']))).not.toContain('rate limit')
})

test('behavior: the plan table states the objective and how exact it is', () => {
  const objective = {
    valueUsd: '1234567.89',
    interestUsd: '1234600.00',
    costUsd: '32.11',
    heuristicValueUsd: '1200000.00',
    solves: 7,
  }
  const withObjective = (o: NonNullable<Plan['summary']['objective']>): Plan => {
    const p = plan(['none'])
    return { ...p, summary: { ...p.summary, objective: o } }
  }
  const exact = formatPlanTable(withObjective({ ...objective, method: 'exact', boundGapUsd: '0.00' }))
  expect(exact).toContain(
    'objective over the horizon: 1,234,567.89 USD = interest 1,234,600 - costs 32.11 (exact; 7 solves; dropping unworthy moves alone: 1,200,000 USD)',
  )
  expect(
    formatPlanTable(withObjective({ ...objective, method: 'node-budget', boundGapUsd: '12.50' })),
  ).toContain('best within the search budget, at most 12.5 USD below the optimum')
  expect(
    formatPlanTable(withObjective({ ...objective, method: 'heuristic', boundGapUsd: 'unknown' })),
  ).toContain('heuristic: too many markets to search')
  expect(formatPlanTable(plan(['none']))).not.toContain('objective over the horizon')
})

test('behavior: a move that converts on its destination says where in the bridge column', () => {
  const move = (convertOn?: 'ethereum') => ({
    from: 'base/m0/USDC',
    to: 'ethereum/savings/sUSDS',
    amount: '100',
    bridge: 'layerzero' as const,
    ...(convertOn ? { convertOn } : {}),
    needsApproval: false,
    netBenefitUsd: '1.00',
    costUsd: '0.10',
  })
  const withMoves = (moves: Plan['moves']): Plan => ({ ...plan(['none']), moves })
  expect(formatPlanTable(withMoves([move('ethereum')]))).toMatch(/layerzero, converts on ethereum/)
  expect(formatPlanTable(withMoves([move()]))).not.toContain('converts on')
})
