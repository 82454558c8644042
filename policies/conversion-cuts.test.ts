import { describe, expect, test } from 'vitest'
import type { ChainName } from '../chains/names.js'
import { resolveProblem } from './allocation-problem.js'
import { stablecoinOf } from './conversion-room.js'
import type { AllocationProblem } from './optimizer/optimize.js'
import { type Plan, planAllocation } from './plan.js'
import type { Policy } from './policy-schema.js'
import type { RateLimitKeySnapshot } from './rate-limit-snapshot.js'
import { incomeAfter } from './rate-models.js'
import type { Snapshot, SnapshotMarket } from './snapshot.js'
import { bruteForceOptimum } from './testing/brute-force.js'
import { limitedKey, READ_AT } from './testing/random-rate-limits.js'
import { seededRandom } from './testing/random-scenario.js'

// Issue 10: PSM / swap keys are rows of the optimization. A binding conversion key sends the rest to the
// next-best market of the same stablecoin (not idle), and the plan matches a brute-force optimum whose
// feasibility is written here from the keys' semantics, independently of `conversion-cuts.ts`.

const ref = { name: 'test', sha256: 'f'.repeat(64) }

const market = (
  chain: ChainName,
  name: string,
  asset: SnapshotMarket['asset'],
  position: number,
  rateModel: SnapshotMarket['rateModel'],
  supply = position,
  borrow = 0,
): SnapshotMarket => ({
  id: `${chain}/${name}/${asset}`,
  chain,
  protocol: name === 'savings' ? 'savings' : 'aave',
  asset,
  totalSupply: String(supply),
  totalBorrow: String(borrow),
  position: String(position),
  rateModel,
})

/** Keys limiting conversions on `chain`: USDS -> USDC `toUsdc` USD, USDC -> USDS `toUsds` (L2s only). */
function conversionKeys(chain: ChainName, toUsdc: number, toUsds: number, first = 1): RateLimitKeySnapshot[] {
  if (chain === 'ethereum') return [limitedKey(first, chain, { action: 'usds-to-usdc', chain }, toUsdc)]
  return [
    limitedKey(first, chain, { action: 'psm-deposit', chain, asset: 'USDS' }, toUsdc),
    limitedKey(first + 1, chain, { action: 'psm-withdraw', chain, asset: 'USDC' }, toUsdc * 2),
    limitedKey(first + 2, chain, { action: 'psm-deposit', chain, asset: 'USDC' }, toUsds * 3),
    limitedKey(first + 3, chain, { action: 'psm-withdraw', chain, asset: 'USDS' }, toUsds),
  ]
}

const policyOf = (s: Snapshot): Policy => ({
  version: 1,
  name: 'conversion-cuts',
  markets: s.markets.map((m) => ({ id: m.id })),
  groups: [],
  buffers: [],
  moves: { minMoveUsd: 0, horizonDays: 30 },
})

const section = (keys: RateLimitKeySnapshot[]) => ({ version: 1 as const, readAt: READ_AT.toString(), keys })

/** Yearly income of a plan's targets. */
function planIncome(snapshot: Snapshot, plan: Plan): number {
  return snapshot.markets.reduce((sum, m) => {
    const t = Number(plan.targets.find((x) => x.market === m.id)!.amount)
    return (
      sum +
      incomeAfter(
        {
          totalSupply: Number(m.totalSupply),
          totalBorrow: Number(m.totalBorrow),
          position: Number(m.position),
          rateModel: m.rateModel,
        },
        t,
      )
    )
  }, 0)
}

/**
 * USD each direction of conversion the plan's moves make (market -> market moves changing stablecoin),
 * per chain that converts: the move's `convertOn`, else its source chain (every chain here lists keys).
 */
function conversionsOn(
  snapshot: Snapshot,
  plan: Plan,
  chain?: ChainName,
): { toUsdc: number; toUsds: number } {
  const marketOf = new Map(snapshot.markets.map((m) => [m.id, m]))
  const out = { toUsdc: 0, toUsds: 0 }
  for (const mv of plan.moves) {
    const source = marketOf.get(mv.from)
    const from = stablecoinOf(source?.asset)
    const to = stablecoinOf(marketOf.get(mv.to)?.asset)
    if (from === undefined || to === undefined || from === to) continue
    if (chain !== undefined && (mv.convertOn ?? source!.chain) !== chain) continue
    if (to === 'USDC') out.toUsdc += Number(mv.amount)
    else out.toUsds += Number(mv.amount)
  }
  return out
}

