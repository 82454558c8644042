import { chainNames } from '../../chains/names.js'
import type { Policy } from '../policy-schema.js'
import type { RateModel, Snapshot } from '../snapshot.js'

/** A deterministic pseudo-random source (mulberry32) so generated scenarios are reproducible. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Knobs of {@link randomScenario}. */
export type ScenarioOptions = {
  markets: number
  /** Add group caps (by protocol and by chain, possibly overlapping). */
  groups?: boolean
  /** Add a buffer on one chain. */
  buffers?: boolean
  /** Include snapshot costs. */
  costs?: boolean
  /** Share of markets where our position dominates the market. */
  dominantShare?: number
  /**
   * Share of (non-savings) markets where our position sits above a ceiling (`maxUsd`, `maxShareOfMarket`,
   * `supplyCap`, or the market left out of the policy) while the market's cash cannot repay all of it
   * (about 3 in 4 of them: the rest can just repay it). With it, groups may have a `maxShare` below their
   * members' floors and buffers may exceed the liquid money (never the money managed): breaches, not errors.
   */
  breaches?: number
}

/** Cash floor of a generated market (what cannot leave it now). */
const cashFloor = (m: Snapshot['markets'][number]) =>
  Math.max(0, Number(m.position) - (Number(m.totalSupply) - Number(m.totalBorrow)))

const protocols = ['sparklend', 'aave', 'morpho'] as const

/**
 * A random but consistent snapshot + policy: kinked and adaptive-curve markets (plus a savings market)
 * over the six chains, supply caps, per-market limits, groups, buffers and dominant positions. All
 * constraints are satisfiable by construction, except with `breaches` (ceilings below what cannot leave,
 * which the plan holds and reports). Tests and benchmarks only.
 */
