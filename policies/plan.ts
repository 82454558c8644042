import type { ChainName } from '../chains/names.js'
import { floatToMicroFloor, formatMicro, type Micro, microToNumber, toMicro } from '../lib/amounts.js'
import { type ObjectiveMethod, searchActiveSets } from './active-set-search.js'
import { type ResolvedProblem, resolveProblem, usdText } from './allocation-problem.js'
import {
  everythingAvailable,
  type PlanningAvailability,
  type RelayerRemoval,
  type UnavailableItem,
} from './availability.js'
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
  /** `layerzero` or `cctp` (USDC, chosen by cost, transit time and rate-limit room) cross-chain, `none` on the same chain. */
  bridge: 'layerzero' | 'cctp' | 'none'
  /**
   * Extra, cross-chain conversions only: the chain that converts when it is not the default (the source
   * chain when it has a PSM), because the default's PSM / swap keys lack the room.
   */
  convertOn?: ChainName
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

/**
 * A limit the plan cannot meet because money cannot leave a market now (spec `breaches`): a market or
 * group held at its floor, or a chain's buffer the liquid money cannot fill. `kind` is an extra that
 * says which of `market` / `group` / `chain` names it.
 */
export type PlanBreach = (
  | { kind: 'market'; market: string }
  | { kind: 'group'; group: string }
  | { kind: 'buffer'; chain: ChainName }
) & {
  /** The policy or snapshot field exceeded: `maxUsd`, `maxShareOfMarket`, `supplyCap`, `markets`, `maxShare`, `minIdleUsd`. */
  limit: string
  /** What the limit allows (a buffer: the idle it requires), decimal string. */
  allowedUsd: string
  /** What the plan holds there (market target, group total, idle on the chain), decimal string. */
  heldUsd: string
  reason: string
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
  /** Extra: venues, routes and chains left out because their controller would refuse (pre-flight). */
  unavailable?: UnavailableItem[]
  /** Extra: chains whose controller no longer grants RELAYER to the signer: the plan moves nothing. */
  relayerRemoved?: RelayerRemoval[]
  summary: {
    managedUsd: string
    currentApr: number
    plannedApr: number
    /** APR of the unconstrained-by-costs optimum (before dropping moves not worth their cost). */
    optimalApr: number
    /** Interest per year now and after the plan (USD, 2 decimals). */
    currentInterestUsd: string
    plannedInterestUsd: string
    /** Extra: the objective (interest over `horizonDays` minus move costs) and how it was solved. */
    objective?: PlanObjective
  }
  /** Present only when some limit cannot hold (spec: absent or empty when every limit holds). */
  breaches?: PlanBreach[]
}

/**
 * The plan's value under the planning objective (`policies/README.md` "Objective"): USD over the policy
 * horizon, 2 decimals. `method`: `exact` (branch and bound over active sets finished), `node-budget`
 * (stopped at its budget; the optimum is at most `boundGapUsd` above), `heuristic` (too many movable
 * markets: income optimum, then moves not worth their cost dropped).
 */
export type PlanObjective = {
  method: ObjectiveMethod
  valueUsd: string
  interestUsd: string
  costUsd: string
  /** Value of the income optimum with unworthy moves dropped (the heuristic plan). */
  heuristicValueUsd: string
  boundGapUsd: string
  solves: number
}

/** Input of {@link planAllocation}. `availability`: what the SLL controllers refuse (pre-flight). */
export type PlanAllocationInput = {
  snapshot: Snapshot
  policy: Policy
  policyRef: PolicyRef
  availability?: PlanningAvailability
}

