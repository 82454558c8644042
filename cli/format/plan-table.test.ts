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