export function randomScenario(
  seed: number,
  options: ScenarioOptions,
): { snapshot: Snapshot; policy: Policy } {
  const rnd = seededRandom(seed)
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!
  const markets: Snapshot['markets'] = []
  const policyMarkets: Policy['markets'] = []
  for (let i = 0; i < options.markets; i++) {
    const chain = pick(chainNames)
    const savings = i === 0 || rnd() < 0.08
    const protocol = savings ? 'savings' : pick(protocols)
    const supply = Math.round(1e6 * 10 ** (1 + rnd() * 3))
    const utilization = savings ? 0 : 0.55 + rnd() * 0.4
    const borrow = Math.round(supply * utilization)
    const dominant = rnd() < (options.dominantShare ?? 0.2)
    const position = Math.round(dominant ? supply * (0.5 + rnd() * 0.45) : supply * rnd() * 0.3)
    const rateModel: RateModel = savings
      ? { kind: 'fixed', rate: 0.035 + rnd() * 0.02 }
      : protocol === 'morpho'
        ? {
            kind: 'adaptive-curve',
            rateAtTarget: 0.03 + rnd() * 0.06,
            fee: rnd() < 0.5 ? 0 : 0.1,
            targetUtilization: 0.9,
            curveSteepness: 4,
          }
        : {
            kind: 'kinked',
            baseRate: rnd() < 0.7 ? 0 : 0.005,
            slope1: 0.03 + rnd() * 0.04,
            slope2: 0.3 + rnd() * 0.7,
            optimalUtilization: 0.8 + rnd() * 0.15,
            reserveFactor: pick([0, 0.1, 0.15]),
          }
    const id = `${chain}/${protocol}/m${i}`
    const cap = rnd() < 0.5 ? null : String(Math.round(supply * (1 + rnd())))
    markets.push({
      id,
      chain,
      protocol,
      asset: savings ? 'sUSDS' : pick(['USDS', 'USDC'] as const),
      totalSupply: String(supply),
      totalBorrow: String(borrow),
      position: String(position),
      supplyCap: cap,
      rateModel,
    })
    const entry: Policy['markets'][number] = { id }
    if (!savings && options.breaches !== undefined && rnd() < options.breaches) {
      const listed = aboveCeiling(rnd, markets[markets.length - 1]!, entry)
      if (listed) policyMarkets.push(entry)
      continue
    }
    if (rnd() < 0.3) entry.maxUsd = Math.round(position + rnd() * supply)
    if (rnd() < 0.3) entry.maxShareOfMarket = Math.min(1, (position / supply) * 1.2 + 0.05 + rnd() * 0.5)
    if (rnd() < 0.3) entry.maxUtilization = 0.9 + rnd() * 0.09
    if (rnd() < 0.93 || i === 0) policyMarkets.push(entry)
  }
  const idle: Snapshot['idle'] = [{ chain: 'ethereum', amount: String(Math.round(1e6 + rnd() * 5e7)) }]
  if (rnd() < 0.5) idle.push({ chain: pick(chainNames), amount: String(Math.round(rnd() * 1e7)) })
  const snapshot: Snapshot = {
    version: 1,
    takenAt: '2026-11-24T12:00:00Z',
    markets,
    idle,
    ...(options.costs
      ? {
          costs: {
            txUsd: {
              ethereum: 12.5,
              base: 0.04,
              arbitrum: 0.06,
              optimism: 0.05,
              unichain: 0.03,
              avalanche: 0.2,
            },
            bridgeUsd: 1.8,
            bridgeHours: 0.25,
          },
        }
      : {}),
  }
  const total =
    markets.reduce((s, m) => s + Number(m.position), 0) + idle.reduce((s, m) => s + Number(m.amount), 0)
  const groups: Policy['groups'] = []
  if (options.groups) {
    // Shares above the current holdings keep the problem feasible (money can always stay where it is).
    const shareOf = (f: (m: (typeof markets)[number]) => boolean) =>
      markets.filter(f).reduce((s, m) => s + Number(m.position), 0) / total
    const proto = pick(protocols)
    const stuckShare = markets
      .filter((m) => m.protocol === proto)
      .reduce((s, m) => s + cashFloor(m) / total, 0)
    groups.push({
      name: proto,
      match: { protocol: proto },
      maxShare:
        options.breaches !== undefined && stuckShare > 0.002 && rnd() < 0.5
          ? stuckShare * (0.3 + rnd() * 0.65)
          : Math.min(1, shareOf((m) => m.protocol === proto) + 0.02 + rnd() * 0.2),
    })
    const chains = chainNames.filter(() => rnd() < 0.5)
    if (chains.length > 0) {
      groups.push({
        name: 'some-chains',
        match: { chain: chains },
        maxShare: Math.min(1, shareOf((m) => (chains as string[]).includes(m.chain)) + 0.02 + rnd() * 0.2),
      })
    }
  }
  const buffers: Policy['buffers'] = options.buffers
    ? [{ chain: 'ethereum', minIdleUsd: Math.round(rnd() * 1e6) }]
    : []
  if (options.breaches !== undefined && rnd() < 0.4) {
    // Buffers the liquid money may not fill (cash floors only; maxUtilization floors make it less liquid),
    // but never above the money managed (that would be invalid input).
    const liquid = total - markets.reduce((s, m) => s + cashFloor(m), 0)
    const room = total - buffers.reduce((s, b) => s + Number(b.minIdleUsd), 0)
    const want = Math.floor(Math.min(room, liquid * (0.7 + rnd() * 0.6)))
    const second = Math.floor(want * rnd() * 0.5)
    // One entry per chain (the policy schema rejects duplicates): amounts on the same chain add up.
    const add = (chain: (typeof chainNames)[number], amount: number) => {
      const same = buffers.find((b) => b.chain === chain)
      if (same) same.minIdleUsd = Number(same.minIdleUsd) + amount
      else buffers.push({ chain, minIdleUsd: amount })
    }
    add(pick(chainNames), want - second)
    if (second > 0) add(pick(chainNames), second)
  }
  const policy: Policy = {
    version: 1,
    name: `random-${seed}`,
    defaults: { maxUtilization: 0.97 },
    markets: policyMarkets,
    groups,
    buffers,
    moves: { minMoveUsd: 0, horizonDays: 30 },
    approvals: { autoApproveMaxUsd: 1e7, approvers: [], threshold: 1, timeout: '24h' },
  }
  return { snapshot, policy }
}

/**
 * Puts our position in `market` above a ceiling that the market's cash may not repay: sets the policy
 * entry's limit (or the snapshot supply cap) and the market's borrow. Returns false when the market is
 * left out of the policy (the ceiling is then zero).
 */
function aboveCeiling(
  rnd: () => number,
  market: Snapshot['markets'][number],
  entry: Policy['markets'][number],
): boolean {
  const supply = Number(market.totalSupply)
  const position = Math.round(supply * (0.1 + rnd() * 0.5))
  const others = supply - position
  const kind = Math.floor(rnd() * 4)
  let ceiling = 0
  if (kind === 0) {
    ceiling = Math.round(position * (0.1 + rnd() * 0.8))
    entry.maxUsd = ceiling
  } else if (kind === 1) {
    const share = (position / supply) * (0.2 + rnd() * 0.7)
    entry.maxShareOfMarket = share
    ceiling = (share * others) / (1 - share)
  } else if (kind === 2) {
    // Sometimes the others alone are above the cap: nothing of ours is allowed.
    const capTotal = rnd() < 0.2 ? others * (0.9 + rnd() * 0.1) : others + position * (0.1 + rnd() * 0.8)
    market.supplyCap = String(Math.round(capTotal))
    ceiling = Math.max(0, Math.round(capTotal) - others)
  }
  // Cash below what must leave (a breach) about 3 times in 4; otherwise just enough or more.
  const cash = Math.round(Math.max(0, position - ceiling) * rnd() * 1.3)
  market.position = String(position)
  market.totalBorrow = String(Math.max(0, supply - cash))
  if (rnd() < 0.3) entry.maxUtilization = 0.95 + rnd() * 0.049
  return kind !== 3
}
