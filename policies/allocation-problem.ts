import type { ChainName } from '../chains/names.js'
import { everythingAvailable, type PlanningAvailability } from './availability.js'
import { anyLimited, type BridgeCaps, type BridgeRow, bridgeCaps, cutRows } from './bridge-cuts.js'
import { type ConversionRow, conversionRows } from './conversion-cuts.js'
import { InfeasibleConstraintsError, UnknownMarketError } from './input-errors.js'
import type { AllocationProblem } from './optimizer/optimize.js'
import { policyLocation } from './parse-policy.js'
import type { Policy } from './policy-schema.js'
import { rateLimitCapacities, withRateLimits } from './rate-limit-capacity.js'
import { incomeAfter, type MarketState } from './rate-models.js'
import type { Snapshot, SnapshotMarket } from './snapshot.js'

/** Why a market's bound sits where it does (shown as "what binds" in `sll plan`). */
export type BoundReason =
  | 'cash'
  | 'maxUtilization'
  | 'maxUsd'
  | 'maxShareOfMarket'
  | 'supplyCap'
  | 'not in policy'
  | 'managed total'
  | 'unavailable'
  | 'rateLimit'
  | 'relayer removed'
  | 'none'

/** Per-market bounds on our position x (USD). */
export type MarketBounds = {
  id: string
  chain: ChainName
  position: number
  lo: number
  hi: number
  loReason: BoundReason
  hiReason: BoundReason
  inPolicy: boolean
  state: MarketState
  /** Why the SLL controller keeps this market from moving (pre-flight), if it does. */
  unavailable?: string
}

/** A group cap resolved against a snapshot. */
export type ResolvedGroup = { name: string; members: number[]; cap: number }

/**
 * A ceiling below a floor (spec "Money that cannot leave is held, not an error"): the market (or every
 * member of the group) is held at its floor. `allowed` is what the ceiling allows (USD, >= 0).
 */
export type ResolvedBreach =
  | {
      kind: 'market'
      /** Index into `markets`. */
      market: number
      /** The policy or snapshot field exceeded: `maxUsd`, `maxShareOfMarket`, `supplyCap`, `markets`. */
      limit: 'maxUsd' | 'maxShareOfMarket' | 'supplyCap' | 'markets'
      allowed: number
      reason: string
    }
  | {
      kind: 'group'
      /** Index into `groups`. */
      group: number
      limit: 'maxShare'
      allowed: number
      reason: string
    }

/** The allocation problem plus what the planner needs to explain and place the result. */
export type ResolvedProblem = {
  problem: AllocationProblem
  markets: MarketBounds[]
  groups: ResolvedGroup[]
  /** Total managed money W = sum of positions + sum of idle. */
  managed: number
  /** Minimum idle per chain. */
  buffers: Partial<Record<ChainName, number>>
  /** Current idle per chain. */
  idle: Partial<Record<ChainName, number>>
  /** Ceilings below floors (markets, groups), in market / group order. Buffers are checked on the plan. */
  breaches: ResolvedBreach[]
  /** Money that can leave the markets now: W - sum of floors (what buffers can be filled from). */
  liquid: number
  /** Directed chain pairs (`from>to`) the move planner must not bridge along (pre-flight). */
  blockedRoutes: Set<string>
  /**
   * Bridge capacities (on-chain LayerZero keys, policy routes, blocked pairs) and their cut rows, which are
   * also rows of `problem` (after the group rows); absent when no pair is limited.
   */
  bridge?: { caps: BridgeCaps; rows: BridgeRow[] }
  /** PSM / swap keys' cut rows (`conversion-cuts.ts`), rows of `problem` after the bridge rows. */
  conversion: ConversionRow[]
}

const matches = (value: string, pattern: string | readonly string[] | undefined) =>
  pattern === undefined || (typeof pattern === 'string' ? pattern === value : pattern.includes(value))

function marketState(m: SnapshotMarket): MarketState {
  return {
    totalSupply: Number(m.totalSupply),
    totalBorrow: Number(m.totalBorrow),
    position: Number(m.position),
    rateModel: m.rateModel,
  }
}