/**
 * The exact feasible set, from the keys' semantics, of one chain, or of several chains with unlimited
 * bridges and relays allowed (money may cross twice to convert on another chain): USDC markets end with at
 * most their USDC, the idle money and what the chains convert into USDC (`toUsdc`); USDS markets likewise;
 * all markets at most the money.
 */
function perCoinProblem(snapshot: Snapshot, toUsdc: number, toUsds: number): AllocationProblem {
  const resolved = resolveProblem(snapshot, policyOf(snapshot))
  const idle = snapshot.idle.reduce((s, i) => s + Number(i.amount), 0)
  const coinRow = (coin: 'USDC' | 'USDS', room: number) => {
    const members = snapshot.markets.flatMap((m, i) => (stablecoinOf(m.asset) === coin ? [i] : []))
    const cap = members.reduce((s, i) => s + Number(snapshot.markets[i]!.position), 0) + idle + room
    return { members, cap }
  }
  return {
    budget: resolved.managed,
    rows: [coinRow('USDC', toUsdc), coinRow('USDS', toUsds)],
    variables: resolved.problem.variables.map((v) => ({ ...v })),
  }
}

/** A kinked rate model with random slopes and kink (instances below). */
const randomKinked = (rnd: () => number): SnapshotMarket['rateModel'] => ({
  kind: 'kinked',
  baseRate: 0,
  slope1: 0.02 + rnd() * 0.06,
  slope2: 0.5 + rnd(),
  optimalUtilization: 0.7 + rnd() * 0.2,
  reserveFactor: 0.1,
})

/** A random one-chain instance: 2-3 markets of both stablecoins, some idle, binding conversion keys. */
function instance(seed: number): { snapshot: Snapshot; toUsdc: number; toUsds: number } {
  const rnd = seededRandom(seed * 104_729)
  const chain: ChainName = seed % 2 === 0 ? 'ethereum' : 'base'
  const kinked = () => randomKinked(rnd)
  const lending = (name: string, asset: SnapshotMarket['asset']) => {
    const supply = 20e6 + rnd() * 80e6
    return market(
      chain,
      name,
      asset,
      Math.round(supply * rnd() * 0.5),
      kinked(),
      supply,
      supply * (0.5 + rnd() * 0.4),
    )
  }
  const markets = [
    lending('aave', 'USDS'),
    lending('sparklend', 'USDC'),
    ...(seed % 3 === 0
      ? []
      : [
          market(chain, 'savings', 'sUSDS', Math.round(rnd() * 20e6), {
            kind: 'fixed',
            rate: 0.03 + rnd() * 0.05,
          }),
        ]),
  ]
  const managed = markets.reduce((s, m) => s + Number(m.position), 0)
  const toUsdc = Math.round(managed * 0.1 * rnd())
  const toUsds = chain === 'ethereum' ? Number.POSITIVE_INFINITY : Math.round(managed * 0.1 * rnd())
  const snapshot: Snapshot = {
    version: 1,
    takenAt: '2026-12-02T00:00:00Z',
    markets,
    idle: rnd() < 0.5 ? [{ chain, amount: String(Math.round(rnd() * 5e6)) }] : [],
    rateLimits: section(conversionKeys(chain, toUsdc, Number.isFinite(toUsds) ? toUsds : 0)),
  }
  return { snapshot, toUsdc, toUsds }
}

/**
 * A random two-chain instance (Ethereum + Base, both with binding conversion keys): 3-4 markets of both
 * stablecoins, sometimes idle money on Ethereum. Bridges unlimited, or with LayerZero keys of `laneUsd`
 * each way (both OFTs).
 */
