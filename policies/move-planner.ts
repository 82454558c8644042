import { type ChainName, chainNames } from '../chains/names.js'
import {
  floatToMicroCeil,
  floatToMicroFloor,
  type Micro,
  microToNumber,
  minMicro,
  toMicro,
} from '../lib/amounts.js'
import type { MarketBounds, ResolvedGroup, ResolvedProblem } from './allocation-problem.js'
import { CctpRoom } from './cctp-room.js'
import { ConversionRoom, fitConversions, type Stablecoin, stablecoinOf } from './conversion-room.js'
import { idleEnd } from './move-end.js'
import { type Graph, type Node, pairMoves } from './move-pairing.js'
import type { Policy } from './policy-schema.js'
import { incomeAfter } from './rate-models.js'
import {
  type BridgeCapacity,
  type BridgeKind,
  bridgeCapacityUsd,
  bridgeOptions,
  chooseBridge,
  routeBridgeCosts,
} from './route.js'
import type { Snapshot, SnapshotMarket } from './snapshot.js'

/**
 * A move between two nodes. `from` / `to` are move-end strings (`move-end.ts`); the chains and the asset
 * travel with the move, so no consumer re-derives them from the strings.
 */
export type DraftMove = {
  from: string
  to: string
  fromChain: ChainName
  toChain: ChainName
  /** The asset of the source market; undefined for an idle source (whatever stablecoin is held). */
  asset: SnapshotMarket['asset'] | undefined
  /** The asset of the destination market; undefined for an idle destination. */
  toAsset?: SnapshotMarket['asset'] | undefined
  /** Cross-chain only: the bridge chosen by cost, transit time and rate-limit room (`chooseBridge`). */
  bridge?: BridgeKind
  /**
   * Cross-chain conversions only: the end that converts when it is not the default (the source chain when
   * it has a PSM), chosen by the keys' room (`conversion-room.ts`).
   */
  convertOn?: ChainName
  amount: Micro
  /** Net benefit over the policy horizon after costs (USD). */
  netBenefitUsd: number
  /** Cost of the move (USD): transactions + bridge fee + interest lost while bridging. */
  costUsd: number
}

/** Result of {@link planMoves}. */
export type MovePlan = {
  moves: DraftMove[]
  targets: Micro[]
  idle: Partial<Record<ChainName, Micro>>
}

/** Input of {@link planMoves}: the optimizer's allocation `x` (USD per market) for a resolved problem. */
export type PlanMovesInput = {
  snapshot: Snapshot
  policy: Policy
  resolved: ResolvedProblem
  x: number[]
  /**
   * Draft only: pair and value the moves that reach `x` exactly, without dropping, redirecting or capping
   * any (what the objective search of `active-set-search.ts` values per active set).
   */
  draftOnly?: boolean
}

/**
 * Turns target amounts into moves: idle money placed on the chain where it already is (buffers first),
 * same-chain moves before cross-chain ones, largest first (few moves), cross-chain moves only along
 * allowed routes within their daily limits. Then every move that is not worth its cost over
 * `moves.horizonDays`, or is below `moves.minMoveUsd`, is dropped when dropping keeps every constraint;
 * `maxMovesPerCycle` keeps the most valuable moves. Targets are recomputed from the moves, so
 * targets = positions + moves always holds.
 */
export function planMoves(input: PlanMovesInput): MovePlan {
  const { snapshot, policy, resolved, x } = input
  const start = startingBalances(snapshot)
  const targets = roundTargets(resolved, start.positions, x)
  const idleTarget = placeIdle(resolved, start, targets)
  const graph = buildNodes(snapshot, resolved, start, targets, idleTarget)
  const { moves, transit } = pairMoves(
    policy,
    graph,
    resolved.blockedRoutes,
    resolved.bridge?.caps,
    resolved.conversion.length > 0 ? new ConversionRoom(snapshot.rateLimits) : undefined,
  )
  const book = openBook({ snapshot, policy, resolved, start, moves, transit })
  if (!input.draftOnly) {
    dropUnworthy(book)
    dropWorthlessTransit(book)
    redirectToSameChain(book, { start, targets })
    dropUnworthy(book)
    capMoveCount(book, policy.moves.maxMovesPerCycle)
  }
  // Final valuation in plan order: CCTP moves share their keys' room (`cctp-room.ts`). A draft too: a
  // draft whose conversions do not fit their keys no longer reaches `x`, and the objective search skips it.
  book.cctpRoom = new CctpRoom(snapshot.rateLimits)
  for (const mv of moves) valueMove(book, mv)
  // PSM / swap keys: a conversion beyond its keys' room ends on the source chain's idle (`conversion-room.ts`).
  return finalAllocation(
    resolved.markets,
    start,
    fitConversions(moves, snapshot.rateLimits, policy.moves.maxMovesPerCycle, policy.moves.minMoveUsd),
  )
}

