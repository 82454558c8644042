import { ScheduleOverlapPolicy } from '@temporalio/client'
import { describe, expect, test } from 'vitest'
import { scheduleDrift } from './schedule.js'

const wanted = { taskQueue: 'q', policyPath: '/p.yaml', interval: '5m' }
const matching = {
  spec: { intervals: [{ every: 300_000, offset: 0 }], calendars: [], skip: [] },
  action: {
    type: 'startWorkflow' as const,
    workflowType: 'allocationCycle',
    workflowId: 'plan',
    taskQueue: 'q',
    args: [{ policyPath: '/p.yaml', trigger: { kind: 'schedule' } }],
  },
  policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: 60_000, pauseOnFailure: false },
}

describe('scheduleDrift', () => {
  test('default: a schedule that matches the policy has no drift', () => {
    expect(scheduleDrift(matching, wanted)).toEqual([])
  })
  test('edge: every differing field is named with its old and new value', () => {
    const drifted = {
      spec: { intervals: [{ every: 900_000, offset: 0 }], calendars: [], skip: [] },
      action: {
        ...matching.action,
        taskQueue: 'old',
        args: [{ policyPath: '/old.yaml', trigger: { kind: 'schedule' } }],
      },
      policies: {
        overlap: ScheduleOverlapPolicy.ALLOW_ALL,
        catchupWindow: 365 * 86_400_000,
        pauseOnFailure: false,
      },
    }
    expect(scheduleDrift(drifted, wanted)).toEqual([
      'interval 900s -> 300s (5m)',
      'task queue old -> q',
      'policy /old.yaml -> /p.yaml',
      'overlap ALLOW_ALL -> SKIP',
      'catch-up window 31536000s -> 60s',
    ])
  })
})