/**
 * Plans the allocation: the optimum of interest over `moves.horizonDays` minus the fixed and transit
 * costs of the moves (`searchActiveSets`: exact over which markets move for small books, the income
 * optimum with unworthy moves dropped beyond), under every policy and market constraint. Pure and deterministic (no I/O, clock or env): workflows
 * may call it directly.
 *
 * A market or group whose floor (what cannot leave now) is above its ceiling is held at its floor and
 * listed in `breaches`, as is a buffer the liquid money cannot fill; everything else is planned as usual.
 *
 * @throws {UnknownMarketError} when the policy names a market the snapshot lacks.
 * @throws {InfeasibleConstraintsError} when the policy cannot hold whatever the cash (buffers above the
 *   money managed).
 */
export function planAllocation(input: PlanAllocationInput): Plan {
  const { snapshot, policy, policyRef } = input
  const availability = input.availability ?? everythingAvailable
  const resolved = resolveProblem(snapshot, policy, availability)
  const optimum = optimizeAllocation(resolved.problem)
  const search = searchActiveSets({ snapshot, policy, resolved, optimum })
  const drafted = search.plan
  const W = resolved.managed
  const autoMax = policy.approvals?.autoApproveMaxUsd
  const targetsUsd = drafted.targets.map(microToNumber)
  const currentInterest = resolved.markets.reduce((s, m) => s + incomeAfter(m.state, m.position), 0)
  const plannedInterest = resolved.markets.reduce((s, m, i) => s + incomeAfter(m.state, targetsUsd[i]!), 0)
  const apr = (v: number) => (W > 0 ? v / W : 0)
  const breaches = planBreaches(resolved, drafted.targets, drafted.idle)
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
      bridge: mv.fromChain === mv.toChain ? 'none' : (mv.bridge ?? 'layerzero'),
      ...(mv.convertOn ? { convertOn: mv.convertOn } : {}),
      needsApproval: autoMax === undefined ? true : microToNumber(mv.amount) > autoMax,
      netBenefitUsd: mv.netBenefitUsd.toFixed(2),
      costUsd: mv.costUsd.toFixed(2),
    })),
    ...(availability.unavailable.length ? { unavailable: availability.unavailable } : {}),
    ...(availability.relayerRemoved.length ? { relayerRemoved: availability.relayerRemoved } : {}),
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
      objective: {
        method: search.method,
        valueUsd: search.value.valueUsd.toFixed(2),
        interestUsd: search.value.interestUsd.toFixed(2),
        costUsd: search.value.costUsd.toFixed(2),
        heuristicValueUsd: search.heuristicValueUsd.toFixed(2),
        boundGapUsd: Number.isFinite(search.boundGapUsd) ? search.boundGapUsd.toFixed(2) : 'unknown',
        solves: search.solves,
      },
    },
    ...(breaches.length > 0 ? { breaches } : {}),
  }
}

/** A breach as one keyword (the `SllBreaches` search attribute): market id, `group:<name>` or `buffer:<chain>`. */
export function breachKey(b: PlanBreach): string {
  return b.kind === 'market' ? b.market : b.kind === 'group' ? `group:${b.group}` : `buffer:${b.chain}`
}

const usdField = (v: number) => formatMicro(floatToMicroFloor(Math.max(0, v)))

/** The breaches of a plan: markets and groups from the resolved problem, buffers from the final idle. */
function planBreaches(
  resolved: ResolvedProblem,
  targets: Micro[],
  idle: Partial<Record<ChainName, Micro>>,
): PlanBreach[] {
  const out: PlanBreach[] = []
  for (const b of resolved.breaches) {
    if (b.kind === 'market') {
      out.push({
        kind: 'market',
        market: resolved.markets[b.market]!.id,
        limit: b.limit,
        allowedUsd: usdField(b.allowed),
        heldUsd: formatMicro(targets[b.market]!),
        reason: b.reason,
      })
    } else {
      const g = resolved.groups[b.group]!
      out.push({
        kind: 'group',
        group: g.name,
        limit: b.limit,
        allowedUsd: usdField(b.allowed),
        heldUsd: formatMicro(g.members.reduce((s, i) => s + targets[i]!, 0n)),
        reason: b.reason,
      })
    }
  }
  const bufferTotal = Object.values(resolved.buffers).reduce((s, v) => s + (v ?? 0), 0)
  for (const [chain, min] of Object.entries(resolved.buffers) as [ChainName, number][]) {
    const held = idle[chain] ?? 0n
    // Float noise of the optimizer's targets (micro-USD on billions) is not a breach.
    if (!(microToNumber(held) < min - (1e-6 + resolved.managed * 1e-12))) continue
    const short = resolved.liquid < bufferTotal - 1e-6
    out.push({
      kind: 'buffer',
      chain,
      limit: 'minIdleUsd',
      allowedUsd: usdField(min),
      heldUsd: formatMicro(held),
      reason: short
        ? `buffers need ${usdText(bufferTotal)} USD idle but only ${usdText(resolved.liquid)} USD of the ${usdText(resolved.managed)} USD managed can leave the markets now`
        : `the allowed routes (and their maxUsdPerDay) do not let enough money reach ${chain}`,
    })
  }
  return out
}

