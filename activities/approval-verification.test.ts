import { privateKeyToAccount } from 'viem/accounts'
import { describe, expect, test } from 'vitest'
import { devnetApprovers } from '../chains/devnet-approvers.js'
import { signMoveDecision } from '../lib/approver-key.js'
import { loadPolicyFile } from '../policies/policy-file.js'
import {
  type AuthorizedMove,
  UnauthorizedMoveError,
  verifyMoveAuthorization,
} from './approval-verification.js'
import { guardStep } from './step-guard.js'

const policyPath = 'test/fixtures/policy-approvals-2of3.yaml'
const { sha256 } = await loadPolicyFile(policyPath)
const planHash = '12'.repeat(32)
const move = {
  planId: 'plan-x',
  index: 3,
  from: 'base/savings/sUSDS',
  to: 'base/aave/USDC',
  amount: '50000000.000000',
}

const vote = (
  who: keyof typeof devnetApprovers,
  changes: Partial<Record<'amount' | 'planHash', string>> = {},
) =>
  signMoveDecision(privateKeyToAccount(devnetApprovers[who].privateKey), {
    ...move,
    moveIndex: move.index,
    policySha256: sha256,
    planHash,
    decision: 'approve',
    deadline: 2_000_000_000,
    ...changes,
  })

const signed = async (...votes: Awaited<ReturnType<typeof vote>>[]): Promise<AuthorizedMove> => ({
  ...move,
  authorization: { policyPath, policySha256: sha256, planHash, approval: { kind: 'signed', votes } },
})

describe('verifyMoveAuthorization', () => {
  test('behavior: two distinct approvers of a 2-of-3 policy authorize the exact move', async () => {
    const result = await verifyMoveAuthorization(
      await signed(await vote('ops-alice'), await vote('ops-carol')),
      {},
    )
    expect(result).toEqual({ kind: 'signed', approvers: ['alice', 'carol'] })
  })

  test('error: one approver twice, or a vote for another amount or plan, does not reach the threshold', async () => {
    for (const votes of [
      [await vote('ops-alice'), await vote('ops-alice')],
      [await vote('ops-alice'), await vote('ops-bob', { amount: '1' })],
      [await vote('ops-alice'), await vote('ops-bob', { planHash: '34'.repeat(32) })],
    ]) {
      await expect(verifyMoveAuthorization(await signed(...votes), {})).rejects.toThrow(
        /carries 1 valid signed approval\(s\) of this exact move by approvers of approvals-2of3-test; the policy needs 2/,
      )
    }
  })

  test('error: auto above the limit, no authorization, a policy the worker does not accept', async () => {
    const auto = { policyPath, policySha256: sha256, planHash, approval: { kind: 'auto' as const } }
    await expect(verifyMoveAuthorization({ ...move, authorization: auto }, {})).rejects.toThrow(
      /above the auto-approve limit of approvals-2of3-test \(10000000 USD\)/,
    )
    expect(await verifyMoveAuthorization({ ...move, amount: '100', authorization: auto }, {})).toEqual({
      kind: 'auto',
      approvers: [],
    })
    await expect(verifyMoveAuthorization(move, {})).rejects.toThrow(UnauthorizedMoveError)
    await expect(
      verifyMoveAuthorization(
        { ...move, amount: '100', authorization: auto },
        { SLL_ACCEPTED_POLICIES: 'policies/devnet.yaml' },
      ),
    ).rejects.toThrow(/is not accepted by this worker \(SLL_ACCEPTED_POLICIES: .*policies\/devnet\.yaml\)/)
  })
})

test('error: guardStep refuses a step of another move before it checks the pause', async () => {
  let pauseChecked = false
  const input = await signed(await vote('ops-alice'), await vote('ops-bob'))
  await expect(
    guardStep({ moveKey: 'plan-x/move-4', route: { amountUsd: move.amount }, move: input }, async () => {
      pauseChecked = true
    }),
  ).rejects.toThrow(/is not part of move 3 of plan plan-x/)
  expect(pauseChecked).toBe(false)
  await guardStep({ moveKey: 'plan-x/move-3', route: { amountUsd: move.amount }, move: input }, async () => {
    pauseChecked = true
  })
  expect(pauseChecked).toBe(true)
})
