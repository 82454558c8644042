import type { ChainName } from '../chains/names.js'
import type { Registry } from '../chains/types.js'
import {
  keyAmountUsd,
  type RateLimitGuard,
  type RateLimitKeySnapshot,
  type RateLimitsSection,
} from '../policies/rate-limit-snapshot.js'
import { type BridgeKind, planRoute, resolveRouteEnd } from '../policies/route.js'
import { keyOfGuard } from './guard-key.js'
import { guardChain, routeKeyDraws } from './key-draws.js'

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
 * (`policies/route.ts` `planRoute`, over CCTP when the plan chose it; an idle source is taken to hold the
 * stablecoin it spends), its key
 * draws (`routeKeyDraws`), summed per key. A move whose ends the registry does not know is reported in
 * `unresolved`, not guessed.
 */
export function planKeyUsage(
  moves: ReadonlyArray<{
    from: string
    to: string
    amount: string
    bridge?: BridgeKind | 'none' | undefined
    convertOn?: ChainName | undefined
  }>,
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
      const via = move.bridge === 'cctp' ? { via: 'cctp' as const } : {}
      const convertOn = move.convertOn ? { convertOn: move.convertOn } : {}
      draws = routeKeyDraws(planRoute({ registry, from, to, amountUsd: move.amount, ...via, ...convertOn }))
      chainOf = (d) => guardChain(d.guards)
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

/** What a plan draws of one key of the snapshot's `rateLimits` section (USD), for the planned-draw gauge. */
export type PlannedKeyDraw = { chain: string; key: string; guards: RateLimitGuard; usd: number }

/**
 * What the plan's moves draw from every key of the section (pure): the `decrease` of {@link planKeyUsage}
 * in USD (the key's decimals and USD per token), 0 for a key the plan does not draw on, so a gauge set
 * from it shows each key of the last plan. Refills are not subtracted: the figure is what the steps need.
 */
export function plannedKeyDraws(
  moves: Parameters<typeof planKeyUsage>[0],
  registry: Registry,
  section: RateLimitsSection | undefined,
): PlannedKeyDraw[] {
  if (!section) return []
  const { byKey } = planKeyUsage(moves, registry)
  return section.keys.map((k) => ({
    chain: k.chain,
    key: k.key,
    guards: k.guards,
    usd: keyAmountUsd(k, byKey.get(usageKey(k))?.decrease ?? 0n),
  }))
}
