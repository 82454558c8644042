import { microToNumber } from '../lib/amounts.js'
import type { ResolvedProblem } from './allocation-problem.js'
import { type MovePlan, planMoves } from './move-planner.js'
import {
  type AllocationProblem,
  type AllocationResult,
  InfeasibleAllocationError,
  optimizeAllocation,
} from './optimizer/optimize.js'
import { horizonYears, keepsMoveRules, type ObjectiveValue, objectiveOf } from './plan-objective.js'
import type { Policy } from './policy-schema.js'
import type { Snapshot } from './snapshot.js'

/**
 * How the plan's objective was solved: `exact` (the branch and bound over active sets finished: no
 * active set does better than `boundGapUsd` above the plan), `node-budget` (stopped at the solve budget:
 * the best plan found, at most `boundGapUsd` below the optimum), `heuristic` (too many movable markets
 * to search: the income optimum with the moves not worth their cost dropped).
 */
export type ObjectiveMethod = 'exact' | 'node-budget' | 'heuristic'

/** Result of {@link searchActiveSets}. */
export type ActiveSetResult = {
  plan: MovePlan
  value: ObjectiveValue
  /** Value of today's heuristic plan (income optimum, then dropping moves not worth their cost). */
  heuristicValueUsd: number
  method: ObjectiveMethod
  /** Concave solves spent (each a relaxation with some markets held at their position). */
  solves: number
  /** Proven upper bound on the objective minus the plan's value (USD, >= 0; 0 when nothing is open). */
  boundGapUsd: number
}

/** Tuning of {@link searchActiveSets}. */
export type ActiveSetOptions = {
  /** Search only when at most this many markets can move (default 12). */
  maxMarkets?: number
  /** Concave solves at most (default 256). */
  maxSolves?: number
}

/** Input of {@link searchActiveSets}. */
export type ActiveSetInput = {
  snapshot: Snapshot
  policy: Policy
  resolved: ResolvedProblem
  /** The income optimum of `resolved.problem` (every market free). */
  optimum: AllocationResult
  options?: ActiveSetOptions
}

type Node = {
  /** Markets that must move (each costs at least one transaction on its chain). */
  forced: number[]
  /** Markets held at their position. */
  held: Set<number>
  undecided: number[]
  relax: AllocationResult
  /** Upper bound on the objective of every active set of this node (USD). */
  bound: number
}

/**
 * Maximises the planning objective (interest over the horizon minus the fixed and transit costs of the
 * moves) over active sets: which markets change. For a given active set the income-optimal amounts are
 * the concave problem the optimizer solves exactly (the other markets held at their position); the moves
 * that reach them are drafted and valued as in `planMoves`. Branch and bound on one market at a time
 * (moves / stays), best first: a node's bound is the income over the horizon of its relaxation (the
 * undecided markets free, no cost for them) minus one transaction on the chain of each market forced to
 * move (every move pays at least one transaction per market it touches). Today's plan is the first
 * incumbent; the relaxation's own allocation is drafted at every node. Pure.
 */
