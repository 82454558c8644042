import { expect, test } from 'vitest'
import type { Plan } from '../policies/plan.js'
import { buildReport, captureRatio, formatReport } from './report-model.js'

const plan = (takenAt: string, currentApr: number, plannedApr: number) =>
  ({ takenAt, summary: { currentApr, plannedApr } }) as unknown as Plan

test('default: capture ratio = (realised - baseline) / (planned - baseline) over the executed plans', () => {
  const report = buildReport({
    since: '2026-01-01T00:00:00.000Z',
    until: '2026-01-02T00:00:00.000Z',
    cycles: [
      {
        planId: 'b',
        closeTime: '',
        plan: plan('2026-01-01T12:00:00Z', 0.041, 0.05),
        moveStates: ['completed'],
      },
      { planId: 'a', closeTime: '', plan: plan('2026-01-01T06:00:00Z', 0.03, 0.045), moveStates: ['parked'] },
      {
        planId: 'x',
        closeTime: '',
        plan: plan('2026-01-01T18:00:00Z', 0.01, 0.09),
        moveStates: ['rejected'],
      },
    ],
    cycleOutcomes: { completed: 3, failed: 1 },
    moves: [
      { workflowId: 'a/move-0', status: 'parked', amountUsd: 400 },
      { workflowId: 'b/move-0', status: 'completed', amountUsd: 1000.5 },
      { workflowId: 'b/move-1', status: 'completed', amountUsd: 2000 },
    ],
    realisedApr: 0.044,
    costs: { base: { transactions: 3, gasNative: 0.001, bridgeFeesNative: 0.0002 } },
    missingReceipts: 0,
  })
  expect(report.apr).toMatchObject({ baseline: 0.03, planned: 0.05, realised: 0.044 })
  expect(report.apr.captureRatio).toBeCloseTo((0.044 - 0.03) / (0.05 - 0.03), 12)
  expect(report.cycles.executed).toBe(2)
  expect(report.moneyMovedUsd).toEqual({ completed: 3000.5, parked: 400 })
  expect(report.moves).toEqual({ running: 0, completed: 2, parked: 1, failed: 0 })
  const text = formatReport(report, () => 'ETH')
  expect(text).toMatch(/capture: 0\.7000/)
  expect(text).toMatch(/base\s+3\s+0\.00100000 ETH\s+0\.00020000 ETH/)
})

test('behavior: no planned gain, no ratio', () => {
  expect(captureRatio(0.03, 0.03, 0.031)).toBeNull()
  const report = buildReport({
    since: 's',
    until: 'u',
    cycles: [],
    cycleOutcomes: {},
    moves: [],
    realisedApr: 0.03,
    costs: {},
    missingReceipts: 0,
  })
  expect(report.apr.captureRatio).toBeNull()
  expect(formatReport(report, () => 'ETH')).toMatch(/capture: n\/a/)
})