/**
 * Resolves a policy against a snapshot into bounds per market, group rows and the budget.
 *
 * A ceiling below a floor (a market or group holding more than its limit allows while the cash cannot
 * repay it, buffers the liquid money cannot fill) is not an error: the market or group is held at its
 * floor and the case is listed in `breaches` (buffers: see `planAllocation`).
 *
 * @throws {UnknownMarketError} when the policy lists a market the snapshot lacks.
 * @throws {InfeasibleConstraintsError} when the policy cannot hold whatever the markets' cash: buffers
 *   above the money managed.
 */
export function resolveProblem(
  snapshot: Snapshot,
  policy: Policy,
  preflight: PlanningAvailability = everythingAvailable,
): ResolvedProblem {
  const availability = withRateLimits(preflight, rateLimitCapacities(snapshot.rateLimits))
  const byId = new Map(snapshot.markets.map((m, i) => [m.id, i]))
  policy.markets.forEach((pm, i) => {
    if (!byId.has(pm.id)) {
      const known = snapshot.markets.map((m) => m.id)
      throw new UnknownMarketError(
        policyLocation(policy, `markets[${i}].id`),
        `unknown market id "${pm.id}": the snapshot has no such market`,
        `Use one of the snapshot's market ids: ${known.slice(0, 20).join(', ')}${known.length > 20 ? ', ...' : ''}.`,
      )
    }
  })
  const policyIndex = new Map(policy.markets.map((m, i) => [m.id, i]))
  const idle: Partial<Record<ChainName, number>> = {}
  for (const i of snapshot.idle) idle[i.chain] = (idle[i.chain] ?? 0) + Number(i.amount)
  const managed =
    snapshot.markets.reduce((s, m) => s + Number(m.position), 0) +
    Object.values(idle).reduce((s, v) => s + (v ?? 0), 0)

  const breaches: ResolvedBreach[] = []
  const byMarket = new Map(availability.markets.map((a) => [a.market, a]))
  const frozen = availability.relayerRemoved.length > 0
  const policyBounds: MarketBounds[] = snapshot.markets.map((m, mi) => {
    const state = marketState(m)
    const { totalSupply: S, totalBorrow: B, position: p } = state
    const others = S - p
    const pIdx = policyIndex.get(m.id)
    let lo = Math.max(0, p - (S - B))
    let loReason: BoundReason = lo > 0 ? 'cash' : 'none'
    if (pIdx === undefined) {
      if (lo > 1e-6) {
        breaches.push({
          kind: 'market',
          market: mi,
          limit: 'markets',
          allowed: 0,
          reason: `not in the policy's markets, and ${floorWhy(state, lo, 'cash')}`,
        })
      }
      return {
        id: m.id,
        chain: m.chain,
        position: p,
        lo,
        hi: lo,
        loReason,
        hiReason: 'not in policy',
        inPolicy: false,
        state,
      }
    }
    const pm = policy.markets[pIdx]!
    const maxU = pm.maxUtilization ?? policy.defaults?.maxUtilization
    if (maxU !== undefined) {
      const floor = Math.max(0, Math.min(p, B / maxU - others))
      if (floor > lo) {
        lo = floor
        loReason = 'maxUtilization'
      }
    }
    let hi = managed
    let hiReason = 'managed total' as BoundReason
    const tighten = (v: number, why: BoundReason) => {
      if (v < hi) {
        hi = v
        hiReason = why
      }
    }
    const maxUsd = pm.maxUsd ?? policy.defaults?.maxUsd
    if (maxUsd !== undefined) tighten(maxUsd, 'maxUsd')
    const share = pm.maxShareOfMarket ?? policy.defaults?.maxShareOfMarket
    if (share !== undefined && share < 1) tighten((share * others) / (1 - share), 'maxShareOfMarket')
    if (m.supplyCap !== undefined && m.supplyCap !== null) tighten(Number(m.supplyCap) - others, 'supplyCap')
    hi = Math.max(0, hi)
    if (hi < lo - 1e-6) {
      // Held at its floor: withdrawn as far as cash and maxUtilization allow, nothing new goes in.
      breaches.push({
        kind: 'market',
        market: mi,
        limit: hiReason as 'maxUsd' | 'maxShareOfMarket' | 'supplyCap',
        allowed: hi,
        reason: floorWhy(state, lo, loReason, maxU),
      })
    }
    hi = Math.max(hi, lo)
    return { id: m.id, chain: m.chain, position: p, lo, hi, loReason, hiReason, inPolicy: true, state }
  })
  const markets = policyBounds.map((b) =>
    applyAvailability(b, frozen ? 'relayer removed' : byMarket.get(b.id)),
  )

  const groups: ResolvedGroup[] = policy.groups.map((g, gi) => {
    const members: number[] = []
    snapshot.markets.forEach((m, i) => {
      if (
        matches(m.chain, g.match.chain) &&
        matches(m.protocol, g.match.protocol) &&
        matches(m.asset, g.match.asset)
      ) {
        members.push(i)
      }
    })
    const cap = g.maxShare * managed
    const stuck = members.reduce((s, i) => s + markets[i]!.lo, 0)
    if (stuck > cap + 1e-6) {
      // The group takes nothing new: a cap of exactly the members' floors holds each member at its floor.
      const held = members
        .filter((i) => markets[i]!.lo > 1e-6)
        .map((i) => `${markets[i]!.id} ${usdText(markets[i]!.lo)}`)
      breaches.push({
        kind: 'group',
        group: gi,
        limit: 'maxShare',
        allowed: cap,
        reason: `${usdText(stuck)} USD cannot leave its markets now (${held.join(', ')})`,
      })
    }
    return { name: g.name, members, cap: Math.max(cap, stuck) }
  })

  const buffers: Partial<Record<ChainName, number>> = {}
  for (const b of policy.buffers) buffers[b.chain] = (buffers[b.chain] ?? 0) + b.minIdleUsd
  const bufferTotal = Object.values(buffers).reduce((s, v) => s + (v ?? 0), 0)
  const floors = markets.reduce((s, m) => s + m.lo, 0)
  const budget = managed - bufferTotal
  if (bufferTotal > managed + 1e-6) {
    // Not a breach: no amount of cash in the markets could fill these buffers.
    throw new InfeasibleConstraintsError(
      policyLocation(policy, 'buffers[0].minIdleUsd'),
      `constraints cannot all hold: buffers need ${bufferTotal.toFixed(2)} USD idle but only ${managed.toFixed(2)} USD is managed`,
      'Lower the buffers (minIdleUsd) to at most the money managed.',
    )
  }

  const blockedRoutes = new Set(frozen ? [] : availability.blockedRoutes.map((r) => `${r.from}>${r.to}`))
  const bridge = frozen
    ? undefined
    : bridgeConstraints(policy, availability, blockedRoutes, markets, idle, buffers)
  const conversion = frozen
    ? []
    : conversionRows({
        section: snapshot.rateLimits,
        markets: markets.map((m, i) => ({ ...m, asset: snapshot.markets[i]!.asset })),
        idle,
        caps: bridge?.caps,
        budget: Math.max(budget, floors),
      })
  const problem: AllocationProblem = {
    budget: Math.max(budget, floors),
    rows: [
      ...groups.map((g) => ({ members: g.members, cap: g.cap })),
      ...(bridge?.rows.map((r) => ({ members: r.members, cap: r.cap })) ?? []),
    ],
    // Conversion cuts rarely bind and can be many: cutting planes (`optimizer/optimize.ts`).
    ...(conversion.length > 0
      ? { lazyRows: conversion.map((r) => ({ members: r.members, cap: r.cap })) }
      : {}),
    variables: markets.map((m) => {
      const model = m.state.rateModel
      const hints = [m.position]
      if (model.kind === 'kinked')
        hints.push(m.state.totalBorrow / model.optimalUtilization - (m.state.totalSupply - m.position))
      if (model.kind === 'adaptive-curve')
        hints.push(m.state.totalBorrow / model.targetUtilization - (m.state.totalSupply - m.position))
      return {
        income: (x: number) => incomeAfter(m.state, x),
        lo: m.lo,
        hi: m.hi,
        linear: model.kind === 'fixed' || m.state.totalBorrow === 0,
        supplyOffset: m.state.totalSupply - m.position,
        hints,
      }
    }),
  }
  return {
    problem,
    markets,
    groups,
    managed,
    buffers,
    idle,
    breaches,
    liquid: managed - floors,
    blockedRoutes,
    ...(bridge ? { bridge } : {}),
    conversion,
  }
}

