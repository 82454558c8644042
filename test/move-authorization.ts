import { resolve } from 'node:path'
import { sha256, stringToBytes } from 'viem/utils'
import type { MoveAuthorization } from '../activities/approval-verification.js'
import { loadPolicy } from '../activities/policy-file.js'
import { planMovesText } from '../lib/signed-messages.js'
import type { ExecuteMoveInput } from '../workflows/execute-move.js'

/**
 * The policy tests and benches authorize their directly started moves under: the devnet e2e policy,
 * whose `approvals.autoApproveMaxUsd` (10,000,000 USD) covers every amount they move.
 */
export const DIRECT_MOVE_POLICY = 'test/fixtures/policy-devnet-e2e.yaml'

/** A move as tests start it, without its authorization. */
export type DirectMove = Omit<ExecuteMoveInput, 'authorization'>

/**
 * The `auto` authorization a cycle would give `move` as the only move of its plan: the policy's path
 * (absolute, so a worker process in any directory finds it), its sha256 as the worker computes it
 * (`loadPolicy`, the same code `authorizeMove` and the step guard run) and the plan hash of the one-move
 * plan (sha256 of `planMovesText`, as the cycle computes it). Throws when the policy's auto-approve limit
 * does not cover the amount, so that a test never starts a move the guard would refuse by mistake.
 */
export async function autoMoveAuthorization(
  move: Pick<DirectMove, 'from' | 'to' | 'amount'>,
  policyPath: string = DIRECT_MOVE_POLICY,
): Promise<MoveAuthorization> {
  const path = resolve(policyPath)
  const { policy, ref } = await loadPolicy(path)
  const limit = policy.approvals?.autoApproveMaxUsd
  if (limit === undefined || Number(move.amount) > limit) {
    throw new Error(
      `${policyPath}: approvals.autoApproveMaxUsd (${limit ?? 'unset'}) does not cover ${move.amount} USD; authorize the test move under a policy whose limit does`,
    )
  }
  const text = planMovesText([{ from: move.from, to: move.to, amount: move.amount, needsApproval: false }])
  return {
    policyPath: path,
    policySha256: ref.sha256,
    planHash: sha256(stringToBytes(text)).slice(2),
    approval: { kind: 'auto' },
  }
}

/** `move` with the {@link autoMoveAuthorization} it needs to pass `authorizeMove` and every step guard. */
export async function authorizedMove(
  move: DirectMove,
  policyPath: string = DIRECT_MOVE_POLICY,
): Promise<ExecuteMoveInput> {
  return { ...move, authorization: await autoMoveAuthorization(move, policyPath) }
}
