import { type ChainName, chainNames } from '../chains/names.js'
import { floatToMicroFloor, type Micro, minMicro } from '../lib/amounts.js'
import type { BridgeCaps } from './bridge-cuts.js'
import { flowLegs, maxChainFlow } from './chain-flow.js'
import { type ConversionEnd, pairConversions } from './conversion-pairing.js'
import { type ConversionRoom, stablecoinOf } from './conversion-room.js'
import type { DraftMove } from './move-planner.js'
import type { Policy } from './policy-schema.js'
import type { SnapshotMarket } from './snapshot.js'

/**
 * Phase 5 of the move planner (pure): which source sends how much to which sink. Per chain first, then
 * across chains; with limited pairs a maximum flow within their capacities (legs through a third chain's
 * idle balance where needed); with conversion rows stablecoin-aware (same stablecoin first, conversions
 * within the keys' room, `conversion-pairing.ts`). Moves are not valued here (`move-planner.ts`).
 *
 * @module
 */

/** A place money sits: a market (`market` = its index) or a chain's idle balance (`market` = -1). */
export type Node = {
  key: string
  chain: ChainName
  market: number
  asset: SnapshotMarket['asset'] | undefined
}

/** Nodes (markets first, then one idle node per chain in `chainNames` order) and their deltas. */
export type Graph = {
  nodes: Node[]
  /** Per node: positive receives money, negative gives it. */
  delta: Micro[]
  marketCount: number
  /** Idle money per chain before the plan. */
  startIdle: Map<ChainName, Micro>
}

/** The index of the policy route that allows a move `from` -> `to`; -1 without `routes`, undefined if none. */
function routeFor(policy: Policy, from: Node, to: Node, blocked: Set<string>): number | undefined {
  if (blocked.has(`${from.chain}>${to.chain}`)) return undefined
  if (!policy.routes) return -1
  const idx = policy.routes.findIndex(
    (r) =>
      ((r.from === from.chain && r.to === to.chain) ||
        (r.bidirectional && r.from === to.chain && r.to === from.chain)) &&
      (r.assets === undefined || from.asset === undefined || r.assets.includes(from.asset)),
  )
  return idx < 0 ? undefined : idx
}

/**
 * Phase 5: pairs sources with sinks: per chain first, then across chains along allowed routes (within
 * `maxUsdPerDay`); money that must leave a market but found no route waits idle on its own chain.
 * Moves are not valued yet.
 */
