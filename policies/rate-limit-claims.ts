/**
 * Reservations of rate-limit keys within one plan (pure: the allocation cycle computes them from the
 * recorded plan, so replay and a worker crash see the same order). A move *claims* the keys its steps may
 * draw on, named without addresses: `withdraw:<market>`, `deposit:<market>`, `lz:<from>-><to>` (the
 * LayerZero keys of that lane, any OFT) and `psm:<chain>` (the PSM / swap keys of a chain, any asset).
 * Two moves with a common claim never run at the same time: the later one starts when the earlier one
 * has ended (drawn or released what it reserved), so each step's on-chain re-check sees the capacity the
 * earlier move left and no two moves count the same headroom.
 *
 * @module
 */
import { moveEndChain } from './move-end.js'

/** The stablecoin a market's venue takes (USDS for a savings vault), or `undefined` when unknown. */
export type StablecoinOf = (marketId: string) => 'USDS' | 'USDC' | undefined

const isIdle = (end: string) => end.startsWith('idle:')

/**
 * The keys a move may draw on, conservatively: a conversion is claimed on both chains whenever the
 * assets may differ (unknown markets included), and an idle source may top up through its chain's PSM.
 *
 * @example
 * rateLimitClaims({ from: 'base/aave/USDC', to: 'ethereum/savings/sUSDS' }, () => undefined)
 * // ['withdraw:base/aave/USDC', 'deposit:ethereum/savings/sUSDS', 'lz:base->ethereum', 'psm:base', 'psm:ethereum']
 */
export function rateLimitClaims(move: { from: string; to: string }, stablecoinOf: StablecoinOf): string[] {
  const fromChain = moveEndChain(move.from)
  const toChain = moveEndChain(move.to)
  const claims: string[] = []
  if (!isIdle(move.from)) claims.push(`withdraw:${move.from}`)
  if (!isIdle(move.to)) claims.push(`deposit:${move.to}`)
  if (fromChain !== toChain) claims.push(`lz:${fromChain}->${toChain}`)
  const source = isIdle(move.from) ? undefined : stablecoinOf(move.from)
  const target = isIdle(move.to) ? source : stablecoinOf(move.to)
  const converts = isIdle(move.from) || source === undefined || target === undefined || source !== target
  if (converts) claims.push(`psm:${fromChain}`)
  if (converts && !isIdle(move.from) && toChain !== fromChain) claims.push(`psm:${toChain}`)
  return claims
}

/**
 * `waitsForKeys[j]`: the moves that must have ended before move `j` starts because they claim a key `j`
 * claims: per claim, the nearest earlier claimant. "Earlier" is a topological order of `dependsOn`
 * (smallest index first among the ready ones), so together with the dependencies the waits stay acyclic.
 * Moves marked in `skip` (deferred: they never run in this cycle) claim nothing.
 */
export function rateLimitOrder(
  moves: ReadonlyArray<{ from: string; to: string }>,
  dependsOn: number[][],
  skip: readonly boolean[],
  stablecoinOf: StablecoinOf,
): number[][] {
  const waits = moves.map(() => new Set<number>())
  const last = new Map<string, number>()
  for (const j of topologicalOrder(dependsOn)) {
    const move = moves[j]
    if (!move || skip[j]) continue
    for (const claim of rateLimitClaims(move, stablecoinOf)) {
      const before = last.get(claim)
      if (before !== undefined) waits[j]?.add(before)
      last.set(claim, j)
    }
  }
  return waits.map((w) => [...w].sort((a, b) => a - b))
}

/** Kahn's algorithm, taking the smallest ready index first (deterministic); `dependsOn` must be acyclic. */
function topologicalOrder(dependsOn: number[][]): number[] {
  const remaining = dependsOn.map((d) => d.length)
  const dependents = dependsOn.map(() => [] as number[])
  dependsOn.forEach((deps, j) => {
    for (const i of deps) dependents[i]?.push(j)
  })
  const ready = remaining.flatMap((n, j) => (n === 0 ? [j] : []))
  const order: number[] = []
  while (ready.length > 0) {
    ready.sort((a, b) => a - b)
    const i = ready.shift() as number
    order.push(i)
    for (const j of dependents[i] ?? []) {
      remaining[j] = (remaining[j] ?? 0) - 1
      if (remaining[j] === 0) ready.push(j)
    }
  }
  return order
}
