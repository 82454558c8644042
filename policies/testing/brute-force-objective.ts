import { chainNames } from '../../chains/names.js'
import { resolveProblem } from '../allocation-problem.js'
import { planMoves } from '../move-planner.js'
import type { AllocationProblem } from '../optimizer/optimize.js'
import { keepsMoveRules, objectiveOf } from '../plan-objective.js'
import type { Policy } from '../policy-schema.js'
import type { Snapshot } from '../snapshot.js'
import { bruteForceOptimum } from './brute-force.js'
import { randomRateLimits } from './random-rate-limits.js'
import { randomScenario, seededRandom } from './random-scenario.js'

// Reference optimum of the planning objective (policies/README.md "Objective") for small instances.
// Tests and benchmarks only.

/** A small random instance on 2-3 chains with binding rate limits and costs that matter (incl. transit). */
export function costlyInstance(seed: number): { snapshot: Snapshot; policy: Policy } {
  const rnd = seededRandom(seed * 7919)
  const s = randomScenario(seed, { markets: 2 + (seed % 3), dominantShare: 0.4 })
  const chains = chainNames.slice(0, 2 + (seed % 2))
  const snapshot0: Snapshot = {
    ...s.snapshot,
    markets: s.snapshot.markets.map((m, i) => ({ ...m, chain: chains[i % chains.length]! })),
    idle: s.snapshot.idle.map((d, i) => ({ ...d, chain: chains[i % chains.length]! })),
  }
  const txUsd: Partial<Record<(typeof chainNames)[number], number>> = {}
  for (const c of chains) txUsd[c] = Math.round(rnd() * 40_000)
  const snapshot: Snapshot = {
    ...snapshot0,
    costs: {
      txUsd,
      bridgeUsd: Math.round(rnd() * 60_000),
      bridgeHours: rnd() * 72,
      ...(rnd() < 0.5 ? { cctpUsd: Math.round(rnd() * 30_000), cctpHours: rnd() * 24 } : {}),
    },
    rateLimits: randomRateLimits(seed, snapshot0),
  }
  const policy: Policy = { ...s.policy, moves: { minMoveUsd: 0, horizonDays: 1 + Math.floor(rnd() * 10) } }
  return { snapshot, policy }
}

/** The problem over the markets of `free` only: the others' positions taken off the budget and rows. */
function reduced(problem: AllocationProblem, free: number[], positions: number[]): AllocationProblem {
  const held = (members: number[]) =>
    members.filter((i) => !free.includes(i)).reduce((s, i) => s + positions[i]!, 0)
  return {
    budget: problem.budget - held(problem.variables.map((_, i) => i)),
    rows: problem.rows
      .map((r) => ({
        members: r.members.filter((i) => free.includes(i)).map((i) => free.indexOf(i)),
        cap: r.cap - held(r.members),
      }))
      .filter((r) => r.members.length > 0),
    variables: free.map((i) => problem.variables[i]!),
  }
}

/**
 * Brute-force optimum of the objective: every active set (which markets change), each with the income
 * optimum of that set found by exhaustive search (not the optimizer), drafted into moves and valued.
 */
export function bruteForceObjective(snapshot: Snapshot, policy: Policy): number {
  const resolved = resolveProblem(snapshot, policy)
  const positions = resolved.markets.map((m) => m.position)
  const n = positions.length
  let best = Number.NEGATIVE_INFINITY
  for (let mask = 0; mask < 1 << n; mask++) {
    const free = [...Array(n).keys()].filter((i) => mask & (1 << i))
    const sub = reduced(resolved.problem, free, positions)
    if (sub.budget < -1e-6 || sub.rows.some((r) => r.cap < -1e-6)) continue
    if (
      resolved.markets.some(
        (m, i) => !free.includes(i) && (m.position < m.lo - 1e-6 || m.position > m.hi + 1e-6),
      )
    )
      continue
    const x = [...positions]
    if (free.length > 0) {
      const [grid, refine] = free.length <= 2 ? [300, 40] : free.length === 3 ? [60, 24] : [12, 12]
      const r = bruteForceOptimum(sub, grid, refine)
      if (!Number.isFinite(r.income)) continue
      free.forEach((i, k) => {
        x[i] = r.x[k]!
      })
    }
    const plan = planMoves({ snapshot, policy, resolved, x, draftOnly: true })
    if (!keepsMoveRules(policy, plan)) continue
    best = Math.max(best, objectiveOf(resolved, policy, plan).valueUsd)
  }
  return best
}
