import type { ChainName } from '../chains/names.js'
import { formatMicro, type Micro, microToNumber, toMicro } from '../lib/amounts.js'
import { type ResolvedProblem, resolveProblem } from './allocation-problem.js'
import { planMoves } from './move-planner.js'
import { optimizeAllocation } from './optimizer/optimize.js'
import type { Policy, PolicyRef } from './policy-schema.js'
import { incomeAfter, supplyRateAfter } from './rate-models.js'
import type { Snapshot } from './snapshot.js'

/** One move of a plan (spec `docs/plan-cli.md`), plus compatible extras. */
export type PlannedMove = {
  from: string
  to: string
  /** Decimal string, at most 6 decimals. */
  amount: string
  /** `layerzero` for a cross-chain move, `none` on the same chain. */
  bridge: 'layerzero' | 'none'
  needsApproval: boolean
  /** Net benefit over the policy horizon after costs, USD with 2 decimals. */
  netBenefitUsd: string
  /** Extra: cost of the move in USD (2 decimals). */
  costUsd: string
}

/** Target of one market (spec) with extras: current amount, rates, and what binds. */
export type PlannedTarget = {
  market: string
  amount: string
  current: string
  /** Supply rate now and after the plan (fractions). */
  currentRate: number
  plannedRate: number
  /** What limits this market at its target (`maxUsd`, `group:morpho`, `cash`, ...), or `none`. */
  binding: string
}

/** The plan JSON of `docs/plan-cli.md` (version 1). Plain JSON: crosses Temporal payloads. */
export type Plan = {
  version: 1
  policy: PolicyRef
  /** Snapshot time the plan was made from. */
  takenAt: string
  targets: PlannedTarget[]
  idle: { chain: ChainName; amount: string }[]
  moves: PlannedMove[]
  summary: {
    managedUsd: string
    currentApr: number
    plannedApr: number
    /** APR of the unconstrained-by-costs optimum (before dropping moves not worth their cost). */
    optimalApr: number
    /** Interest per year now and after the plan (USD, 2 decimals). */
    currentInterestUsd: string
    plannedInterestUsd: string
  }
}

/** Input of {@link planAllocation}. */
export type PlanAllocationInput = { snapshot: Snapshot; policy: Policy; policyRef: PolicyRef }

/**
 * Plans the allocation: the global optimum of total interest under every policy and market constraint,
 * then the fewest moves worth their cost. Pure and deterministic (no I/O, clock or env): workflows
 * may call it directly.
 *
 * @throws {UnknownMarketError} when the policy names a market the snapshot lacks.
 * @throws {InfeasibleConstraintsError} when the constraints cannot all hold.
 */
export function planAllocation(input: PlanAllocationInput): Plan {
  const { snapshot, policy, policyRef } = input
  const resolved = resolveProblem(snapshot, policy)
  const optimum = optimizeAllocation(resolved.problem)
  const drafted = planMoves({ snapshot, policy, resolved, x: optimum.x })
  const W = resolved.managed
  const autoMax = policy.approvals?.autoApproveMaxUsd
  const targetsUsd = drafted.targets.map(microToNumber)
  const currentInterest = resolved.markets.reduce((s, m) => s + incomeAfter(m.state, m.position), 0)
  const plannedInterest = resolved.markets.reduce((s, m, i) => s + incomeAfter(m.state, targetsUsd[i]!), 0)
  const apr = (v: number) => (W > 0 ? v / W : 0)
  return {
    version: 1,
    policy: { name: policyRef.name, sha256: policyRef.sha256 },
    takenAt: snapshot.takenAt,
    targets: resolved.markets.map((m, i) => ({
      market: m.id,
      amount: formatMicro(drafted.targets[i]!),
      current: formatMicro(toMicro(snapshot.markets[i]!.position)),
      currentRate: supplyRateAfter(m.state, m.position),
      plannedRate: supplyRateAfter(m.state, targetsUsd[i]!),
      binding: bindingOf(resolved, i, targetsUsd),
    })),
    idle: Object.entries(drafted.idle).map(([chain, amount]) => ({
      chain: chain as ChainName,
      amount: formatMicro(amount as Micro),
    })),
    moves: drafted.moves.map((mv) => ({
      from: mv.from,
      to: mv.to,
      amount: formatMicro(mv.amount),
      bridge: mv.fromChain === mv.toChain ? 'none' : 'layerzero',
      needsApproval: autoMax === undefined ? true : microToNumber(mv.amount) > autoMax,
      netBenefitUsd: mv.netBenefitUsd.toFixed(2),
      costUsd: mv.costUsd.toFixed(2),
    })),
    summary: {
      managedUsd: formatMicro(
        snapshot.markets.reduce((s, m) => s + toMicro(m.position), 0n) +
          snapshot.idle.reduce((s, i) => s + toMicro(i.amount), 0n),
      ),
      currentApr: apr(currentInterest),
      plannedApr: apr(plannedInterest),
      optimalApr: apr(optimum.income),
      currentInterestUsd: currentInterest.toFixed(2),
      plannedInterestUsd: plannedInterest.toFixed(2),
    },
  }
}

function bindingOf(resolved: ResolvedProblem, i: number, targets: number[]): string {
  const m = resolved.markets[i]!
  const t = targets[i]!
  const tol = Math.max(1, 1e-7 * resolved.managed)
  const reasons: string[] = []
  if (!m.inPolicy) return m.lo > 0 ? 'not in policy (cash-limited)' : 'not in policy'
  if (t >= m.hi - tol && m.hi > 0) reasons.push(m.hiReason)
  if (t <= m.lo + tol && m.lo > 0) reasons.push(m.loReason)
  for (const g of resolved.groups) {
    if (!g.members.includes(i)) continue
    const sum = g.members.reduce((s, k) => s + targets[k]!, 0)
    if (sum >= g.cap - tol) reasons.push(`group:${g.name}`)
  }
  return reasons.length ? reasons.join(',') : 'none'
}

/** Moves of a plan that wait for a human (above `approvals.autoApproveMaxUsd`). */
export function movesNeedingApproval(plan: Plan): PlannedMove[] {
  return plan.moves.filter((m) => m.needsApproval)
}
