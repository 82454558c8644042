import type { ChainName } from '../chains/names.js'
import type { PlanningAvailability } from './availability.js'
import { keyAmountUsd, keyCapacityAt, type RateLimitsSection } from './rate-limit-snapshot.js'

/**
 * Capacities of the on-chain rate-limit keys as planner input (pure): what each venue can take in or give
 * out, and what each directed chain pair can bridge, in USD, at the moment a step could run.
 *
 * **Projection (lead time).** A key's capacity only grows with time until another actor draws on it, so
 * the earliest moment a step can run gives the smallest capacity: every key is projected to its own
 * `readAt` plus `leadSeconds` (default 0). With the default a capacity is never over-estimated, whatever
 * the order of the plan's steps and however long a bridge takes (`costs.bridgeHours` adds refill to the
 * destination's keys, but an early arrival would then revert: it is not counted). Amounts are floored to
 * whole micro-USD and one micro-USD is kept back, so float rounding never over-states a capacity either.
 *
 * Refill: a withdrawal refills its own venue's deposit key (`withdrawAave`, `withdrawERC4626`), but one
 * cycle never withdraws from and deposits into the same venue (its target is one number), so the bounds
 * `position - withdraw <= target <= position + deposit` are exact.
 *
 * @module
 */

/** Capacities per venue and per directed chain pair (USD). Absent: unlimited or unknown. */
export type RateLimitCapacities = {
  /** Per market id: what its deposit key (`inUsd`) and withdraw key (`outUsd`) allow. */
  markets: Map<string, { inUsd?: number; outUsd?: number }>
  /** Per directed pair `from>to`: the smallest LayerZero key of the pair (any OFT). */
  routes: Map<string, number>
}

/** USD of a key amount, floored to micro-USD with one micro-USD kept back (never over-estimated). */
function conservativeUsd(usd: number): number {
  return Math.max(0, Math.floor(usd * 1e6) / 1e6 - 1e-6)
}

/** The capacities of every limited key of a snapshot's `rateLimits` section (see the module notes). */
export function rateLimitCapacities(
  section: RateLimitsSection | undefined,
  leadSeconds = 0n,
): RateLimitCapacities {
  const out: RateLimitCapacities = { markets: new Map(), routes: new Map() }
  if (!section) return out
  const lower = (current: number | undefined, v: number) => (current === undefined ? v : Math.min(current, v))
  for (const k of section.keys) {
    const cap = keyCapacityAt(k, BigInt(k.readAt) + leadSeconds)
    if (cap === undefined) continue
    const usd = conservativeUsd(keyAmountUsd(k, cap))
    const g = k.guards
    if (g.action === 'deposit' || g.action === 'withdraw') {
      const entry = out.markets.get(g.market) ?? {}
      if (g.action === 'deposit') entry.inUsd = lower(entry.inUsd, usd)
      else entry.outUsd = lower(entry.outUsd, usd)
      out.markets.set(g.market, entry)
    } else if (g.action === 'layerzero') {
      const pair = `${g.chain}>${g.toChain}`
      out.routes.set(pair, lower(out.routes.get(pair), usd))
    }
  }
  return out
}

/**
 * Live pre-flight capacities and snapshot capacities as one planner input: per market and per pair the
 * smaller of the two. `sll plan --snapshot` (no pre-flight) and the live cycle go through the same bounds.
 */
export function withRateLimits(
  availability: PlanningAvailability,
  caps: RateLimitCapacities,
): PlanningAvailability {
  if (caps.markets.size === 0 && caps.routes.size === 0) return availability
  const min = (a: number | undefined, b: number | undefined) =>
    a === undefined ? b : b === undefined ? a : Math.min(a, b)
  const seen = new Set<string>()
  const markets = availability.markets.map((m) => {
    const c = caps.markets.get(m.market)
    seen.add(m.market)
    if (!c) return m
    const inflow = min(m.maxInflowUsd, c.inUsd)
    const outflow = min(m.maxOutflowUsd, c.outUsd)
    return {
      ...m,
      ...(inflow !== undefined ? { maxInflowUsd: inflow } : {}),
      ...(outflow !== undefined ? { maxOutflowUsd: outflow } : {}),
    }
  })
  for (const [market, c] of caps.markets) {
    if (seen.has(market)) continue
    markets.push({
      market,
      ...(c.inUsd !== undefined ? { maxInflowUsd: c.inUsd } : {}),
      ...(c.outUsd !== undefined ? { maxOutflowUsd: c.outUsd } : {}),
    })
  }
  const routeCaps = new Map<string, number>()
  for (const r of availability.routeCapacities ?? []) {
    const pair = `${r.from}>${r.to}`
    routeCaps.set(pair, min(routeCaps.get(pair), r.maxUsd)!)
  }
  for (const [pair, usd] of caps.routes) routeCaps.set(pair, min(routeCaps.get(pair), usd)!)
  const routeCapacities = [...routeCaps].map(([pair, maxUsd]) => {
    const [from, to] = pair.split('>') as [ChainName, ChainName]
    return { from, to, maxUsd }
  })
  return { ...availability, markets, routeCapacities }
}