/** Positions and idle money of the snapshot, exact in micro-USD. */
type Start = {
  positions: Micro[]
  idle: Partial<Record<ChainName, Micro>>
  /** Positions + idle. */
  managed: Micro
}

/** Phase 1: what we hold now (micro-USD). */
function startingBalances(snapshot: Snapshot): Start {
  const positions = snapshot.markets.map((m) => toMicro(m.position))
  const idle: Partial<Record<ChainName, Micro>> = {}
  for (const i of snapshot.idle) idle[i.chain] = (idle[i.chain] ?? 0n) + toMicro(i.amount)
  const managed =
    positions.reduce((s, p) => s + p, 0n) + Object.values(idle).reduce((s, v) => s + (v ?? 0n), 0n)
  return { positions, idle, managed }
}

/**
 * Phase 2: the optimizer's float targets in micro-USD: a market the optimizer leaves (within float noise)
 * keeps its exact position; others are rounded down and clamped into their bounds.
 */
function roundTargets(resolved: ResolvedProblem, positions: Micro[], x: number[]): Micro[] {
  const W = resolved.managed
  return resolved.markets.map((m, i) => {
    const p = positions[i]!
    if (Math.abs(x[i]! - m.position) <= 1e-9 * Math.max(1, W)) return p
    let t = floatToMicroFloor(x[i]!)
    const hi = floatToMicroFloor(m.hi)
    const lo = floatToMicroCeil(m.lo - 1e-7)
    if (t > hi) t = hi
    if (t < lo) t = lo
    return t
  })
}

/**
 * Phase 3: idle money after the plan per chain: buffers first, then extra idle where money is freed (so
 * it needs no cross-chain move); what is left goes to the chain with the most surplus.
 */
function placeIdle(resolved: ResolvedProblem, start: Start, targets: Micro[]): Map<ChainName, Micro> {
  const { positions, idle: idle0, managed } = start
  const idleTotal = managed - targets.reduce((s, t) => s + t, 0n)
  const surplus = new Map<ChainName, Micro>()
  for (const c of chainNames) surplus.set(c, idle0[c] ?? 0n)
  resolved.markets.forEach((m, i) => {
    surplus.set(m.chain, surplus.get(m.chain)! + positions[i]! - targets[i]!)
  })
  const idleTarget = new Map<ChainName, Micro>()
  let extra = idleTotal
  for (const c of chainNames) idleTarget.set(c, 0n)
  const need = (c: ChainName) => floatToMicroCeil(resolved.buffers[c] ?? 0) - idleTarget.get(c)!
  const fill = (c: ChainName, upTo: Micro) => {
    const give = minMicro(minMicro(need(c), upTo), extra)
    if (give <= 0n) return
    idleTarget.set(c, idleTarget.get(c)! + give)
    extra -= give
  }
  // Buffers first. When the liquid money cannot fill them all (a breach), each chain first keeps what is
  // freed on it (no cross-chain move for a buffer that stays short anyway); the rest in chain order.
  const bufferTotal = chainNames.reduce((s, c) => s + need(c), 0n)
  if (extra < bufferTotal) for (const c of chainNames) fill(c, surplus.get(c)!)
  for (const c of chainNames) fill(c, need(c))
  const bySurplus = [...chainNames].sort((a, b) => {
    const d = surplus.get(b)! - idleTarget.get(b)! - (surplus.get(a)! - idleTarget.get(a)!)
    return d > 0n ? 1 : d < 0n ? -1 : 0
  })
  for (const c of bySurplus) {
    if (extra <= 0n) break
    const room = surplus.get(c)! - idleTarget.get(c)!
    if (room <= 0n) continue
    const give = minMicro(room, extra)
    idleTarget.set(c, idleTarget.get(c)! + give)
    extra -= give
  }
  if (extra > 0n) {
    const c = bySurplus[0]!
    idleTarget.set(c, idleTarget.get(c)! + extra)
  }
  return idleTarget
}

