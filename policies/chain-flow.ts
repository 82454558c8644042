import { type ChainName, chainNames } from '../chains/names.js'
import { floatToMicroFloor, type Micro, minMicro } from '../lib/amounts.js'
import type { BridgeCaps } from './bridge-cuts.js'

/**
 * Cross-chain money flow within bridge capacities (pure, exact in micro-USD): a maximum flow from the
 * chains that give money to the chains that need it, over the directed pairs and their capacities, then
 * split into legs between the nodes (markets, idle balances) of the move planner.
 *
 * Shortest augmenting paths first (Edmonds-Karp): direct pairs carry what they can before any money
 * goes through a third chain. Opposite flows of a pair cancel (only the net flow is kept, so a
 * bidirectional policy limit holds for both directions together) and flow cycles are cancelled. A leg
 * through a chain goes to that chain's idle balance and on from there; legs come in topological order of
 * the flow, so money arrives on a chain before a later leg sends it on.
 *
 * @module
 */

const n: number = chainNames.length
const SOURCE = n
const SINK = n + 1

/** Net flow per directed chain pair plus what each chain gives from its own money and keeps of arrivals. */
export type ChainFlow = {
  /** flow[a][b] > 0: micro-USD from chain a to chain b (chain indices in `chainNames` order). */
  flow: Micro[][]
  /** Per chain: its own money sent out (`given`) and arrivals it keeps (`kept`). */
  given: Micro[]
  kept: Micro[]
}

/**
 * The maximum flow of `supply` (what each chain can give) to `demand` (what each chain needs) within
 * `caps` (USD per pair, floored to micro-USD; `Infinity` unlimited).
 */
export function maxChainFlow(
  supply: Partial<Record<ChainName, Micro>>,
  demand: Partial<Record<ChainName, Micro>>,
  caps: BridgeCaps,
): ChainFlow {
  const size = n + 2
  const total = chainNames.reduce((s, c) => s + (supply[c] ?? 0n), 0n) + 1n
  const cap: Micro[][] = Array.from({ length: size }, () => new Array<Micro>(size).fill(0n))
  const flow: Micro[][] = Array.from({ length: size }, () => new Array<Micro>(size).fill(0n))
  chainNames.forEach((a, i) => {
    cap[SOURCE]![i] = supply[a] ?? 0n
    cap[i]![SINK] = demand[a] ?? 0n
    chainNames.forEach((b, j) => {
      if (i === j) return
      const usd = caps.get(`${a}>${b}`) ?? Number.POSITIVE_INFINITY
      cap[i]![j] = Number.isFinite(usd) ? floatToMicroFloor(Math.max(0, usd)) : total
    })
  })
  const residual = (u: number, v: number) => cap[u]![v]! - flow[u]![v]!
  for (;;) {
    const prev = new Array<number>(size).fill(-1)
    prev[SOURCE] = SOURCE
    const queue = [SOURCE]
    for (let q = 0; q < queue.length && prev[SINK] === -1; q++) {
      const u = queue[q]!
      for (let v = 0; v < size; v++) {
        if (prev[v] === -1 && residual(u, v) > 0n) {
          prev[v] = u
          queue.push(v)
        }
      }
    }
    if (prev[SINK] === -1) break
    let push = total
    for (let v = SINK; v !== SOURCE; v = prev[v]!) {
      const r = residual(prev[v]!, v)
      if (r < push) push = r
    }
    for (let v = SINK; v !== SOURCE; v = prev[v]!) {
      const u = prev[v]!
      flow[u]![v] = flow[u]![v]! + push
      flow[v]![u] = flow[v]![u]! - push
    }
  }
  const net = chainNames.map((_, i) => chainNames.map((_, j) => (flow[i]![j]! > 0n ? flow[i]![j]! : 0n)))
  cancelCycles(net)
  return {
    flow: net,
    given: chainNames.map((_, i) => flow[SOURCE]![i]!),
    kept: chainNames.map((_, i) => flow[i]![SINK]!),
  }
}

/** Removes directed cycles of positive flow (keeps every chain's balance). */
function cancelCycles(f: Micro[][]): void {
  for (;;) {
    const cycle = findCycle(f)
    if (!cycle) return
    let least = -1n
    for (let k = 0; k < cycle.length; k++) {
      const v = f[cycle[k]!]![cycle[(k + 1) % cycle.length]!]!
      if (least < 0n || v < least) least = v
    }
    for (let k = 0; k < cycle.length; k++) {
      const [a, b] = [cycle[k]!, cycle[(k + 1) % cycle.length]!]
      f[a]![b] = f[a]![b]! - least
    }
  }
}