export function searchActiveSets(input: ActiveSetInput): ActiveSetResult {
  const { snapshot, policy, resolved, optimum } = input
  const maxMarkets = input.options?.maxMarkets ?? 12
  const maxSolves = input.options?.maxSolves ?? 256
  const H = horizonYears(policy)
  const W = Math.max(1, resolved.managed)
  const tol = 1e-9 * W * H
  const same = 1e-9 * W
  const draft = (x: number[], draftOnly: boolean) => planMoves({ snapshot, policy, resolved, x, draftOnly })

  const heuristic = draft(optimum.x, false)
  let best = { plan: heuristic, value: objectiveOf(resolved, policy, heuristic) }
  const heuristicValueUsd = best.value.valueUsd
  const reaches = (plan: MovePlan, x: number[]) =>
    plan.targets.every((t, i) => Math.abs(microToNumber(t) - x[i]!) <= Math.max(1e-3, 1e-9 * W))
  const consider = (x: number[]) => {
    for (const draftOnly of [true, false]) {
      const plan = draft(x, draftOnly)
      // A draft counts only where its moves reach the active set's amounts and keep the move rules.
      if (draftOnly && (!keepsMoveRules(policy, plan) || !reaches(plan, x))) continue
      const value = objectiveOf(resolved, policy, plan)
      if (value.valueUsd > best.value.valueUsd + tol) best = { plan, value }
    }
  }
  const result = (method: ObjectiveMethod, solves: number, bound: number): ActiveSetResult => ({
    ...best,
    heuristicValueUsd,
    method,
    solves,
    boundGapUsd: Math.max(0, bound - best.value.valueUsd),
  })

  const markets = resolved.markets
  const movable: number[] = []
  const forced: number[] = []
  markets.forEach((m, i) => {
    if (m.position < m.lo - same || m.position > m.hi + same) forced.push(i)
    else if (m.hi - m.lo > same) movable.push(i)
  })
  const relaxBound = (r: AllocationResult) => H * Math.max(r.income, r.upperBound)
  if (!costsMatter(snapshot, policy)) {
    // The objective is the income: the optimizer's optimum is exact where the moves reach it.
    const bound = relaxBound(optimum)
    return result(best.value.valueUsd >= bound - tol ? 'exact' : 'heuristic', 0, bound)
  }
  if (movable.length > maxMarkets) return result('heuristic', 0, Number.POSITIVE_INFINITY)
  const txOf = (i: number) => snapshot.costs?.txUsd[markets[i]!.chain] ?? 0

  let solves = 0
  const solve = (held: Set<number>): AllocationResult | undefined => {
    solves++
    try {
      return optimizeAllocation(holdAt(resolved, held))
    } catch (e) {
      if (e instanceof InfeasibleAllocationError) return undefined
      throw e
    }
  }
  const moves = (r: AllocationResult, i: number) => Math.abs(r.x[i]! - markets[i]!.position) > same
  const forcedCost = (f: number[]) => f.reduce((s, i) => s + txOf(i), 0)
  const seen = new Set<AllocationResult>([optimum])
  const open: Node[] = [
    {
      forced,
      held: new Set(),
      undecided: movable,
      relax: optimum,
      bound: relaxBound(optimum) - forcedCost(forced),
    },
  ]
  while (open.length > 0) {
    let bi = 0
    for (let k = 1; k < open.length; k++) if (open[k]!.bound > open[bi]!.bound) bi = k
    const node = open[bi]!
    if (node.bound <= best.value.valueUsd + tol) {
      open.length = 0
      break
    }
    if (solves >= maxSolves) return result('node-budget', solves, node.bound)
    open[bi] = open[open.length - 1]!
    open.pop()
    if (!seen.has(node.relax)) {
      seen.add(node.relax)
      consider(node.relax.x)
    }
    if (node.undecided.length === 0) continue
    // Branch on a market the relaxation moves (the one moving most), else on any undecided one.
    const movers = node.undecided.filter((i) => moves(node.relax, i))
    const pick = movers.length
      ? movers.reduce((a, b) =>
          Math.abs(node.relax.x[b]! - markets[b]!.position) >
          Math.abs(node.relax.x[a]! - markets[a]!.position)
            ? b
            : a,
        )
      : node.undecided[0]!
    const undecided = node.undecided.filter((i) => i !== pick)
    const f = [...node.forced, pick]
    open.push({
      forced: f,
      held: node.held,
      undecided,
      relax: node.relax,
      bound: relaxBound(node.relax) - forcedCost(f),
    })
    const held = new Set(node.held).add(pick)
    const relax = moves(node.relax, pick) ? solve(held) : node.relax
    if (relax) {
      open.push({
        forced: node.forced,
        held,
        undecided,
        relax,
        bound: relaxBound(relax) - forcedCost(node.forced),
      })
    }
  }
  return result('exact', solves, best.value.valueUsd)
}

/** Whether any move could cost something or be refused for its size (else the objective is the income). */
function costsMatter(snapshot: Snapshot, policy: Policy): boolean {
  const c = snapshot.costs
  const anyCost =
    c !== undefined &&
    (Object.values(c.txUsd).some((v) => (v ?? 0) > 0) ||
      c.bridgeUsd > 0 ||
      c.bridgeHours > 0 ||
      (c.cctpUsd ?? 0) > 0 ||
      (c.cctpHours ?? 0) > 0)
  return anyCost || policy.moves.minMoveUsd > 0 || policy.moves.maxMovesPerCycle !== undefined
}

/** The allocation problem with the markets of `held` held at their position (bounds lo = hi = position). */
export function holdAt(resolved: ResolvedProblem, held: Set<number>): AllocationProblem {
  const p = resolved.problem
  return {
    ...p,
    variables: p.variables.map((v, i) => {
      if (!held.has(i)) return v
      const x = resolved.markets[i]!.position
      return { ...v, lo: x, hi: x, hints: [] }
    }),
  }
}