/** Phase 4: the nodes and how much each must receive (positive) or give (negative). */
function buildNodes(
  snapshot: Snapshot,
  resolved: ResolvedProblem,
  start: Start,
  targets: Micro[],
  idleTarget: Map<ChainName, Micro>,
): Graph {
  const nodes: Node[] = []
  const delta: Micro[] = []
  resolved.markets.forEach((m, i) => {
    nodes.push({ key: m.id, chain: m.chain, market: i, asset: snapshot.markets[i]!.asset })
    delta.push(targets[i]! - start.positions[i]!)
  })
  for (const c of chainNames) {
    nodes.push({ key: idleEnd(c), chain: c, market: -1, asset: undefined })
    delta.push(idleTarget.get(c)! - (start.idle[c] ?? 0n))
  }
  const startIdle = new Map(chainNames.map((c) => [c, start.idle[c] ?? 0n]))
  return { nodes, delta, marketCount: resolved.markets.length, startIdle }
}

/**
 * The moves and the state after all of them (USD per node, group totals), kept current while moves are
 * dropped or redirected: what valuing and dropping a move looks at.
 */
type Book = {
  moves: DraftMove[]
  markets: MarketBounds[]
  groups: ResolvedGroup[]
  buffers: ResolvedProblem['buffers']
  costs: Snapshot['costs']
  rateLimits: Snapshot['rateLimits']
  /** Policy horizon in years. */
  horizon: number
  minMoveUsd: number
  /** Total managed money W (USD). */
  managed: number
  /** Net benefit at or below which a move is not worth it (float noise of the managed money). */
  threshold: number
  /** USD per node key after all moves not dropped. */
  state: Map<string, number>
  marketIndex: Map<string, number>
  groupsOf: ResolvedGroup[][]
  groupIndex: Map<ResolvedGroup, number>
  groupTotals: number[]
  memberSets: Set<number>[]
  /** Moves dropped but not yet removed from `moves` (see {@link purgeDropped}). */
  dropped: Set<DraftMove>
  /**
   * Legs into a chain's idle balance that a later leg sends on (money in transit): worth what the later
   * leg earns, so neither dropped as worthless nor redirected on their own.
   */
  transit: Set<DraftMove>
  /** Set for the final valuation: what the CCTP keys have left after the moves valued before. */
  cctpRoom?: CctpRoom
  /**
   * Per market its stablecoin when the conversion keys are rows (pairing is stablecoin-aware): a redirect
   * then never turns a move into a conversion the pairing did not plan.
   */
  stablecoins?: Stablecoin[]
}

/** Phase 6: the state after all moves, for valuing them. */
function openBook(args: {
  snapshot: Snapshot
  policy: Policy
  resolved: ResolvedProblem
  start: Start
  moves: DraftMove[]
  transit: Set<DraftMove>
}): Book {
  const { snapshot, policy, resolved, start, moves, transit } = args
  const markets = resolved.markets
  const state = new Map<string, number>()
  markets.forEach((m, i) => {
    state.set(m.id, microToNumber(start.positions[i]!))
  })
  for (const c of chainNames) state.set(idleEnd(c), microToNumber(start.idle[c] ?? 0n))
  for (const mv of moves) {
    const a = microToNumber(mv.amount)
    state.set(mv.from, state.get(mv.from)! - a)
    state.set(mv.to, state.get(mv.to)! + a)
  }
  const groupsOf: ResolvedGroup[][] = markets.map(() => [])
  for (const g of resolved.groups) for (const i of g.members) groupsOf[i]!.push(g)
  const horizon = policy.moves.horizonDays / 365
  return {
    moves,
    markets,
    groups: resolved.groups,
    buffers: resolved.buffers,
    costs: snapshot.costs,
    rateLimits: snapshot.rateLimits,
    horizon,
    minMoveUsd: policy.moves.minMoveUsd,
    managed: resolved.managed,
    threshold: 1e-9 * Math.max(1, resolved.managed) * horizon,
    state,
    marketIndex: new Map(markets.map((m, i) => [m.id, i])),
    groupsOf,
    groupIndex: new Map(resolved.groups.map((g, k) => [g, k])),
    groupTotals: resolved.groups.map((g) => g.members.reduce((s, i) => s + state.get(markets[i]!.id)!, 0)),
    memberSets: resolved.groups.map((g) => new Set(g.members)),
    dropped: new Set(),
    transit,
    ...(resolved.conversion.length > 0
      ? { stablecoins: snapshot.markets.map((m) => stablecoinOf(m.asset)) }
      : {}),
  }
}