function bindingOf(resolved: ResolvedProblem, i: number, targets: number[]): string {
  const m = resolved.markets[i]!
  const t = targets[i]!
  const tol = Math.max(1, 1e-7 * resolved.managed)
  const reasons: string[] = []
  if (m.unavailable !== undefined) {
    if (m.loReason === 'relayer removed') return 'relayer removed'
    const sides = ['deposit', 'withdraw'].filter((side) => m.unavailable?.includes(`${side}:`))
    if (!m.inPolicy) return `not in policy,unavailable:${sides.join('+')}`
    reasons.push(`unavailable:${sides.join('+')}`)
  }
  if (!m.inPolicy) return m.lo > 0 ? 'not in policy (cash-limited)' : 'not in policy'
  const named = (r: string, side: 'deposit' | 'withdraw') => (r === 'rateLimit' ? `rateLimit:${side}` : r)
  if (t >= m.hi - tol && m.hi > 0 && m.hiReason !== 'unavailable') reasons.push(named(m.hiReason, 'deposit'))
  if (t <= m.lo + tol && m.lo > 0 && m.loReason !== 'unavailable') reasons.push(named(m.loReason, 'withdraw'))
  for (const g of resolved.groups) {
    if (!g.members.includes(i)) continue
    const sum = g.members.reduce((s, k) => s + targets[k]!, 0)
    if (sum >= g.cap - tol) reasons.push(`group:${g.name}`)
  }
  // A bridge cut that binds limits the markets it fills: what can enter those chains is used up (the
  // binding cut with the fewest chains is named).
  let cut: { chains: string[]; rateLimited: boolean } | undefined
  for (const row of resolved.bridge?.rows ?? []) {
    if (t <= m.position + tol || !row.members.includes(i)) continue
    if (cut && cut.chains.length <= row.chains.length) continue
    const sum = row.members.reduce((s, k) => s + targets[k]!, 0)
    if (sum >= row.cap - tol) cut = row
  }
  if (cut) reasons.push(`${cut.rateLimited ? 'rateLimit:layerzero' : 'route'}:${cut.chains.join('+')}`)
  // A conversion cut that binds: the PSM / swap keys (and bridges) into these chains' stablecoin are used up.
  let conversion: { chains: string[]; coin: string } | undefined
  for (const row of resolved.conversion) {
    if (t <= m.position + tol || !row.members.includes(i)) continue
    if (conversion && conversion.chains.length <= row.chains.length) continue
    const sum = row.members.reduce((s, k) => s + targets[k]!, 0)
    if (sum >= row.cap - tol) conversion = row
  }
  if (conversion) reasons.push(`rateLimit:conversion:${conversion.coin}:${conversion.chains.join('+')}`)
  return reasons.length ? reasons.join(',') : 'none'
}

/** Moves of a plan that wait for a human (above `approvals.autoApproveMaxUsd`). */
export function movesNeedingApproval(plan: Plan): PlannedMove[] {
  return plan.moves.filter((m) => m.needsApproval)
}