/** Bridge capacities and cut rows (`bridge-cuts.ts`), or undefined when no pair is limited. */
function bridgeConstraints(
  policy: Policy,
  availability: PlanningAvailability,
  blocked: Set<string>,
  markets: MarketBounds[],
  idle: Partial<Record<ChainName, number>>,
  buffers: Partial<Record<ChainName, number>>,
): ResolvedProblem['bridge'] {
  const onChain = new Map((availability.routeCapacities ?? []).map((r) => [`${r.from}>${r.to}`, r.maxUsd]))
  const caps = bridgeCaps(policy, onChain, blocked)
  if (!anyLimited(caps)) return undefined
  const holdings: Partial<Record<ChainName, number>> = { ...idle }
  for (const m of markets) holdings[m.chain] = (holdings[m.chain] ?? 0) + m.position
  const rateLimited = new Set([...onChain].filter(([pair, usd]) => caps.get(pair) === usd).map(([p]) => p))
  return { caps, rows: cutRows({ markets, holdings, buffers, caps, rateLimited }) }
}

/**
 * Tightens a market's policy bounds with what its controller allows: no deposit -> no inflow, no withdraw
 * -> keeps its position, limited keys -> at most their capacity in or out. The SLL's refusal wins over the
 * policy (a market over its ceiling that cannot be withdrawn from is held, not an error).
 */