/** Yearly income of node `key` holding `amount` USD (0 for idle). */
function income(book: Book, key: string, amount: number): number {
  const i = book.marketIndex.get(key)
  return i === undefined ? 0 : incomeAfter(book.markets[i]!.state, Math.max(0, amount))
}

/** Cost of one transaction on `chain` (USD). */
function txUsd(book: Book, chain: ChainName): number {
  return book.costs?.txUsd[chain] ?? 0
}

/** Values a move on the current state: sets its `costUsd` and `netBenefitUsd`, returns the net benefit. */
function valueMove(book: Book, mv: DraftMove): number {
  const { state, costs } = book
  const a = microToNumber(mv.amount)
  const to = state.get(mv.to)!
  const from = state.get(mv.from)!
  const gainTo = income(book, mv.to, to) - income(book, mv.to, to - a)
  const lossFrom = income(book, mv.from, from + a) - income(book, mv.from, from)
  const cross = mv.fromChain !== mv.toChain
  const fixed = cross
    ? 2 * txUsd(book, mv.fromChain) + 2 * txUsd(book, mv.toChain)
    : 2 * txUsd(book, mv.fromChain)
  let bridgeCost = 0
  if (cross) {
    const chosen = chooseBridge({
      options: bridgeOptions({
        travelsAsUsdc: travelsAsUsdc(mv),
        gainPerYearUsd: gainTo,
        costs: routeBridgeCosts(costs, mv.fromChain, mv.toChain),
      }),
      amountUsd: a,
      capacity: bridgeRoom(book, mv),
    })
    if (chosen.bridge === 'cctp') book.cctpRoom?.draw(mv.fromChain, mv.toChain, a)
    mv.bridge = chosen.bridge
    bridgeCost = chosen.costUsd
  }
  mv.costUsd = fixed + bridgeCost
  mv.netBenefitUsd = (gainTo - lossFrom) * book.horizon - mv.costUsd
  return mv.netBenefitUsd
}

/** Room of each bridge for a move: the keys' capacity, CCTP's less what earlier moves drew (final valuation). */
function bridgeRoom(book: Book, mv: DraftMove): BridgeCapacity {
  const room = bridgeCapacityUsd(book.rateLimits, mv.fromChain, mv.toChain)
  const cctp = book.cctpRoom?.room(mv.fromChain, mv.toChain)
  return cctp === undefined ? room : { ...room, cctp }
}

/** Whether a move carries USDC end to end (only then may it take CCTP): USDC leaves and USDC arrives. */
function travelsAsUsdc(mv: DraftMove): boolean {
  const source = mv.asset ?? mv.toAsset ?? 'USDC'
  const target = mv.toAsset ?? source
  return source === 'USDC' && target === 'USDC'
}

/** Moves `amount` USD onto node `key` (negative: off it) and keeps group totals current. */
function shift(book: Book, key: string, amount: number): void {
  book.state.set(key, book.state.get(key)! + amount)
  const i = book.marketIndex.get(key)
  if (i === undefined) return
  for (const g of book.groupsOf[i]!) {
    const k = book.groupIndex.get(g)!
    book.groupTotals[k] = book.groupTotals[k]! + amount
  }
}

/** Whether `a` more in market k (and `a` less in market `other`, if any) keeps every group cap. */
function groupsAllow(book: Book, k: number, other: number | undefined, a: number): boolean {
  for (const g of book.groupsOf[k]!) {
    const gi = book.groupIndex.get(g)!
    if (other !== undefined && book.memberSets[gi]!.has(other)) continue
    if (book.groupTotals[gi]! + a > g.cap + 1e-6) return false
  }
  return true
}