function findCycle(f: Micro[][]): number[] | undefined {
  const state = new Array<number>(n).fill(0)
  const stack: number[] = []
  const visit = (u: number): number[] | undefined => {
    state[u] = 1
    stack.push(u)
    for (let v = 0; v < n; v++) {
      if (f[u]![v]! <= 0n) continue
      if (state[v] === 1) return stack.slice(stack.indexOf(v))
      if (state[v] === 0) {
        const c = visit(v)
        if (c) return c
      }
    }
    stack.pop()
    state[u] = 2
    return undefined
  }
  for (let u = 0; u < n; u++) {
    if (state[u] !== 0) continue
    const c = visit(u)
    if (c) return c
  }
  return undefined
}

/** Chains in topological order of an acyclic flow (senders before receivers). */
export function flowOrder(f: Micro[][]): number[] {
  const indegree = chainNames.map((_, j) => chainNames.filter((_, i) => f[i]![j]! > 0n).length)
  const order: number[] = []
  const ready = chainNames.map((_, i) => i).filter((i) => indegree[i] === 0)
  while (ready.length > 0) {
    const u = ready.shift()!
    order.push(u)
    for (let v = 0; v < n; v++) {
      if (f[u]![v]! <= 0n) continue
      indegree[v] = indegree[v]! - 1
      if (indegree[v] === 0) ready.push(v)
    }
  }
  return order
}

/** One leg between planner nodes; `transitFrom` / `transitTo`: the idle end carries money in transit. */
export type FlowLeg = { from: number; to: number; amount: Micro; transitFrom: boolean; transitTo: boolean }

/**
 * Splits a chain flow into legs between nodes. Per chain, what leaves comes first from its sources (node
 * index and amount, largest first) up to `given`, then from its idle balance (`idleNode`, money that
 * arrived); what arrives goes first to its sinks up to `kept`, then to its idle balance (sent on later).
 */
export function flowLegs(args: {
  flow: ChainFlow
  sources: Map<ChainName, Array<{ node: number; amount: Micro }>>
  sinks: Map<ChainName, Array<{ node: number; amount: Micro }>>
  idleNode: (chain: ChainName) => number
}): FlowLeg[] {
  const { flow, sources, sinks, idleNode } = args
  type Slot = { node: number; amount: Micro; transit: boolean }
  const queue = (
    list: Array<{ node: number; amount: Micro }>,
    limit: Micro,
    c: ChainName,
    through: Micro,
  ) => {
    const out: Slot[] = []
    let left = limit
    for (const s of list) {
      if (left <= 0n) break
      const a = minMicro(s.amount, left)
      if (a > 0n) out.push({ node: s.node, amount: a, transit: false })
      left -= a
    }
    if (through > 0n) out.push({ node: idleNode(c), amount: through, transit: true })
    return out
  }
  const outQ = chainNames.map((c, i) => {
    const out = flow.flow[i]!.reduce((s, v) => s + v, 0n)
    const given = minMicro(flow.given[i]!, out)
    return queue(sources.get(c) ?? [], given, c, out - given)
  })
  const inQ = chainNames.map((c, j) => {
    const inflow = chainNames.reduce((s, _, i) => s + flow.flow[i]![j]!, 0n)
    const kept = minMicro(flow.kept[j]!, inflow)
    return queue(sinks.get(c) ?? [], kept, c, inflow - kept)
  })
  const legs: FlowLeg[] = []
  for (const a of flowOrder(flow.flow)) {
    for (let b = 0; b < n; b++) {
      let amount = flow.flow[a]![b]!
      while (amount > 0n && outQ[a]!.length > 0 && inQ[b]!.length > 0) {
        const s = outQ[a]![0]!
        const t = inQ[b]![0]!
        const x = minMicro(minMicro(s.amount, t.amount), amount)
        legs.push({ from: s.node, to: t.node, amount: x, transitFrom: s.transit, transitTo: t.transit })
        s.amount -= x
        t.amount -= x
        amount -= x
        if (s.amount <= 0n) outQ[a]!.shift()
        if (t.amount <= 0n) inQ[b]!.shift()
      }
    }
  }
  return legs
}
