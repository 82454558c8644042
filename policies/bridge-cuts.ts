import { type ChainName, chainNames } from '../chains/names.js'
import type { AllocationRow } from './optimizer/optimize.js'
import type { Policy } from './policy-schema.js'

/**
 * Bridge capacities as constraints of the optimization (pure).
 *
 * Money crosses chains along directed pairs with a capacity each (the pair's LayerZero rate-limit keys,
 * the policy route's `maxUsdPerDay`, 0 for a pair that is blocked or that no policy route allows). Let
 * `H_c` be the money on chain c now (positions + idle), `B_c` its buffer and `M_c` the money the plan puts
 * into c's markets. With free disposal of idle money (what is not moved stays idle where it is), Gale's
 * supply-demand theorem says a flow that brings every chain its `d_c = M_c + B_c - H_c` exists if and only
 * if, for every set S of chains, the demand of S is at most what can enter S:
 *
 *   sum_{c in S} M_c  <=  cap(into S) + sum_{c in S} (H_c - B_c)
 *
 * (S = all chains is the budget row). Six chains give at most 62 rows, each a sum over the markets of S:
 * the row shape the optimizer already takes. Rows with an unlimited cut, no market, a cap no allocation
 * within the bounds can reach, or a cap the budget row already implies (budget less the other markets'
 * floors) are left out; a cap below the members' floors is raised to them (the money
 * that cannot leave is held, as for groups). The flow may pass through a third chain (hub and spoke via
 * Ethereum): the move planner realizes it with legs through that chain's idle balance (`chain-flow.ts`).
 *
 * @module
 */

/** Capacity (USD) per directed pair `from>to`; `Infinity` when nothing limits it. */
export type BridgeCaps = Map<string, number>

/**
 * A cut row plus the chains of its set S and whether an on-chain rate limit sets a capacity into S (else
 * only policy routes and blocked pairs do): what the plan names as binding.
 */
export type BridgeRow = AllocationRow & { chains: ChainName[]; rateLimited: boolean }

/**
 * The capacity of every directed chain pair: blocked pairs and pairs no policy route allows carry 0;
 * else the smaller of the on-chain capacity (`onChain`, USD) and the first matching policy route's
 * `maxUsdPerDay`. A bidirectional policy route gives each direction its `maxUsdPerDay`; the move planner
 * keeps only the net flow of a pair, so the two directions together never use more.
 */
export function bridgeCaps(
  policy: Policy,
  onChain: ReadonlyMap<string, number>,
  blocked: ReadonlySet<string>,
): BridgeCaps {
  const caps: BridgeCaps = new Map()
  for (const from of chainNames) {
    for (const to of chainNames) {
      if (from === to) continue
      const pair = `${from}>${to}`
      let cap = onChain.get(pair) ?? Number.POSITIVE_INFINITY
      if (blocked.has(pair)) cap = 0
      if (policy.routes) {
        const route = policy.routes.find(
          (r) => (r.from === from && r.to === to) || (r.bidirectional && r.from === to && r.to === from),
        )
        if (!route) cap = 0
        else if (route.maxUsdPerDay !== undefined) cap = Math.min(cap, route.maxUsdPerDay)
      }
      caps.set(pair, Math.max(0, cap))
    }
  }
  return caps
}

/** Whether any pair is limited (otherwise no cut row can bind and the planner pairs freely). */
export function anyLimited(caps: BridgeCaps): boolean {
  for (const v of caps.values()) if (Number.isFinite(v)) return true
  return false
}

/** Input of {@link cutRows}: per market its chain and bounds; per chain holdings and buffers (USD). */
export type CutInput = {
  markets: ReadonlyArray<{ chain: ChainName; lo: number; hi: number }>
  holdings: Partial<Record<ChainName, number>>
  buffers: Partial<Record<ChainName, number>>
  caps: BridgeCaps
  /** Pairs whose capacity is their on-chain rate limit (not a policy cap). */
  rateLimited?: ReadonlySet<string>
}

/**
 * Whether a cut row over the chain set `mask` (with cap `bound`) is tighter than what already bounds its
 * markets: `limit` (their ceilings, or the budget row less the other markets' floors) and the rows of every
 * split of the set into two parts. Records in `best[mask]` the tightest of them all, for the larger sets:
 * call it for every mask in increasing order. Shared by the bridge and the conversion cuts.
 */
export function keepsCut(best: Float64Array, mask: number, limit: number, bound: number): boolean {
  let implied = limit
  for (let part = (mask - 1) & mask; part > 0; part = (part - 1) & mask) {
    if (part < (mask ^ part)) continue
    implied = Math.min(implied, best[part]! + best[mask ^ part]!)
  }
  best[mask] = Math.min(implied, bound)
  return bound < implied * (1 - 1e-12)
}

/** The cut rows of the bridge network (see the module notes), one per distinct member set. */
export function cutRows(input: CutInput): BridgeRow[] {
  const { markets, holdings, buffers, caps } = input
  const n = chainNames.length
  const byMembers = new Map<string, BridgeRow>()
  // best[S]: the tightest bound on the money in S's markets that rows of S's parts already imply (sum of
  // ceilings at most); a row is kept only when it is tighter than every split of S into two parts.
  const best = new Float64Array(1 << n)
  const rowOf = new Map<number, BridgeRow>()
  // The budget row (money managed less buffers, at least the floors) with every other market at its
  // floor bounds S's markets too: a row no tighter than that cannot bind.
  const floorsAll = markets.reduce((sum, m) => sum + m.lo, 0)
  let budget = 0
  for (const c of chainNames) budget += (holdings[c] ?? 0) - (buffers[c] ?? 0)
  budget = Math.max(budget, floorsAll)
  for (let mask = 1; mask < (1 << n) - 1; mask++) {
    const inS = (c: number) => (mask & (1 << c)) !== 0
    let into = 0
    let rateLimited = false
    for (let a = 0; a < n && Number.isFinite(into); a++) {
      if (inS(a)) continue
      for (let b = 0; b < n; b++) {
        if (!inS(b)) continue
        const pair = `${chainNames[a]}>${chainNames[b]}`
        into += caps.get(pair) ?? 0
        if (input.rateLimited?.has(pair)) rateLimited = true
      }
    }
    const chains = chainNames.filter((_, c) => inS(c))
    let cap = into
    for (const c of chains) cap += (holdings[c] ?? 0) - (buffers[c] ?? 0)
    const members: number[] = []
    let floors = 0
    let ceilings = 0
    markets.forEach((m, i) => {
      if (!chains.includes(m.chain)) return
      members.push(i)
      floors += m.lo
      ceilings += m.hi
    })
    const bound = Math.max(cap, floors)
    const kept = keepsCut(best, mask, Math.min(ceilings, budget - (floorsAll - floors)), bound)
    if (members.length === 0 || !kept) continue
    rowOf.set(mask, { members, cap: bound, chains, rateLimited })
  }
  for (const row of rowOf.values()) {
    const key = row.members.join(',')
    const same = byMembers.get(key)
    if (!same || row.cap < same.cap) byMembers.set(key, row)
  }
  return [...byMembers.values()]
}
