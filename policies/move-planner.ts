import { type ChainName, chainNames } from '../chains/names.js'
import {
  floatToMicroCeil,
  floatToMicroFloor,
  type Micro,
  microToNumber,
  minMicro,
  toMicro,
} from '../lib/amounts.js'
import type { ResolvedGroup, ResolvedProblem } from './allocation-problem.js'
import type { Policy } from './policy-schema.js'
import { incomeAfter } from './rate-models.js'
import type { Snapshot } from './snapshot.js'

/** A move between two nodes: market ids or `idle:<chain>`. */
export type DraftMove = {
  from: string
  to: string
  fromChain: ChainName
  toChain: ChainName
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

type Node = { key: string; chain: ChainName; market: number; asset: string | undefined }

const idleKey = (c: ChainName) => `idle:${c}`

/**
 * Turns target amounts into moves: idle money placed on the chain where it already is (buffers first),
 * same-chain moves before cross-chain ones, largest first (few moves), cross-chain moves only along
 * allowed routes within their daily limits. Then every move that is not worth its cost over
 * `moves.horizonDays`, or is below `moves.minMoveUsd`, is dropped when dropping keeps every constraint;
 * `maxMovesPerCycle` keeps the most valuable moves. Targets are recomputed from the moves, so
 * targets = positions + moves always holds.
 */
export function planMoves(input: {
  snapshot: Snapshot
  policy: Policy
  resolved: ResolvedProblem
  x: number[]
}): MovePlan {
  const { snapshot, policy, resolved, x } = input
  const markets = resolved.markets
  const W = resolved.managed
  const positions = snapshot.markets.map((m) => toMicro(m.position))
  const targets: Micro[] = markets.map((m, i) => {
    const p = positions[i]!
    if (Math.abs(x[i]! - m.position) <= 1e-9 * Math.max(1, W)) return p
    let t = floatToMicroFloor(x[i]!)
    const hi = floatToMicroFloor(m.hi)
    const lo = floatToMicroCeil(m.lo - 1e-7)
    if (t > hi) t = hi
    if (t < lo) t = lo
    return t
  })
  const idle0: Partial<Record<ChainName, Micro>> = {}
  for (const i of snapshot.idle) idle0[i.chain] = (idle0[i.chain] ?? 0n) + toMicro(i.amount)
  const managed =
    positions.reduce((s, p) => s + p, 0n) + Object.values(idle0).reduce((s, v) => s + (v ?? 0n), 0n)

  // Idle placement: buffers first, then extra idle where money is freed (no cross-chain move for it).
  const idleTotal = managed - targets.reduce((s, t) => s + t, 0n)
  const surplus = new Map<ChainName, Micro>()
  for (const c of chainNames) surplus.set(c, idle0[c] ?? 0n)
  markets.forEach((m, i) => {
    surplus.set(m.chain, surplus.get(m.chain)! + positions[i]! - targets[i]!)
  })
  const idleTarget = new Map<ChainName, Micro>()
  let extra = idleTotal
  for (const c of chainNames) {
    const b = floatToMicroCeil(resolved.buffers[c] ?? 0)
    const give = b < extra ? b : extra > 0n ? extra : 0n
    idleTarget.set(c, give)
    extra -= give
  }
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

  // Nodes with their deltas (positive: receives money).
  const nodes: Node[] = []
  const delta: Micro[] = []
  markets.forEach((m, i) => {
    nodes.push({ key: m.id, chain: m.chain, market: i, asset: snapshot.markets[i]!.asset })
    delta.push(targets[i]! - positions[i]!)
  })
  for (const c of chainNames) {
    nodes.push({ key: idleKey(c), chain: c, market: -1, asset: undefined })
    delta.push(idleTarget.get(c)! - (idle0[c] ?? 0n))
  }
  const routeUse = new Map<number, Micro>()
  const routeFor = (from: Node, to: Node): number | undefined => {
    if (!policy.routes) return -1
    const idx = policy.routes.findIndex(
      (r) =>
        ((r.from === from.chain && r.to === to.chain) ||
          (r.bidirectional && r.from === to.chain && r.to === from.chain)) &&
        (r.assets === undefined || from.asset === undefined || r.assets.includes(from.asset as never)),
    )
    return idx < 0 ? undefined : idx
  }
  const routeRoom = (idx: number): Micro => {
    if (idx < 0) return -1n
    const limit = policy.routes?.[idx]?.maxUsdPerDay
    if (limit === undefined) return -1n
    return floatToMicroFloor(limit) - (routeUse.get(idx) ?? 0n)
  }

  const moves: DraftMove[] = []
  const sourceRest = delta.map((d) => (d < 0n ? -d : 0n))
  const sinkRest = delta.map((d) => (d > 0n ? d : 0n))
  const addMove = (s: number, t: number, amount: Micro) => {
    moves.push({
      from: nodes[s]!.key,
      to: nodes[t]!.key,
      fromChain: nodes[s]!.chain,
      toChain: nodes[t]!.chain,
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
  /** Largest source with largest sink first (two pointers): at most sources + sinks - 1 moves. */
  const pair = (sources: number[], sinks: number[], cross: boolean) => {
    sources.sort(desc(sourceRest))
    sinks.sort(desc(sinkRest))
    if (!cross || !policy.routes) {
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
        const route = routeFor(nodes[s]!, nodes[t]!)
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
  for (const c of chainNames) {
    const onChain = indices.filter((k) => nodes[k]!.chain === c)
    pair(
      onChain.filter((k) => sourceRest[k]! > 0n),
      onChain.filter((k) => sinkRest[k]! > 0n),
      false,
    )
  }
  pair(
    indices.filter((k) => sourceRest[k]! > 0n),
    indices.filter((k) => sinkRest[k]! > 0n),
    true,
  )
  // Money that must leave a market but found no allowed route waits idle on its own chain.
  nodes.forEach((n, s) => {
    if (sourceRest[s]! > 0n && n.market >= 0) {
      const t = markets.length + chainNames.indexOf(n.chain)
      sinkRest[t] = sinkRest[t]! + sourceRest[s]!
      addMove(s, t, sourceRest[s]!)
    }
  })

  // Value every move on the state after all moves; drop those not worth it when that stays feasible.
  const state = new Map<string, number>()
  markets.forEach((m, i) => {
    state.set(m.id, microToNumber(positions[i]!))
  })
  for (const c of chainNames) state.set(idleKey(c), microToNumber(idle0[c] ?? 0n))
  for (const mv of moves) {
    const a = microToNumber(mv.amount)
    state.set(mv.from, state.get(mv.from)! - a)
    state.set(mv.to, state.get(mv.to)! + a)
  }
  const marketIndex = new Map(markets.map((m, i) => [m.id, i]))
  const income = (key: string, amount: number) => {
    const i = marketIndex.get(key)
    return i === undefined ? 0 : incomeAfter(markets[i]!.state, Math.max(0, amount))
  }
  const horizon = policy.moves.horizonDays / 365
  const costs = snapshot.costs
  const tx = (c: ChainName) => costs?.txUsd[c] ?? 0
  const value = (mv: DraftMove) => {
    const a = microToNumber(mv.amount)
    const to = state.get(mv.to)!
    const from = state.get(mv.from)!
    const gainTo = income(mv.to, to) - income(mv.to, to - a)
    const lossFrom = income(mv.from, from + a) - income(mv.from, from)
    const cross = mv.fromChain !== mv.toChain
    const fixed = cross
      ? 2 * tx(mv.fromChain) + 2 * tx(mv.toChain) + (costs?.bridgeUsd ?? 0)
      : 2 * tx(mv.fromChain)
    const bridgeLoss = cross ? (gainTo * (costs?.bridgeHours ?? 0)) / 8760 : 0
    mv.costUsd = fixed + Math.max(0, bridgeLoss)
    mv.netBenefitUsd = (gainTo - lossFrom) * horizon - mv.costUsd
    return mv.netBenefitUsd
  }
  const groupsOf: ResolvedGroup[][] = markets.map(() => [])
  for (const g of resolved.groups) for (const i of g.members) groupsOf[i]!.push(g)
  const groupTotals = resolved.groups.map((g) =>
    g.members.reduce((s, i) => s + state.get(markets[i]!.id)!, 0),
  )
  const groupIndex = new Map(resolved.groups.map((g, k) => [g, k]))
  const groupSum = (g: (typeof resolved.groups)[number]) => groupTotals[groupIndex.get(g)!]!
  /** Moves money on a node and keeps group totals current. */
  const shift = (key: string, amount: number) => {
    state.set(key, state.get(key)! + amount)
    const i = marketIndex.get(key)
    if (i === undefined) return
    for (const g of groupsOf[i]!) {
      const k = groupIndex.get(g)!
      groupTotals[k] = groupTotals[k]! + amount
    }
  }
  /** Whether `a` more in market k (and `a` less in market `other`, if any) keeps every group cap. */
  const groupsAllow = (k: number, other: number | undefined, a: number) => {
    for (const g of groupsOf[k]!) {
      if (other !== undefined && memberSets[groupIndex.get(g)!]!.has(other)) continue
      if (groupSum(g) + a > g.cap + 1e-6) return false
    }
    return true
  }
  const memberSets = resolved.groups.map((g) => new Set(g.members))
  const droppable = (mv: DraftMove) => {
    const a = microToNumber(mv.amount)
    const fi = marketIndex.get(mv.from)
    const ti = marketIndex.get(mv.to)
    if (fi !== undefined) {
      if (state.get(mv.from)! + a > markets[fi]!.hi + 1e-6) return false
      if (!groupsAllow(fi, ti, a)) return false
    }
    if (ti !== undefined && state.get(mv.to)! - a < markets[ti]!.lo - 1e-6) return false
    if (ti === undefined) {
      const chain = mv.toChain
      if (state.get(mv.to)! - a < (resolved.buffers[chain] ?? 0) - 1e-6) return false
    }
    return true
  }
  const drop = (mv: DraftMove) => {
    const a = microToNumber(mv.amount)
    shift(mv.from, a)
    shift(mv.to, -a)
    dropped.add(mv)
  }
  const minMove = policy.moves.minMoveUsd
  const threshold = 1e-9 * Math.max(1, W) * horizon
  const dropped = new Set<DraftMove>()
  const purge = () => {
    if (dropped.size === 0) return
    const kept = moves.filter((m) => !dropped.has(m))
    moves.length = 0
    moves.push(...kept)
    dropped.clear()
  }
  const dropUnworthy = () => {
    for (let pass = 0; pass < 4; pass++) {
      let changed = false
      for (const mv of byValue()) {
        const net = value(mv)
        if ((net <= threshold || microToNumber(mv.amount) < minMove) && droppable(mv)) {
          drop(mv)
          changed = true
        }
      }
      purge()
      if (!changed) break
    }
  }
  /** Moves, least valuable first (values computed once). */
  const byValue = () =>
    moves
      .map((mv) => ({ mv, v: value(mv) }))
      .sort((a, b) => a.v - b.v)
      .map((e) => e.mv)
  dropUnworthy()
  // A cross-chain move whose income a same-chain destination matches (ties such as equal fixed rates)
  // goes to that destination instead: same income, cheaper move.
  const incomeTolerance = 1e-9 * Math.max(1, W)
  const sourcesNow = new Set(moves.map((m) => m.from))
  const redirectCandidates = new Map<ChainName, number[]>()
  markets.forEach((m, k) => {
    if (!m.inPolicy || m.hi <= m.lo) return
    const receives = targets[k]! > positions[k]!
    const linear = m.state.rateModel.kind === 'fixed' || m.state.totalBorrow === 0
    if (!receives && !linear) return
    const list = redirectCandidates.get(m.chain) ?? []
    if (linear) list.unshift(k)
    else list.push(k)
    redirectCandidates.set(m.chain, list)
  })
  // Bounded work on large books: fixed-rate venues first, then a few receiving markets per chain.
  for (const [c, list] of redirectCandidates) redirectCandidates.set(c, list.slice(0, 32))
  for (const mv of [...moves]) {
    if (mv.fromChain === mv.toChain) continue
    const a = microToNumber(mv.amount)
    const before = value(mv)
    const to = state.get(mv.to)!
    const gain = income(mv.to, to) - income(mv.to, to - a)
    const ti = marketIndex.get(mv.to)
    const fi = marketIndex.get(mv.from)
    let best: { key: string; net: number } | undefined
    for (const k of redirectCandidates.get(mv.fromChain) ?? []) {
      const m = markets[k]!
      if (k === fi) continue
      const cur = state.get(m.id)!
      if (cur + a > m.hi + 1e-6) continue
      if (!groupsAllow(k, ti, a)) continue
      if (sourcesNow.has(m.id)) continue
      const altGain = income(m.id, cur + a) - income(m.id, cur)
      if (altGain < gain - incomeTolerance) continue
      const net =
        (altGain - (income(mv.from, state.get(mv.from)! + a) - income(mv.from, state.get(mv.from)!))) *
          horizon -
        2 * tx(mv.fromChain)
      if (net >= before && (!best || net > best.net)) best = { key: m.id, net }
    }
    if (!best) continue
    shift(mv.to, -a)
    shift(best.key, a)
    mv.to = best.key
    mv.toChain = mv.fromChain
    const twin = moves.find((o) => o !== mv && o.from === mv.from && o.to === mv.to)
    if (twin) {
      twin.amount += mv.amount
      moves.splice(moves.indexOf(mv), 1)
    }
  }
  dropUnworthy()
  const limit = policy.moves.maxMovesPerCycle
  if (limit !== undefined && moves.length > limit) {
    for (const mv of byValue()) {
      if (moves.length - dropped.size <= limit) break
      if (droppable(mv)) drop(mv)
    }
    purge()
  }
  for (const mv of moves) value(mv)

  // Targets and idle from positions + moves (exact in micro-USD).
  const finalBalance = new Map<string, Micro>()
  markets.forEach((m, i) => {
    finalBalance.set(m.id, positions[i]!)
  })
  for (const c of chainNames) finalBalance.set(idleKey(c), idle0[c] ?? 0n)
  for (const mv of moves) {
    finalBalance.set(mv.from, finalBalance.get(mv.from)! - mv.amount)
    finalBalance.set(mv.to, finalBalance.get(mv.to)! + mv.amount)
  }
  const idle: Partial<Record<ChainName, Micro>> = {}
  for (const c of chainNames) {
    const v = finalBalance.get(idleKey(c))!
    if (v > 0n) idle[c] = v
  }
  return { moves, targets: markets.map((m) => finalBalance.get(m.id)!), idle }
}