function twoChainInstance(seed: number, laneUsd?: number) {
  const rnd = seededRandom(seed * 7_919)
  const kinked = () => randomKinked(rnd)
  const lending = (chain: ChainName, name: string, asset: SnapshotMarket['asset']) => {
    const supply = 20e6 + rnd() * 80e6
    const borrow = supply * (0.5 + rnd() * 0.4)
    return market(chain, name, asset, Math.round(supply * rnd() * 0.5), kinked(), supply, borrow)
  }
  const markets = [
    lending('ethereum', 'aave', 'USDS'),
    lending('ethereum', 'sparklend', 'USDC'),
    lending('base', 'aave', 'USDC'),
    ...(seed % 2 ? [lending('base', 'spark', 'USDS')] : []),
  ]
  const managed = markets.reduce((s, m) => s + Number(m.position), 0)
  const rooms = {
    ethereumToUsdc: Math.round(managed * 0.1 * rnd()),
    baseToUsdc: Math.round(managed * 0.1 * rnd()),
    baseToUsds: Math.round(managed * 0.1 * rnd()),
  }
  const idle = rnd() < 0.5 ? Math.round(rnd() * 5e6) : 0
  const snapshot: Snapshot = {
    version: 1,
    takenAt: '2026-12-02T00:00:00Z',
    markets,
    idle: idle ? [{ chain: 'ethereum', amount: String(idle) }] : [],
    rateLimits: section([
      ...conversionKeys('ethereum', rooms.ethereumToUsdc, 0, 1),
      ...conversionKeys('base', rooms.baseToUsdc, rooms.baseToUsds, 10),
      ...(laneUsd === undefined
        ? []
        : (['USDS', 'USDC'] as const).flatMap((asset, i) => [
            limitedKey(
              20 + i,
              'ethereum',
              { action: 'layerzero', chain: 'ethereum', toChain: 'base', asset },
              laneUsd,
            ),
            limitedKey(
              30 + i,
              'base',
              { action: 'layerzero', chain: 'base', toChain: 'ethereum', asset },
              laneUsd,
            ),
          ])),
    ]),
  }
  return { snapshot, rooms }
}

