import type { Registry } from '../chains/types.js'
import type { RateLimitKeySnapshot } from '../policies/rate-limit-snapshot.js'
import { planRoute, resolveRouteEnd } from '../policies/route.js'
import { keyOfGuard } from './guard-key.js'
import { routeKeyDraws } from './key-draws.js'

/** What a plan's moves draw from one key (base units of the key's token): drawn down and refilled. */
export type KeyUsage = { decrease: bigint; increase: bigint }

/** A plan's key usage by `chain:key`, and the moves whose route could not be resolved (with why). */
export type PlanKeyUsage = { byKey: Map<string, KeyUsage>; unresolved: string[] }

/** The map key of a section key: `chain:0x…` (keys are per chain's RateLimits contract). */
export function usageKey(k: Pick<RateLimitKeySnapshot, 'chain' | 'key'>): string {
  return `${k.chain}:${k.key.toLowerCase()}`
}

/**
 * What the moves of a plan draw on each rate-limit key (pure): each move's route as the executor plans it
 * (`policies/route.ts` `planRoute`; an idle source is taken to hold the stablecoin it spends), its key
 * draws (`routeKeyDraws`), summed per key. A move whose ends the registry does not know is reported in
 * `unresolved`, not guessed.
 */
export function planKeyUsage(
  moves: ReadonlyArray<{ from: string; to: string; amount: string }>,
  registry: Registry,
): PlanKeyUsage {
  const byKey = new Map<string, KeyUsage>()
  const unresolved: string[] = []
  for (const move of moves) {
    let draws: ReturnType<typeof routeKeyDraws>
    let chainOf: (d: (typeof draws)[number]) => string
    try {
      const from = resolveRouteEnd(registry, move.from)
      const to = resolveRouteEnd(registry, move.to)
      draws = routeKeyDraws(planRoute({ registry, from, to, amountUsd: move.amount }))
      chainOf = (d) => ('chain' in d.guards ? d.guards.chain : d.guards.market.split('/')[0]!)
    } catch (error) {
      unresolved.push(`${move.from} -> ${move.to}: ${error instanceof Error ? error.message : String(error)}`)
      continue
    }
    for (const d of draws) {
      const id = `${chainOf(d)}:${keyOfGuard(d.guards, registry).toLowerCase()}`
      const usage = byKey.get(id) ?? { decrease: 0n, increase: 0n }
      if (d.kind === 'decrease') usage.decrease += d.amount
      else usage.increase += d.amount
      byKey.set(id, usage)
    }
  }
  return { byKey, unresolved }
}