/** Whether undoing a move keeps every bound: the source's ceiling and groups, the sink's floor or buffer. */
function droppable(book: Book, mv: DraftMove): boolean {
  const { state, markets } = book
  const a = microToNumber(mv.amount)
  const fi = book.marketIndex.get(mv.from)
  const ti = book.marketIndex.get(mv.to)
  if (fi !== undefined) {
    if (state.get(mv.from)! + a > markets[fi]!.hi + 1e-6) return false
    if (!groupsAllow(book, fi, ti, a)) return false
  }
  if (ti !== undefined && state.get(mv.to)! - a < markets[ti]!.lo - 1e-6) return false
  if (ti === undefined) {
    if (state.get(mv.to)! - a < (book.buffers[mv.toChain] ?? 0) - 1e-6) return false
  }
  return true
}

/** Undoes a move on the state and marks it dropped. */
function dropMove(book: Book, mv: DraftMove): void {
  const a = microToNumber(mv.amount)
  shift(book, mv.from, a)
  shift(book, mv.to, -a)
  book.dropped.add(mv)
}

/** Removes the dropped moves from the book's move list (in place, order kept). */
function purgeDropped(book: Book): void {
  if (book.dropped.size === 0) return
  const kept = book.moves.filter((m) => !book.dropped.has(m))
  book.moves.length = 0
  book.moves.push(...kept)
  book.dropped.clear()
}

/** Moves, least valuable first (values computed once). */
function byValue(book: Book): DraftMove[] {
  return book.moves
    .map((mv) => ({ mv, v: valueMove(book, mv) }))
    .sort((a, b) => a.v - b.v)
    .map((e) => e.mv)
}

/** Phase 7: drops moves not worth their cost or below `minMoveUsd`, when dropping keeps every bound. */
function dropUnworthy(book: Book): void {
  for (let pass = 0; pass < 4; pass++) {
    let changed = false
    for (const mv of byValue(book)) {
      const net = valueMove(book, mv)
      // Money in transit is worth what its onward legs earn: kept while one still leaves that idle balance.
      if (book.transit.has(mv) && book.moves.some((o) => o.from === mv.to && !book.dropped.has(o))) continue
      if ((net <= book.threshold || microToNumber(mv.amount) < book.minMoveUsd) && droppable(book, mv)) {
        dropMove(book, mv)
        changed = true
      }
    }
    purgeDropped(book)
    if (!changed) break
  }
}

/**
 * Phase 7b: money through a chain's idle balance is worth its legs together (the inbound legs lose what
 * the sources earned, the onward legs gain what the sinks earn). Where the legs through a chain are
 * worth nothing together, all of them are dropped (onward legs first) when dropping all keeps every bound.
 */
function dropWorthlessTransit(book: Book): void {
  const hubs = new Set([...book.transit].filter((mv) => book.moves.includes(mv)).map((mv) => mv.to))
  for (const hub of hubs) {
    const inbound = book.moves.filter((mv) => book.transit.has(mv) && mv.to === hub)
    const onward = book.moves.filter((mv) => mv.from === hub)
    const legs = [...onward, ...inbound]
    const total = legs.reduce((s, mv) => s + valueMove(book, mv), 0)
    if (total > book.threshold * legs.length) continue
    const done: DraftMove[] = []
    for (const mv of legs) {
      if (!droppable(book, mv)) break
      dropMove(book, mv)
      done.push(mv)
    }
    if (done.length === legs.length) continue
    for (const mv of done) {
      // All or nothing: an onward leg without its inbound money (or the reverse) is no plan.
      const a = microToNumber(mv.amount)
      shift(book, mv.from, -a)
      shift(book, mv.to, a)
      book.dropped.delete(mv)
    }
  }
  purgeDropped(book)
}

/**
 * Same-chain markets a cross-chain move from each chain may be redirected to: fixed-rate (or unborrowed)
 * venues first, then receiving markets; bounded to 32 per chain so large books stay cheap.
 */