describe('conversion keys as rows of the optimization', () => {
  test('behavior: a binding PSM key sends the rest to the next-best USDS market, not idle', () => {
    const snapshot: Snapshot = {
      version: 1,
      takenAt: '2026-12-02T00:00:00Z',
      markets: [
        market('base', 'aave', 'USDS', 10e6, { kind: 'fixed', rate: 0.02 }),
        market('base', 'sparklend', 'USDC', 0, { kind: 'fixed', rate: 0.08 }),
        market('base', 'savings', 'sUSDS', 0, { kind: 'fixed', rate: 0.05 }),
      ],
      idle: [],
      rateLimits: section(conversionKeys('base', 1e6, 1e6)),
    }
    const plan = planAllocation({ snapshot, policy: policyOf(snapshot), policyRef: ref })
    const target = (id: string) => Number(plan.targets.find((t) => t.market === id)!.amount)
    expect(target('base/sparklend/USDC')).toBeCloseTo(1e6, 0)
    expect(target('base/savings/sUSDS')).toBeCloseTo(9e6, 0)
    expect(plan.idle.reduce((s, i) => s + Number(i.amount), 0)).toBeLessThan(1)
    expect(plan.targets.find((t) => t.market === 'base/sparklend/USDC')!.binding).toContain(
      'rateLimit:conversion:USDC:base',
    )
  })

  test('behavior: random one-chain instances with binding conversion keys match the brute-force optimum within 0.1 bp and never overdraw a key', () => {
    let binding = 0
    for (let seed = 1; seed <= 24; seed++) {
      const { snapshot, toUsdc, toUsds } = instance(seed)
      const plan = planAllocation({ snapshot, policy: policyOf(snapshot), policyRef: ref })
      const used = conversionsOn(snapshot, plan)
      expect(used.toUsdc, `seed ${seed}: USDS -> USDC`).toBeLessThanOrEqual(toUsdc + 1e-3)
      expect(used.toUsds, `seed ${seed}: USDC -> USDS`).toBeLessThanOrEqual(toUsds + 1e-3)
      if (used.toUsdc >= toUsdc - 1 || used.toUsds >= toUsds - 1) binding++
      const problem = perCoinProblem(snapshot, toUsdc, toUsds)
      const brute = bruteForceOptimum(problem, problem.variables.length <= 2 ? 300 : 80, 30)
      const managed = problem.budget
      const gapBp = ((brute.income - planIncome(snapshot, plan)) / managed) * 1e4
      expect(gapBp, `seed ${seed}: plan below the brute-force optimum (bp of APR)`).toBeLessThan(0.1)
    }
    expect(binding, 'instances where a conversion key binds').toBeGreaterThan(8)
  })

  test('behavior: two chains, both keyed, bridges open or with LayerZero keys that do not bind: conversions run where the room is, keys hold, the plan is exact or says by how much it falls short', {
    timeout: 240_000,
  }, () => {
    const variants = { open: undefined, lanes: 1e9 } as const
    const tally = { open: { exact: 0, gaps: [0] }, lanes: { exact: 0, gaps: [0] } }
    for (let seed = 1; seed <= 30; seed++) {
      const { snapshot: first, rooms } = twoChainInstance(seed)
      // Ethereum converts USDC -> USDS without limit; the LayerZero keys do not bind: one brute force.
      const problem = perCoinProblem(first, rooms.ethereumToUsdc + rooms.baseToUsdc, Number.POSITIVE_INFINITY)
      const brute = bruteForceOptimum(problem, problem.variables.length <= 3 ? 200 : 50, 20)
      for (const [variant, laneUsd] of Object.entries(variants) as Array<
        [keyof typeof variants, number | undefined]
      >) {
        const { snapshot } = twoChainInstance(seed, laneUsd)
        const at = `seed ${seed} (${variant})`
        const plan = planAllocation({ snapshot, policy: policyOf(snapshot), policyRef: ref })
        const onEthereum = conversionsOn(snapshot, plan, 'ethereum')
        const onBase = conversionsOn(snapshot, plan, 'base')
        expect(onEthereum.toUsdc, `${at}: Ethereum USDS -> USDC`).toBeLessThanOrEqual(
          rooms.ethereumToUsdc + 1e-3,
        )
        expect(onBase.toUsdc, `${at}: Base USDS -> USDC`).toBeLessThanOrEqual(rooms.baseToUsdc + 1e-3)
        expect(onBase.toUsds, `${at}: Base USDC -> USDS`).toBeLessThanOrEqual(rooms.baseToUsds + 1e-3)
        const after =
          plan.targets.reduce((s, t) => s + Number(t.amount), 0) +
          plan.idle.reduce((s, i) => s + Number(i.amount), 0)
        const managed = Number(plan.summary.managedUsd)
        expect(Math.abs(after - managed), `${at}: money conserved`).toBeLessThan(1e-5)
        const shortUsd = ((brute.income - planIncome(snapshot, plan)) * 30) / 365
        const objective = plan.summary.objective!
        // The plan never claims more than it reaches: the shortfall is within its stated bound gap.
        expect(shortUsd, `${at}: shortfall over 30 days (USD)`).toBeLessThanOrEqual(
          Number(objective.boundGapUsd) + 1,
        )
        const gapBp = ((brute.income - planIncome(snapshot, plan)) / managed) * 1e4
        if (objective.method === 'exact') {
          tally[variant].exact++
          expect(gapBp, `${at}: an exact plan is within 0.1 bp of the brute-force optimum`).toBeLessThan(0.1)
        } else tally[variant].gaps.push(gapBp)
      }
    }
    // Before the room-aware pairing and `convertOn`: 13 exact of 30 open, 13 with the keys; before the open
    // pairing was tried under limited pairs: 18 with the keys; before relays through the other chain's
    // idle balance: 24. The one instance not labelled exact (seed 17) is above the brute force's grid.
    for (const variant of Object.keys(variants) as Array<keyof typeof variants>) {
      expect(tally[variant].exact, `${variant}: exact plans of 30`).toBeGreaterThanOrEqual(28)
      expect(Math.max(...tally[variant].gaps), `${variant}: largest shortfall (bp of APR)`).toBeLessThan(0.1)
    }
  })
})
