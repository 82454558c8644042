import { expect, test } from 'vitest'
import { unavailableLines } from './format/plan-table.js'
import { formatCycleStatus } from './status.js'

test('behavior: sll status names the chain, controller, relayer and since when the RELAYER is removed', () => {
  const text = formatCycleStatus({
    planId: 'cycle-1',
    phase: 'relayer-removed',
    paused: false,
    moves: [],
    relayerRemoved: [
      {
        chain: 'base',
        controller: '0x00000000000000000000000000000000000000c1',
        relayer: '0x00000000000000000000000000000000000000e1',
        seenAt: '1800000000',
        reason: 'x',
      },
    ],
  })
  expect(text).toContain('plan cycle-1: relayer-removed')
  expect(text).toContain(
    'RELAYER REMOVED on base: controller 0x00000000000000000000000000000000000000c1 does not grant RELAYER to 0x00000000000000000000000000000000000000e1 (seen 2027-01-15T08:00:00.000Z)',
  )
})

test('behavior: the plan lists what is unavailable with its reason', () => {
  const lines = unavailableLines({
    unavailable: [
      {
        subject: 'avalanche/aave/USDC',
        what: 'deposit',
        code: 'rate-limit-unset',
        reason: 'key unset: set it',
      },
    ],
  })
  expect(lines[0]).toMatch(/^unavailable \(1/)
  expect(lines[1]).toBe('  avalanche/aave/USDC deposit: key unset: set it')
  expect(unavailableLines({})).toEqual([])
})
