import { expect, test } from 'vitest'
import { chainNames } from '../chains/names.js'
import { cutRows } from './bridge-cuts.js'
import { maxChainFlow } from './chain-flow.js'
import { seededRandom } from './testing/random-scenario.js'

test('behavior: an allocation satisfies the (reduced) cut rows exactly when a flow within the pair capacities reaches it', () => {
  const rnd = seededRandom(11)
  let feasible = 0
  for (let trial = 0; trial < 400; trial++) {
    const caps = new Map<string, number>()
    for (const a of chainNames)
      for (const b of chainNames) {
        if (a === b) continue
        const hub = a === 'ethereum' || b === 'ethereum'
        caps.set(
          `${a}>${b}`,
          rnd() < 0.1
            ? Number.POSITIVE_INFINITY
            : hub
              ? Math.floor(rnd() * 40)
              : rnd() < 0.5
                ? 0
                : Math.floor(rnd() * 10),
        )
      }
    const holdings = Object.fromEntries(chainNames.map((c) => [c, Math.floor(rnd() * 100)]))
    // One market per chain (bounds 0..200), a target for each; the rest of the money stays idle.
    const markets = chainNames.map((chain) => ({ chain, lo: 0, hi: 200 }))
    const target = chainNames.map(() => Math.floor(rnd() * 90))
    const total = Object.values(holdings).reduce((s, v) => s + v, 0)
    if (target.reduce((s, v) => s + v, 0) > total) continue
    const rows = cutRows({ markets, holdings, buffers: {}, caps })
    const rowsHold = rows.every((r) => r.members.reduce((s, i) => s + target[i]!, 0) <= r.cap + 1e-9)
    const d = chainNames.map((c, i) => target[i]! - holdings[c]!)
    const micro = (v: number) => BigInt(Math.max(0, v)) * 1_000_000n
    const flow = maxChainFlow(
      Object.fromEntries(chainNames.map((c, i) => [c, micro(-d[i]!)])),
      Object.fromEntries(chainNames.map((c, i) => [c, micro(d[i]!)])),
      caps,
    )
    const need = d.reduce((s, v) => s + micro(v), 0n)
    const met = flow.kept.reduce((s, v) => s + v, 0n) === need
    expect(rowsHold, `trial ${trial}`).toBe(met)
    if (met) feasible++
    expect(rows.length).toBeLessThanOrEqual(62)
  }
  expect(feasible).toBeGreaterThan(40)
  expect(feasible).toBeLessThan(360)
})

test('behavior: a cut row is left out when the budget row already implies it, kept when it is tighter', () => {
  const rowsWith = (intoBase: number) => {
    const caps = new Map<string, number>()
    for (const a of chainNames)
      for (const b of chainNames)
        if (a !== b) caps.set(`${a}>${b}`, b === 'base' ? 0 : Number.POSITIVE_INFINITY)
    caps.set('ethereum>base', intoBase)
    return cutRows({
      markets: chainNames.map((chain) => ({ chain, lo: 0, hi: 1000 })),
      holdings: { ethereum: 100 },
      buffers: {},
      caps,
    })
  }
  // 150 can enter base but only 100 is managed: the budget row binds first.
  expect(rowsWith(150)).toEqual([])
  const tight = rowsWith(50)
  expect(tight.map((r) => [r.chains, r.cap])).toEqual([[['base'], 50]])
})
