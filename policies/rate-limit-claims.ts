/**
 * Reservations of rate-limit keys within one plan (pure: the allocation cycle computes them from the
 * recorded plan, so replay and a worker crash see the same order). A move *claims* the keys its steps may
 * draw on, named without addresses: `withdraw:<market>`, `deposit:<market>`, `lz:<from>-><to>` (the
 * LayerZero keys of that lane, any OFT), `psm:<chain>` (the PSM / swap keys of a chain, any asset) and
 * `cctp:<chain>` (a move the plan sends over CCTP: USDC_TO_CCTP of its source chain, shared by every
 * destination; the draws of `sll/key-draws.ts`).
 * Two moves with a common *contended* claim never run at the same time: the later one starts when the
 * earlier one has ended (drawn or released what it reserved), so each step's on-chain re-check sees the
 * capacity the earlier move left and no two moves count the same headroom. A claim whose keys hold every
 * claimant together at the read ({@link contendedClaims}) orders nothing: those moves run concurrently.
 *
 * @module
 */
import { moveEndChain } from './move-end.js'
import {
  keyAmountUsd,
  keyCapacityAt,
  type RateLimitGuard,
  type RateLimitsSection,
} from './rate-limit-snapshot.js'

/** The stablecoin a market's venue takes (USDS for a savings vault), or `undefined` when unknown. */
export type StablecoinOf = (marketId: string) => 'USDS' | 'USDC' | undefined

const isIdle = (end: string) => end.startsWith('idle:')

/**
 * `cctp`: claim USDC_TO_CCTP for CCTP moves (off for cycles recorded before; see `workflows/allocation-cycle.ts`).
 * `idle`: a move from `idle:<chain>` claims `idle:<chain>` (no key backs it: always contended), so moves
 * spending one idle balance run one after the other: each decides its route (which stablecoin it spends,
 * what it tops up through the PSM) on the balance the earlier ones left, not on the same one.
 * `section`: the plan's on-chain limits; when given, only *contended* claims order moves
 * ({@link contendedClaims}), so moves whose common keys hold all of them run at the same time.
 */
export type ClaimOptions = { cctp?: boolean; idle?: boolean; section?: RateLimitsSection | undefined }

/**
 * The keys a move may draw on, conservatively: a conversion is claimed on both chains whenever the
 * assets may differ (unknown markets included), and an idle source may top up through its chain's PSM.
 *
 * @example
 * rateLimitClaims({ from: 'base/aave/USDC', to: 'ethereum/savings/sUSDS' }, () => undefined)
 * // ['withdraw:base/aave/USDC', 'deposit:ethereum/savings/sUSDS', 'lz:base->ethereum', 'psm:base', 'psm:ethereum']
 */
export function rateLimitClaims(
  move: { from: string; to: string; bridge?: string | undefined },
  stablecoinOf: StablecoinOf,
  options: ClaimOptions = {},
): string[] {
  const fromChain = moveEndChain(move.from)
  const toChain = moveEndChain(move.to)
  const claims: string[] = []
  if (!isIdle(move.from)) claims.push(`withdraw:${move.from}`)
  if (!isIdle(move.to)) claims.push(`deposit:${move.to}`)
  if (fromChain !== toChain) claims.push(`lz:${fromChain}->${toChain}`)
  if (options.cctp && move.bridge === 'cctp' && fromChain !== toChain) claims.push(`cctp:${fromChain}`)
  if (options.idle && isIdle(move.from)) claims.push(move.from)
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
  moves: ReadonlyArray<{ from: string; to: string; amount?: string; bridge?: string | undefined }>,
  dependsOn: number[][],
  skip: readonly boolean[],
  stablecoinOf: StablecoinOf,
  options: ClaimOptions = {},
): number[][] {
  const waits = moves.map(() => new Set<number>())
  const last = new Map<string, number>()
  const contended = options.section
    ? contendedClaims(
        moves.filter((_, j) => !skip[j]),
        stablecoinOf,
        options.section,
        options,
      )
    : undefined
  for (const j of topologicalOrder(dependsOn)) {
    const move = moves[j]
    if (!move || skip[j]) continue
    for (const claim of rateLimitClaims(move, stablecoinOf, options)) {
      if (contended && !contended.has(claim)) continue
      const before = last.get(claim)
      if (before !== undefined) waits[j]?.add(before)
      last.set(claim, j)
    }
  }
  return waits.map((w) => [...w].sort((a, b) => a - b))
}

/** Whether a key of the section backs a claim (`rateLimitClaims` names). */
function backs(claim: string, guard: RateLimitGuard): boolean {
  const [kind, subject = ''] = [claim.slice(0, claim.indexOf(':')), claim.slice(claim.indexOf(':') + 1)]
  switch (kind) {
    case 'deposit':
    case 'withdraw':
      return guard.action === kind && guard.market === subject
    case 'lz': {
      const [from, to] = subject.split('->')
      return guard.action === 'layerzero' && guard.chain === from && guard.toChain === to
    }
    case 'psm':
      return (
        (guard.action === 'psm-deposit' ||
          guard.action === 'psm-withdraw' ||
          guard.action === 'usds-to-usdc' ||
          guard.action === 'usds-mint') &&
        guard.chain === subject
      )
    case 'cctp':
      return (guard.action === 'cctp' || guard.action === 'cctp-domain') && guard.chain === subject
    default:
      return false
  }
}

/**
 * The claims that must order their moves: claimed by two or more moves whose amounts together (USD, +1 %
 * and 1 USD for rounding) could exceed what a key behind the claim holds at its read time. A claim no key
 * of the section backs counts as contended (unknown limits: keep the order); a claim whose keys are all
 * unlimited, or hold every claimant together, does not: those moves run at the same time, and each step's
 * on-chain re-check still guards the rare case where another actor drew the key since the read.
 */
export function contendedClaims(
  moves: ReadonlyArray<{ from: string; to: string; amount?: string; bridge?: string | undefined }>,
  stablecoinOf: StablecoinOf,
  section: RateLimitsSection,
  options: Pick<ClaimOptions, 'cctp' | 'idle'> = {},
): Set<string> {
  const totals = new Map<string, { count: number; usd: number }>()
  for (const move of moves) {
    for (const claim of rateLimitClaims(move, stablecoinOf, options)) {
      const t = totals.get(claim) ?? { count: 0, usd: 0 }
      t.count++
      t.usd += Number(move.amount ?? Number.POSITIVE_INFINITY)
      totals.set(claim, t)
    }
  }
  const contended = new Set<string>()
  for (const [claim, t] of totals) {
    if (t.count < 2) continue
    const keys = section.keys.filter((k) => backs(claim, k.guards))
    const short = keys.some((k) => {
      const capacity = keyCapacityAt(k, BigInt(k.readAt))
      return capacity !== undefined && keyAmountUsd(k, capacity) < t.usd * 1.01 + 1
    })
    if (keys.length === 0 || short || !Number.isFinite(t.usd)) contended.add(claim)
  }
  return contended
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
