import { describe, expect, test } from 'vitest'
import type { ChainName } from '../chains/names.js'
import { type Micro, minMicro } from '../lib/amounts.js'
import { type ConversionEnd, type ConversionLeg, pairConversions } from './conversion-pairing.js'
import { seededRandom } from './testing/random-scenario.js'

const M = 1_000_000n
const end = (node: number, chain: ChainName, usd: number): ConversionEnd => ({
  node,
  chain,
  amount: BigInt(usd) * M,
})

/** Room drawn per chain by the legs (each leg converts once, on `convertOn`). */
function drawn(legs: ConversionLeg[]): Map<ChainName, Micro> {
  const out = new Map<ChainName, Micro>()
  for (const l of legs) out.set(l.convertOn, (out.get(l.convertOn) ?? 0n) + l.amount)
  return out
}

/** Per node, what the legs take from (sources) or bring to (sinks) it. */
function perNode(legs: ConversionLeg[], side: 'from' | 'to'): Map<number, Micro> {
  const out = new Map<number, Micro>()
  for (const l of legs) out.set(l[side], (out.get(l[side]) ?? 0n) + l.amount)
  return out
}

describe('pairConversions', () => {
  test('behavior: a scarce room does not strand a sink: the pairs convert on the chain with room', () => {
    // Ethereum converts USDC -> USDS without limit, Base only 2,330. Same-chain pairing first would spend
    // Ethereum's USDC on Ethereum and leave Base's sink short (Base -> Base can only use Base's room).
    const sources = [end(0, 'ethereum', 5_450), end(1, 'base', 12_860)]
    const sinks = [end(2, 'ethereum', 13_920), end(3, 'base', 4_390)]
    const legs = pairConversions(sources, sinks, (c) => (c === 'base' ? 2_330n * M : undefined))
    expect(perNode(legs, 'to').get(2)).toBe(13_920n * M)
    expect(perNode(legs, 'to').get(3)).toBe(4_390n * M)
    expect(drawn(legs).get('base') ?? 0n).toBeLessThanOrEqual(2_330n * M)
    // Base's USDC travels unconverted and converts on arrival on Ethereum.
    expect(legs).toContainEqual({ from: 1, to: 2, amount: 12_860n * M, convertOn: 'ethereum' })
  })

  test('behavior: what no room can convert stays unpaired, and no relay through a third chain is made', () => {
    // Optimism has room but neither gives nor takes: its room cannot serve Ethereum -> Base (no relay).
    const legs = pairConversions([end(0, 'ethereum', 100)], [end(1, 'base', 100)], (c) =>
      c === 'optimism' ? 1_000n * M : 30n * M,
    )
    expect(legs.reduce((s, l) => s + l.amount, 0n)).toBe(60n * M)
    for (const l of legs) expect(['ethereum', 'base']).toContain(l.convertOn)
  })

  test('behavior: random instances convert the most any relay-free pairing can, within every room', () => {
    const chains: ChainName[] = ['ethereum', 'base', 'arbitrum']
    for (let seed = 1; seed <= 200; seed++) {
      const rnd = seededRandom(seed * 7_919)
      const ends = (first: number) =>
        chains.flatMap((c, i) => (rnd() < 0.6 ? [end(first + i, c, Math.round(rnd() * 1_000))] : []))
      const sources = ends(0)
      const sinks = ends(10)
      const rooms = new Map(
        chains.map((c) => [c, rnd() < 0.2 ? undefined : BigInt(Math.round(rnd() * 800)) * M]),
      )
      const legs = pairConversions(sources, sinks, (c) => rooms.get(c))
      // Ends are never over-used; every leg converts on one of its own two chains.
      const chainOf = new Map([...sources, ...sinks].map((e) => [e.node, e.chain]))
      for (const e of sources) expect(perNode(legs, 'from').get(e.node) ?? 0n).toBeLessThanOrEqual(e.amount)
      for (const e of sinks) expect(perNode(legs, 'to').get(e.node) ?? 0n).toBeLessThanOrEqual(e.amount)
      for (const l of legs) expect([chainOf.get(l.from), chainOf.get(l.to)]).toContain(l.convertOn)
      for (const [c, used] of drawn(legs)) {
        const r = rooms.get(c)
        if (r !== undefined) expect(used, `seed ${seed} ${c}`).toBeLessThanOrEqual(r)
      }
      // The most a relay-free pairing converts: each chain's room serves only money leaving or
      // arriving there, so the total is at most the sum over chains of min(room, gives + takes).
      const sum = (xs: ConversionEnd[], c?: ChainName) =>
        xs.filter((e) => c === undefined || e.chain === c).reduce((s, e) => s + e.amount, 0n)
      const want = minMicro(sum(sources), sum(sinks))
      let most = 0n
      for (const c of chains) {
        const local = sum(sources, c) + sum(sinks, c)
        const r = rooms.get(c)
        most += r === undefined ? local : minMicro(r, local)
      }
      const expected = minMicro(most, want)
      expect(
        legs.reduce((s, l) => s + l.amount, 0n),
        `seed ${seed}`,
      ).toBe(expected)
    }
  })
})
