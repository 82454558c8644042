import type { ChainName } from '../chains/names.js'
import type { Policy } from './policy-schema.js'

/** A cross-chain move already made (or under way) inside the current daily window. */
export type RouteUsage = { fromChain: ChainName; toChain: ChainName; amountUsd: number }

/**
 * The policy with each route's `maxUsdPerDay` reduced by what moves of the last 24 hours already used
 * (matching `from -> to`, or `to -> from` on a bidirectional route), never below zero: daily limits hold
 * across cycles, as the on-chain rate limits they mirror do. Pure.
 */
export function withRouteUsage(policy: Policy, usage: readonly RouteUsage[]): Policy {
  if (!policy.routes || usage.length === 0) return policy
  const routes = policy.routes.map((route) => {
    if (route.maxUsdPerDay === undefined) return route
    const used = usage
      .filter(
        (u) =>
          (u.fromChain === route.from && u.toChain === route.to) ||
          (route.bidirectional && u.fromChain === route.to && u.toChain === route.from),
      )
      .reduce((sum, u) => sum + u.amountUsd, 0)
    return { ...route, maxUsdPerDay: Math.max(0, route.maxUsdPerDay - used) }
  })
  return { ...policy, routes }
}
