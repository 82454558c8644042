import type { ChainName } from '../chains/names.js'
import { type Micro, minMicro } from '../lib/amounts.js'

/**
 * Pairs the money that must change stablecoin within the PSM / swap keys' room (pure).
 *
 * After same-stablecoin pairing, what is left is sources of one stablecoin and sinks of the other (one
 * direction: a stablecoin with sources left has no sinks left). A move converts once, on its source
 * chain or on its destination chain (no relay through a third chain), within that chain's room for the
 * direction. With every pair of chains open, a pairing exists that converts `G_x` on chain x as a source
 * and `H_x` as a destination exactly when `G_x <= S_x`, `H_x <= D_x`, `G_x + H_x <= room_x` and the sum
 * of all `G + H` is the money to convert (`S_x` / `D_x`: what x's sources give / sinks take). So each
 * chain converts up to `min(room_x, S_x + D_x)`: first its own sources, then for its sinks. Then two
 * transports: the money converted where it leaves goes to the sinks' part that is not converted on
 * arrival, the rest of the sources' money travels unconverted to the sinks that convert it on arrival
 * (`convertOn` = the destination chain). Same-chain legs first, then largest first: few moves. What the
 * ends' own chains cannot convert is relayed through a chain that has room left (`relayChains`): it
 * travels unconverted to that chain's idle balance and leaves it converted (the idle source tops up
 * through that chain's PSM), two bridges; what no room converts stays unpaired (the caller sends it idle).
 *
 * @module
 */

/** A source or sink left to pair: its node, chain and amount (micro-USD). */
export type ConversionEnd = { node: number; chain: ChainName; amount: Micro }

/**
 * A paired leg: `amount` from source node `from` to sink node `to`, converted on `convertOn`. With `via`
 * (= `convertOn`, a chain that is neither end) the leg is a relay: the money travels unconverted to
 * `via`'s idle balance and leaves it converted (two moves, see {@link pairConversions}).
 */
export type ConversionLeg = { from: number; to: number; amount: Micro; convertOn: ChainName; via?: ChainName }

/**
 * The legs that convert as much of the sources' money into the sinks as the rooms allow (see the module
 * notes). `room(chain)`: what the chain may convert in this direction (micro-USD), `undefined` unlimited.
 */
export function pairConversions(
  sources: readonly ConversionEnd[],
  sinks: readonly ConversionEnd[],
  room: (chain: ChainName) => Micro | undefined,
  /** Chains that may convert for others (relays through their idle balance); none: no relays. */
  relayChains: readonly ChainName[] = [],
): ConversionLeg[] {
  const total = (ends: readonly ConversionEnd[]) => ends.reduce((s, e) => s + e.amount, 0n)
  let toConvert = minMicro(total(sources), total(sinks))
  if (toConvert <= 0n) return []
  const perChain = (ends: readonly ConversionEnd[]) => {
    const out = new Map<ChainName, Micro>()
    for (const e of ends) out.set(e.chain, (out.get(e.chain) ?? 0n) + e.amount)
    return out
  }
  const give = perChain(sources)
  const take = perChain(sinks)
  const chains = [...new Set([...give.keys(), ...take.keys()])]
  // Room each chain spends on its own sources (G) and on its sinks (H), up to the money to convert.
  const atSource = new Map<ChainName, Micro>()
  const atSink = new Map<ChainName, Micro>()
  for (const c of chains) {
    const r = room(c)
    const g = minMicro(minMicro(give.get(c) ?? 0n, r ?? toConvert), toConvert)
    toConvert -= g
    const left = r === undefined ? toConvert : minMicro(r - g, toConvert)
    const h = minMicro(take.get(c) ?? 0n, left > 0n ? left : 0n)
    toConvert -= h
    atSource.set(c, g)
    atSink.set(c, h)
  }
  // Split every end into its converted and unconverted part, largest ends first within a chain.
  const split = (ends: readonly ConversionEnd[], budget: Map<ChainName, Micro>) => {
    const left = new Map(budget)
    const converted: ConversionEnd[] = []
    const plain: ConversionEnd[] = []
    for (const e of [...ends].sort((a, b) => (b.amount > a.amount ? 1 : b.amount < a.amount ? -1 : 0))) {
      const part = minMicro(e.amount, left.get(e.chain) ?? 0n)
      left.set(e.chain, (left.get(e.chain) ?? 0n) - part)
      if (part > 0n) converted.push({ ...e, amount: part })
      if (e.amount > part) plain.push({ ...e, amount: e.amount - part })
    }
    return { converted, plain }
  }
  const src = split(sources, atSource)
  const snk = split(sinks, atSink)
  const legs: ConversionLeg[] = []
  // Converted where it leaves -> sinks' plain part; unconverted -> sinks converting on arrival.
  transport(src.converted, snk.plain, (s) => s.chain, legs)
  transport(src.plain, snk.converted, (_s, t) => t.chain, legs)
  // What is left needs a third chain's room: relays through chains whose room is not used up.
  const left = (ends: ConversionEnd[]) => ends.filter((e) => e.amount > 0n)
  const from = [...left(src.converted), ...left(src.plain)]
  const to = [...left(snk.converted), ...left(snk.plain)]
  for (const via of relayChains) {
    if (from.every((e) => e.amount <= 0n) || to.every((e) => e.amount <= 0n)) break
    const r = room(via)
    let spare = r === undefined ? undefined : r - (atSource.get(via) ?? 0n) - (atSink.get(via) ?? 0n)
    for (const s of from) {
      for (const t of to) {
        if (spare !== undefined && spare <= 0n) break
        if (s.amount <= 0n || t.amount <= 0n || s.chain === via || t.chain === via) continue
        const amount = minMicro(minMicro(s.amount, t.amount), spare ?? s.amount)
        legs.push({ from: s.node, to: t.node, amount, convertOn: via, via })
        s.amount -= amount
        t.amount -= amount
        if (spare !== undefined) spare -= amount
      }
    }
  }
  return legs
}

/** Pairs `from` with `to` (same chain first, then largest first), appending legs; amounts are consumed. */
function transport(
  from: ConversionEnd[],
  to: ConversionEnd[],
  convertOn: (s: ConversionEnd, t: ConversionEnd) => ChainName,
  legs: ConversionLeg[],
): void {
  const move = (s: ConversionEnd, t: ConversionEnd) => {
    const amount = minMicro(s.amount, t.amount)
    if (amount <= 0n) return
    legs.push({ from: s.node, to: t.node, amount, convertOn: convertOn(s, t) })
    s.amount -= amount
    t.amount -= amount
  }
  for (const s of from) for (const t of to) if (s.chain === t.chain) move(s, t)
  const desc = (a: ConversionEnd, b: ConversionEnd) =>
    b.amount > a.amount ? 1 : b.amount < a.amount ? -1 : 0
  const sources = from.filter((s) => s.amount > 0n).sort(desc)
  const sinks = to.filter((t) => t.amount > 0n).sort(desc)
  let a = 0
  let b = 0
  while (a < sources.length && b < sinks.length) {
    move(sources[a]!, sinks[b]!)
    if (sources[a]!.amount <= 0n) a++
    if (sinks[b]!.amount <= 0n) b++
  }
}