function redirectCandidates(book: Book, plan: { start: Start; targets: Micro[] }): Map<ChainName, number[]> {
  const candidates = new Map<ChainName, number[]>()
  book.markets.forEach((m, k) => {
    if (!m.inPolicy || m.hi <= m.lo) return
    const receives = plan.targets[k]! > plan.start.positions[k]!
    const linear = m.state.rateModel.kind === 'fixed' || m.state.totalBorrow === 0
    if (!receives && !linear) return
    const list = candidates.get(m.chain) ?? []
    if (linear) list.unshift(k)
    else list.push(k)
    candidates.set(m.chain, list)
  })
  for (const [c, list] of candidates) candidates.set(c, list.slice(0, 32))
  return candidates
}

/**
 * Phase 8: a cross-chain move whose income a same-chain destination matches (ties such as equal fixed
 * rates) goes to that destination instead: same income, cheaper move. A redirected move that now
 * duplicates another (same ends) is merged into it.
 */
function redirectToSameChain(book: Book, plan: { start: Start; targets: Micro[] }): void {
  const { state, markets, moves } = book
  const incomeTolerance = 1e-9 * Math.max(1, book.managed)
  const sourcesNow = new Set(moves.map((m) => m.from))
  const candidates = redirectCandidates(book, plan)
  for (const mv of [...moves]) {
    if (mv.fromChain === mv.toChain || book.transit.has(mv)) continue
    const a = microToNumber(mv.amount)
    const before = valueMove(book, mv)
    const to = state.get(mv.to)!
    const gain = income(book, mv.to, to) - income(book, mv.to, to - a)
    const ti = book.marketIndex.get(mv.to)
    const fi = book.marketIndex.get(mv.from)
    // A move into idle fills a buffer: it may go elsewhere only if the buffer still holds without it.
    if (ti === undefined && state.get(mv.to)! - a < (book.buffers[mv.toChain] ?? 0) - 1e-6) continue
    let best: { key: string; net: number } | undefined
    for (const k of candidates.get(mv.fromChain) ?? []) {
      const m = markets[k]!
      if (k === fi) continue
      const cur = state.get(m.id)!
      if (cur + a > m.hi + 1e-6) continue
      if (!groupsAllow(book, k, ti, a)) continue
      if (sourcesNow.has(m.id)) continue
      if (book.stablecoins && fi !== undefined && book.stablecoins[k] !== book.stablecoins[fi]) continue
      const altGain = income(book, m.id, cur + a) - income(book, m.id, cur)
      if (altGain < gain - incomeTolerance) continue
      const from = state.get(mv.from)!
      const net =
        (altGain - (income(book, mv.from, from + a) - income(book, mv.from, from))) * book.horizon -
        2 * txUsd(book, mv.fromChain)
      if (net >= before && (!best || net > best.net)) best = { key: m.id, net }
    }
    if (!best) continue
    shift(book, mv.to, -a)
    shift(book, best.key, a)
    mv.to = best.key
    mv.toChain = mv.fromChain
    const twin = moves.find((o) => o !== mv && o.from === mv.from && o.to === mv.to)
    if (twin) {
      twin.amount += mv.amount
      moves.splice(moves.indexOf(mv), 1)
    }
  }
}

/** Phase 9: `maxMovesPerCycle` keeps the most valuable moves (dropping only what keeps every bound). */
function capMoveCount(book: Book, limit: number | undefined): void {
  if (limit === undefined || book.moves.length <= limit) return
  for (const mv of byValue(book)) {
    if (book.moves.length - book.dropped.size <= limit) break
    if (droppable(book, mv)) dropMove(book, mv)
  }
  purgeDropped(book)
}

/** Phase 10: targets and idle from positions + moves, exact in micro-USD. */
function finalAllocation(markets: MarketBounds[], start: Start, moves: DraftMove[]): MovePlan {
  const finalBalance = new Map<string, Micro>()
  markets.forEach((m, i) => {
    finalBalance.set(m.id, start.positions[i]!)
  })
  for (const c of chainNames) finalBalance.set(idleEnd(c), start.idle[c] ?? 0n)
  for (const mv of moves) {
    finalBalance.set(mv.from, finalBalance.get(mv.from)! - mv.amount)
    finalBalance.set(mv.to, finalBalance.get(mv.to)! + mv.amount)
  }
  const idle: Partial<Record<ChainName, Micro>> = {}
  for (const c of chainNames) {
    const v = finalBalance.get(idleEnd(c))!
    if (v > 0n) idle[c] = v
  }
  return { moves, targets: markets.map((m) => finalBalance.get(m.id)!), idle }
}
