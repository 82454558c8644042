import { expect, test } from 'vitest'
import type { CycleStatus } from '../workflows/messages.js'
import { formatCycleStatus } from './status.js'

const status: CycleStatus = {
  planId: 'plan-1',
  phase: 'awaiting-approval',
  paused: false,
  policy: { name: 'devnet', sha256: 'c6870fd65b7e0000' },
  moves: [
    {
      index: 0,
      from: 'idle:base',
      to: 'ethereum/savings/sUSDS',
      amount: '10000.000000',
      needsApproval: false,
      state: 'running',
      moveWorkflowId: 'plan-1/move-0',
    },
    {
      index: 1,
      from: 'ethereum/sparklend/USDS',
      to: 'ethereum/savings/sUSDS',
      amount: '233333.000000',
      needsApproval: true,
      state: 'pending-approval',
    },
    {
      index: 2,
      from: 'base/aave/USDC',
      to: 'base/savings/sUSDS',
      amount: '5000.000000',
      needsApproval: false,
      state: 'completed',
    },
  ],
}

test('default: moves with their state, the step of moves in flight, and how to approve', () => {
  const text = formatCycleStatus(
    status,
    new Map([[0, { step: 'awaiting-delivery', paused: false, guid: '0xabc' }]]),
  )
  expect(text.split('\n')).toEqual([
    'plan plan-1: awaiting-approval  policy devnet c6870fd65b7e',
    '  #0 idle:base -> ethereum/savings/sUSDS  10000.000000 USD  running (awaiting-delivery, LayerZero guid 0xabc)',
    '  #1 ethereum/sparklend/USDS -> ethereum/savings/sUSDS  233333.000000 USD  pending-approval',
    '      approve: sll approve plan-1 1 --as <approver-id>',
    '  #2 base/aave/USDC -> base/savings/sUSDS  5000.000000 USD  completed',
  ])
})