function applyAvailability(
  b: MarketBounds,
  a: PlanningAvailability['markets'][number] | 'relayer removed' | undefined,
): MarketBounds {
  if (a === undefined) return b
  const p = b.position
  if (a === 'relayer removed')
    return { ...b, lo: p, hi: p, loReason: 'relayer removed', hiReason: 'relayer removed', unavailable: a }
  let { lo, hi, loReason, hiReason } = b
  const reasons: string[] = []
  if (a.withdraw !== undefined) {
    if (p > lo) [lo, loReason] = [p, 'unavailable']
    reasons.push(`withdraw: ${a.withdraw}`)
  } else if (a.maxOutflowUsd !== undefined && p - a.maxOutflowUsd > lo) {
    ;[lo, loReason] = [p - a.maxOutflowUsd, 'rateLimit']
  }
  if (a.deposit !== undefined) {
    if (p < hi) [hi, hiReason] = [p, 'unavailable']
    reasons.push(`deposit: ${a.deposit}`)
  } else if (a.maxInflowUsd !== undefined && p + a.maxInflowUsd < hi) {
    ;[hi, hiReason] = [p + a.maxInflowUsd, 'rateLimit']
  }
  if (hi < lo) hi = lo
  return { ...b, lo, hi, loReason, hiReason, ...(reasons.length ? { unavailable: reasons.join('; ') } : {}) }
}

/** USD amount for a reason text: whole dollars (cents below 100 USD). */
export function usdText(v: number): string {
  return Math.abs(v) >= 100 ? Math.round(v).toString() : (Math.round(v * 100) / 100).toString()
}

/** Why `lo` USD cannot leave a market now (the reason of a breach). */
function floorWhy(state: MarketState, lo: number, why: BoundReason, maxU?: number): string {
  const cash = Math.max(0, state.totalSupply - state.totalBorrow)
  if (why === 'maxUtilization') {
    const u = maxU === undefined ? '' : Number(maxU.toFixed(4))
    return `maxUtilization ${u} keeps ${usdText(lo)} USD in the market (${usdText(cash)} USD of cash; withdrawing more would push utilization above ${u})`
  }
  return `only ${usdText(cash)} USD of cash: ${usdText(lo)} USD cannot leave now`
}
