import { expect, test } from 'vitest'
import type { ApprovalRequestStatus, CycleStatus } from '../workflows/messages.js'
import { formatApprovalRequests, formatCycleStatus } from './status.js'

const status: CycleStatus = {
  planId: 'plan-1',
  phase: 'executing',
  paused: false,
  policy: { name: 'devnet', sha256: 'c6870fd65b7e0000' },
  moves: [
    {
      index: 0,
      from: 'idle:base',
      to: 'idle:arbitrum',
      amount: '10000.000000',
      needsApproval: false,
      dependsOn: [],
      state: 'running',
      moveWorkflowId: 'plan-1/move-0',
    },
    {
      index: 1,
      from: 'ethereum/sparklend/USDS',
      to: 'ethereum/savings/sUSDS',
      amount: '233333.000000',
      needsApproval: true,
      dependsOn: [],
      state: 'approval-requested',
      approvalWorkflowId: 'plan-1/move-1/approval',
    },
    {
      index: 2,
      from: 'idle:optimism',
      to: 'base/savings/sUSDS',
      amount: '5000.000000',
      needsApproval: false,
      dependsOn: [],
      state: 'running',
      moveWorkflowId: 'plan-1/move-2',
    },
    {
      index: 3,
      from: 'idle:arbitrum',
      to: 'arbitrum/aave/USDC',
      amount: '10000.000000',
      needsApproval: false,
      dependsOn: [0],
      state: 'waiting',
    },
  ],
}

test('default: moves in flight side by side with their steps, what waits for what, and how to approve', () => {
  const text = formatCycleStatus(
    status,
    new Map([
      [0, { step: 'awaiting-delivery', paused: false, guid: '0xabc' }],
      [2, { step: 'bridging', paused: false }],
    ]),
  )
  expect(text.split('\n')).toEqual([
    'plan plan-1: executing  policy devnet c6870fd65b7e',
    '  in flight: 2 move(s) side by side: #0, #2',
    '  #0 idle:base -> idle:arbitrum  10000.000000 USD  running (awaiting-delivery, LayerZero guid 0xabc)',
    '  #1 ethereum/sparklend/USDS -> ethereum/savings/sUSDS  233333.000000 USD  approval-requested',
    '      approve: sll approve plan-1 1 --key-file <your-approver-key>',
    '  #2 idle:optimism -> base/savings/sUSDS  5000.000000 USD  running (bridging)',
    '  #3 idle:arbitrum -> arbitrum/aave/USDC  10000.000000 USD  waiting  after #0',
  ])
})

test('default: pending approval requests with the exact move, policy, expiry and the command', () => {
  const request: ApprovalRequestStatus = {
    planId: 'plan-1',
    index: 1,
    from: 'ethereum/sparklend/USDS',
    to: 'ethereum/savings/sUSDS',
    amount: '233333.000000',
    policy: { name: 'devnet', sha256: 'c6870fd65b7e0000' },
    planHash: 'a'.repeat(64),
    dependsOn: [],
    threshold: 2,
    votes: [
      {
        approver: 'ops-alice',
        address: '0xFABB0ac9d68B0B445fB7357272Ff202C5651694a',
        decision: 'approve',
        signature: '0x',
      },
    ],
    approver: 'ops-alice',
    state: 'pending-approval',
    expiresAt: '2026-12-01T22:00:00.000Z',
    paused: false,
  }
  expect(formatApprovalRequests([request]).split('\n')).toEqual([
    'approvals:',
    '  plan-1 #1 ethereum/sparklend/USDS -> ethereum/savings/sUSDS  233333.000000 USD  pending-approval by ops-alice  policy devnet c6870fd65b7e  signed 1/2  expires 2026-12-01T22:00:00.000Z',
    '      approve: sll approve plan-1 1 --key-file <your-approver-key>',
  ])
  expect(formatApprovalRequests([])).toBe('no pending approvals')
})
