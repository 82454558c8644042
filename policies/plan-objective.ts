import { microToNumber } from '../lib/amounts.js'
import type { ResolvedProblem } from './allocation-problem.js'
import type { MovePlan } from './move-planner.js'
import type { Policy } from './policy-schema.js'
import { incomeAfter } from './rate-models.js'

/**
 * The value of a plan under the planning objective (USD over `moves.horizonDays`): interest of the
 * targets over the horizon minus the cost of the moves (transactions, bridge fee, interest lost while
 * bridging: each move's `costUsd`). See `policies/README.md` "Objective".
 */
export type ObjectiveValue = {
  /** Interest over the horizon minus costs (USD). */
  valueUsd: number
  /** Interest of the targets over the horizon (USD). */
  interestUsd: number
  /** Sum of the moves' `costUsd` (USD). */
  costUsd: number
}

/** Policy horizon in years. */
export function horizonYears(policy: Policy): number {
  return policy.moves.horizonDays / 365
}

/** Values a move plan under the objective (pure). */
export function objectiveOf(resolved: ResolvedProblem, policy: Policy, plan: MovePlan): ObjectiveValue {
  const yearly = resolved.markets.reduce(
    (s, m, i) => s + incomeAfter(m.state, microToNumber(plan.targets[i]!)),
    0,
  )
  const interestUsd = yearly * horizonYears(policy)
  const costUsd = plan.moves.reduce((s, mv) => s + mv.costUsd, 0)
  return { valueUsd: interestUsd - costUsd, interestUsd, costUsd }
}

/**
 * Whether a move plan keeps the move rules of the policy: every move at least `minMoveUsd`, at most
 * `maxMovesPerCycle` moves.
 */
export function keepsMoveRules(policy: Policy, plan: MovePlan): boolean {
  const max = policy.moves.maxMovesPerCycle
  if (max !== undefined && plan.moves.length > max) return false
  return plan.moves.every((mv) => microToNumber(mv.amount) >= policy.moves.minMoveUsd)
}