export function pairMoves(
  policy: Policy,
  graph: Graph,
  blocked: Set<string>,
  caps: BridgeCaps | undefined,
  /** The conversion keys' room when a conversion row exists: pairing is then stablecoin-aware. */
  room: ConversionRoom | undefined,
): { moves: DraftMove[]; transit: Set<DraftMove> } {
  const coinAware = room !== undefined
  // With every pair open, conversions are paired globally within the keys' room (`conversion-pairing.ts`).
  const roomAware = room !== undefined && !caps && !policy.routes && blocked.size === 0
  if (room !== undefined && caps && !policy.routes && blocked.size === 0) {
    // Limited pairs: the room-aware pairing as if every pair were open, kept when its bridging fits
    // every pair's capacity (the common case: the keys do not bind); else the maximum flow below.
    const open = pairMoves(policy, graph, blocked, undefined, room)
    if (withinCaps(open.moves, caps)) return open
  }
  const transit = new Set<DraftMove>()
  const { nodes, delta } = graph
  const routeUse = new Map<number, Micro>()
  const routeRoom = (idx: number): Micro => {
    if (idx < 0) return -1n
    const limit = policy.routes?.[idx]?.maxUsdPerDay
    if (limit === undefined) return -1n
    return floatToMicroFloor(limit) - (routeUse.get(idx) ?? 0n)
  }
  const moves: DraftMove[] = []
  const sourceRest = delta.map((d) => (d < 0n ? -d : 0n))
  const sinkRest = delta.map((d) => (d > 0n ? d : 0n))
  const addMove = (s: number, t: number, amount: Micro, convertOn?: ChainName) => {
    const [fromChain, toChain] = [nodes[s]!.chain, nodes[t]!.chain]
    const named = convertOn !== undefined && convertOn !== room?.convertsOn(fromChain, toChain)
    moves.push({
      from: nodes[s]!.key,
      to: nodes[t]!.key,
      fromChain,
      toChain,
      asset: nodes[s]!.asset,
      toAsset: nodes[t]!.asset,
      ...(named ? { convertOn } : {}),
      amount,
      netBenefitUsd: 0,
      costUsd: 0,
    })
    sourceRest[s] = sourceRest[s]! - amount
    sinkRest[t] = sinkRest[t]! - amount
  }
  const desc = (arr: Micro[]) => (a: number, b: number) =>
    arr[b]! > arr[a]! ? 1 : arr[b]! < arr[a]! ? -1 : a - b
  const indices = nodes.map((_, k) => k)
  const givenBy = (k: number) =>
    moves.reduce((sum, mv) => (mv.from === nodes[k]!.key ? sum + mv.amount : sum), 0n)
  /** Largest source with largest sink first (two pointers): at most sources + sinks - 1 moves. */
  const pair = (sources: number[], sinks: number[], cross: boolean) => {
    sources.sort(desc(sourceRest))
    sinks.sort(desc(sinkRest))
    if (!cross || (!policy.routes && blocked.size === 0)) {
      let a = 0
      let b = 0
      while (a < sources.length && b < sinks.length) {
        const s = sources[a]!
        const t = sinks[b]!
        const amount = minMicro(sourceRest[s]!, sinkRest[t]!)
        if (amount > 0n) addMove(s, t, amount)
        if (sourceRest[s]! <= 0n) a++
        if (sinkRest[t]! <= 0n) b++
      }
      return
    }
    for (const s of sources) {
      for (const t of sinks) {
        if (sourceRest[s]! <= 0n) break
        if (sinkRest[t]! <= 0n) continue
        const route = routeFor(policy, nodes[s]!, nodes[t]!, blocked)
        if (route === undefined) continue
        let amount = minMicro(sourceRest[s]!, sinkRest[t]!)
        const room = routeRoom(route)
        if (room >= 0n && room < amount) amount = room
        if (amount <= 0n) continue
        routeUse.set(route, (routeUse.get(route) ?? 0n) + amount)
        addMove(s, t, amount)
      }
    }
  }
  const coin = (k: number) => stablecoinOf(nodes[k]!.asset)
  const pairWithin = (
    scope: number[],
    cross: boolean,
    source: (k: number) => boolean,
    sink: (k: number) => boolean,
  ) =>
    pair(
      scope.filter((k) => sourceRest[k]! > 0n && source(k)),
      scope.filter((k) => sinkRest[k]! > 0n && sink(k)),
      cross,
    )
  const sameCoin = (scope: number[], cross: boolean) => {
    for (const k of ['USDS', 'USDC'] as const)
      pairWithin(
        scope,
        cross,
        (s) => coin(s) === k,
        (t) => coin(t) === k,
      )
  }
  /**
   * The idle money a chain had is spendable as either stablecoin: a source of one stablecoin goes to idle
   * and the idle money to a sink of the other, instead of a conversion. Only while no other move spends
   * that idle balance, and never with limited pairs (their transit legs spend idle balances too):
   * idle-sourced moves of one chain would each count the same balance when their routes are decided
   * (two deposits of the one USDS balance, the second reverting in simulation).
   */
  const swapThroughIdle = (c: ChainName, onChain: number[]) => {
    const idleNode = graph.marketCount + chainNames.indexOf(c)
    // Limited pairs may route transit legs through this idle balance (more spenders): not there.
    if (caps || sourceRest[idleNode]! > 0n || givenBy(idleNode) > 0n) return
    let spendable = graph.startIdle.get(c) ?? 0n
    for (const src of onChain) {
      for (const t of onChain) {
        if (spendable <= 0n || sourceRest[src]! <= 0n) break
        const [a, b] = [coin(src), coin(t)]
        if (sinkRest[t]! <= 0n || a === undefined || b === undefined || a === b) continue
        const amount = minMicro(minMicro(sourceRest[src]!, sinkRest[t]!), spendable)
        sinkRest[idleNode] = sinkRest[idleNode]! + amount
        addMove(src, idleNode, amount)
        sourceRest[idleNode] = sourceRest[idleNode]! + amount
        addMove(idleNode, t, amount)
        spendable -= amount
      }
    }
  }
  /**
   * Idle ends before conversions: idle sources pay any sink, then (unless room-aware, which fills the idle
   * balances after the conversions: which sources convert depends on the chains' room) any source fills
   * the idle balances, which take either stablecoin.
   */
  const idleEnds = (scope: number[], cross: boolean) => {
    pairWithin(
      scope,
      cross,
      (s) => coin(s) === undefined,
      () => true,
    )
    if (!roomAware)
      pairWithin(
        scope,
        cross,
        () => true,
        (t) => coin(t) === undefined,
      )
  }
  if (coinAware) {
    // Conversions only for what the stablecoins cannot settle among themselves (`conversion-cuts.ts`):
    // same stablecoin first, on each chain, then across chains (unlimited pairs; limited pairs go through
    // the maximum flow below), before the idle balances take any money; then the idle balances (spent as
    // either), then across stablecoins.
    for (const c of chainNames)
      sameCoin(
        indices.filter((k) => nodes[k]!.chain === c),
        false,
      )
    if (!caps) sameCoin(indices, true)
  }
  for (const c of chainNames) {
    const onChain = indices.filter((k) => nodes[k]!.chain === c)
    const pairOnChain = (source: (k: number) => boolean, sink: (k: number) => boolean) =>
      pairWithin(onChain, false, source, sink)
    if (coinAware) {
      idleEnds(onChain, false)
      swapThroughIdle(c, onChain)
    }
    if (!roomAware)
      pairOnChain(
        () => true,
        () => true,
      )
  }
  if (caps) {
    // Limited pairs: a maximum flow within the capacities, legs through a third chain's idle if needed.
    const byChain = (rest: Micro[]) => {
      const out = new Map<ChainName, Array<{ node: number; amount: Micro }>>()
      const totals: Partial<Record<ChainName, Micro>> = {}
      for (const k of indices.filter((i) => rest[i]! > 0n).sort(desc(rest))) {
        const c = nodes[k]!.chain
        out.set(c, [...(out.get(c) ?? []), { node: k, amount: rest[k]! }])
        totals[c] = (totals[c] ?? 0n) + rest[k]!
      }
      return { out, totals }
    }
    const sources = byChain(sourceRest)
    const sinks = byChain(sinkRest)
    const flow = maxChainFlow(sources.totals, sinks.totals, caps)
    const legs = flowLegs({
      flow,
      sources: sources.out,
      sinks: sinks.out,
      idleNode: (c) => graph.marketCount + chainNames.indexOf(c),
    })
    for (const leg of legs) {
      addMove(leg.from, leg.to, leg.amount)
      // Money in transit passes through an idle balance: it is neither a source nor a sink there.
      if (leg.transitFrom) sourceRest[leg.from] = sourceRest[leg.from]! + leg.amount
      if (leg.transitTo) {
        sinkRest[leg.to] = sinkRest[leg.to]! + leg.amount
        transit.add(moves[moves.length - 1]!)
      }
    }
  } else {
    const pairAcross = (source: (k: number) => boolean, sink: (k: number) => boolean) =>
      pairWithin(indices, true, source, sink)
    // As on one chain: idle ends before conversions.
    if (coinAware) idleEnds(indices, true)
    if (roomAware) {
      // What is left changes stablecoin: paired within the rooms; the rest waits idle (below).
      const ends = (rest: Micro[]): ConversionEnd[] =>
        indices
          .filter((k) => rest[k]! > 0n && nodes[k]!.market >= 0)
          .map((k) => ({ node: k, chain: nodes[k]!.chain, amount: rest[k]! }))
      const sources = ends(sourceRest)
      const sinks = ends(sinkRest)
      const from = sources[0] && stablecoinOf(nodes[sources[0].node]!.asset)
      const to = sinks[0] && stablecoinOf(nodes[sinks[0].node]!.asset)
      if (from && to && from !== to) {
        const roomOf = (c: ChainName) => {
          if (!room.converts(c)) return 0n
          const usd = room.room(c, from, to)
          return usd === undefined ? undefined : floatToMicroFloor(Math.max(0, usd))
        }
        const relayChains = chainNames.filter((c) => room.converts(c))
        for (const leg of pairConversions(sources, sinks, roomOf, relayChains)) {
          if (leg.via === undefined) {
            addMove(leg.from, leg.to, leg.amount, leg.convertOn)
            continue
          }
          // A relay: unconverted into the relay chain's idle balance (money in transit there), then
          // from it, topped up through its PSM, to the sink.
          const hub = graph.marketCount + chainNames.indexOf(leg.via)
          sinkRest[hub] = sinkRest[hub]! + leg.amount
          addMove(leg.from, hub, leg.amount)
          transit.add(moves[moves.length - 1]!)
          sourceRest[hub] = sourceRest[hub]! + leg.amount
          addMove(hub, leg.to, leg.amount)
        }
      }
      for (const c of chainNames) {
        const onChain = indices.filter((k) => nodes[k]!.chain === c)
        pairWithin(
          onChain,
          false,
          () => true,
          (t) => coin(t) === undefined,
        )
      }
      pairAcross(
        () => true,
        (t) => coin(t) === undefined,
      )
    } else
      pairAcross(
        () => true,
        () => true,
      )
  }
  nodes.forEach((n, s) => {
    if (sourceRest[s]! > 0n && n.market >= 0) {
      const t = graph.marketCount + chainNames.indexOf(n.chain)
      sinkRest[t] = sinkRest[t]! + sourceRest[s]!
      addMove(s, t, sourceRest[s]!)
    }
  })
  return { moves, transit }
}

/** Whether the moves bridge at most each directed pair's capacity. */
function withinCaps(moves: readonly DraftMove[], caps: BridgeCaps): boolean {
  const used = new Map<string, Micro>()
  for (const mv of moves) {
    if (mv.fromChain === mv.toChain) continue
    const pair = `${mv.fromChain}>${mv.toChain}`
    used.set(pair, (used.get(pair) ?? 0n) + mv.amount)
  }
  for (const [pair, amount] of used) {
    const cap = caps.get(pair) ?? Number.POSITIVE_INFINITY
    if (Number.isFinite(cap) && amount > floatToMicroFloor(cap)) return false
  }
  return true
}
