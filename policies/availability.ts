import { type ChainName, isChainName } from '../chains/names.js'

/**
 * What the SLL controllers would refuse, as planner input (pure). Built from the per-chain pre-flight of
 * the snapshot reads (`sll/preflight.ts`, typed here structurally so the engine does not import `sll/`):
 * - a market that cannot take deposits gets no inflow (its bound is its position: held, or held at zero);
 * - a market that cannot be withdrawn from keeps its position;
 * - a rate-limit key with less capacity than the optimum wants bounds the inflow / outflow;
 * - a cross-chain pair whose LayerZero recipient or key (USDS or USDC OFT) is unset is not used;
 * - a chain whose controller no longer grants RELAYER to the signer (the FREEZER removed it) blocks the
 *   whole plan: nothing moves anywhere until the role is back (see README, "FREEZER").
 *
 * @module
 */

type VerdictLike = { ok: true } | { ok: false; code: string; reason: string }

/** The subset of `sll/preflight.ts` `ChainPreflight` the planner uses. */
export type PreflightLike = {
  chain: string
  controller: string
  controllerName: string
  relayer?: string
  relayerRole: 'held' | 'missing' | 'unchecked'
  checkedAt: string
  venues: Array<{
    market: string
    deposit: VerdictLike
    withdraw: VerdictLike
    depositCapacity?: string
    withdrawCapacity?: string
  }>
  routes: Array<{ from: string; to: string; asset: string; verdict: VerdictLike; capacity?: string }>
}

/** One thing the plan leaves out, and why (shown by `sll plan`, `sll markets` and the cycle's memo). */
export type UnavailableItem = {
  /** Market id, `from -> to` route, or chain. */
  subject: string
  what: 'deposit' | 'withdraw' | 'route' | 'relayer'
  code: string
  reason: string
}

/** A chain whose controller no longer grants RELAYER to the signer. */
export type RelayerRemoval = {
  chain: ChainName
  controller: string
  relayer?: string
  /** Block timestamp of the read that saw it (seconds). */
  seenAt: string
  reason: string
}

/** Planner input built by {@link availabilityFrom}. JSON-safe (crosses Temporal payloads). */
export type PlanningAvailability = {
  markets: Array<{
    market: string
    /** Set: no inflow (the reason). */
    deposit?: string
    /** Set: no outflow (the reason). */
    withdraw?: string
    /** Rate-limit capacity of the deposit / withdraw key (USD at par), when limited. */
    maxInflowUsd?: number
    maxOutflowUsd?: number
  }>
  /** Directed chain pairs the planner must not bridge along. */
  blockedRoutes: Array<{ from: ChainName; to: ChainName; reason: string }>
  /**
   * Rate-limit capacity (USD) of a directed pair's LayerZero keys, when limited (the smallest over its
   * OFTs): the planner bridges at most this much along the pair (`policies/bridge-cuts.ts`).
   */
  routeCapacities?: Array<{ from: ChainName; to: ChainName; maxUsd: number }>
  relayerRemoved: RelayerRemoval[]
  unavailable: UnavailableItem[]
}

/** Merges the pre-flight of every chain into planner input. Chains without pre-flight add nothing. */
export function availabilityFrom(preflights: ReadonlyArray<PreflightLike | undefined>): PlanningAvailability {
  const out: PlanningAvailability = { markets: [], blockedRoutes: [], relayerRemoved: [], unavailable: [] }
  for (const p of preflights) {
    if (!p || !isChainName(p.chain)) continue
    if (p.relayerRole === 'missing') {
      const reason = `${p.chain}: ${p.controllerName} ${p.controller} does not grant RELAYER to ${p.relayer ?? 'the signer'} (removed by the FREEZER, or never granted): governance must call grantRole(RELAYER, ${p.relayer ?? 'relayer'}) once it is safe`
      out.relayerRemoved.push({
        chain: p.chain,
        controller: p.controller,
        ...(p.relayer ? { relayer: p.relayer } : {}),
        seenAt: p.checkedAt,
        reason,
      })
      out.unavailable.push({ subject: p.chain, what: 'relayer', code: 'relayer-removed', reason })
      continue // every other check of the chain fails for the same reason
    }
    for (const v of p.venues) {
      const entry: PlanningAvailability['markets'][number] = { market: v.market }
      if (!v.deposit.ok) {
        entry.deposit = v.deposit.reason
        out.unavailable.push({
          subject: v.market,
          what: 'deposit',
          code: v.deposit.code,
          reason: v.deposit.reason,
        })
      } else if (v.depositCapacity !== undefined) entry.maxInflowUsd = Number(v.depositCapacity)
      if (!v.withdraw.ok) {
        entry.withdraw = v.withdraw.reason
        out.unavailable.push({
          subject: v.market,
          what: 'withdraw',
          code: v.withdraw.code,
          reason: v.withdraw.reason,
        })
      } else if (v.withdrawCapacity !== undefined) entry.maxOutflowUsd = Number(v.withdrawCapacity)
      if (Object.keys(entry).length > 1) out.markets.push(entry)
    }
    // A pair is used only if every stablecoin it may bridge (USDS and USDC OFTs) is allowed: which one a
    // move bridges is decided later (route.ts, by the PSMs), so a half-open pair could still revert.
    const byPair = new Map<string, string[]>()
    for (const r of p.routes) {
      if (r.verdict.ok && r.capacity !== undefined && isChainName(r.to)) {
        const maxUsd = Number(r.capacity)
        out.routeCapacities ??= []
        const caps = out.routeCapacities
        const same = caps.find((c) => c.from === p.chain && c.to === r.to)
        if (same) same.maxUsd = Math.min(same.maxUsd, maxUsd)
        else caps.push({ from: p.chain, to: r.to, maxUsd })
      }
      if (r.verdict.ok || !isChainName(r.to)) continue
      const pair = `${p.chain}>${r.to}`
      byPair.set(pair, [...(byPair.get(pair) ?? []), `${r.asset}: ${r.verdict.reason}`])
      out.unavailable.push({
        subject: `${p.chain} -> ${r.to} (${r.asset})`,
        what: 'route',
        code: r.verdict.code,
        reason: r.verdict.reason,
      })
    }
    for (const [pair, reasons] of byPair) {
      const [from, to] = pair.split('>') as [ChainName, ChainName]
      out.blockedRoutes.push({ from, to, reason: reasons.join('; ') })
    }
  }
  return out
}

/** Empty availability: everything allowed (snapshot files, chains without SLL). */
export const everythingAvailable: PlanningAvailability = {
  markets: [],
  blockedRoutes: [],
  relayerRemoved: [],
  unavailable: [],
}
