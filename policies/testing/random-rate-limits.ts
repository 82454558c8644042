import { type ChainName, chainNames } from '../../chains/names.js'
import type { Plan } from '../plan.js'
import type { RateLimitKeySnapshot, RateLimitsSection } from '../rate-limit-snapshot.js'
import type { Snapshot } from '../snapshot.js'
import { seededRandom } from './random-scenario.js'

/** Block time of the generated reads (seconds). */
export const READ_AT = 1_800_000_000n

const key = (k: number) => `0x${k.toString(16).padStart(64, '0')}`

/** A limited key counted in USDC units (6 decimals) with `capacityUsd` available at {@link READ_AT}. */
export function limitedKey(
  k: number,
  chain: ChainName,
  guards: RateLimitKeySnapshot['guards'],
  capacityUsd: number,
  slopeUsdPerDay = 0,
): RateLimitKeySnapshot {
  const units = BigInt(Math.floor(capacityUsd * 1e6))
  return {
    key: key(k),
    chain,
    guards,
    unlimited: false,
    decimals: 6,
    usdPerToken: 1,
    maxAmount: (units * 4n + 1n).toString(),
    slope: BigInt(Math.floor((slopeUsdPerDay * 1e6) / 86_400)).toString(),
    lastAmount: units.toString(),
    lastUpdated: READ_AT.toString(),
    readAt: READ_AT.toString(),
  }
}

/**
 * Rate limits for a generated snapshot that bind: deposit and withdraw keys of some markets at a share of
 * their position, and LayerZero keys hub and spoke (Ethereum <-> each L2 limited, L2 <-> L2 at zero).
 * Tests and benchmarks only.
 */
export function randomRateLimits(seed: number, snapshot: Snapshot, share = 0.5): RateLimitsSection {
  const rnd = seededRandom(seed ^ 0x5eed)
  const keys: RateLimitKeySnapshot[] = []
  const managed =
    snapshot.markets.reduce((s, m) => s + Number(m.position), 0) +
    snapshot.idle.reduce((s, i) => s + Number(i.amount), 0)
  for (const m of snapshot.markets) {
    if (rnd() < share) {
      const usd = Math.round(managed * 0.05 * rnd())
      keys.push(limitedKey(keys.length + 1, m.chain, { action: 'deposit', market: m.id }, usd, usd))
    }
    if (rnd() < share) {
      const usd = Math.round(Number(m.position) * rnd())
      keys.push(limitedKey(keys.length + 1, m.chain, { action: 'withdraw', market: m.id }, usd, usd))
    }
  }
  for (const a of chainNames) {
    for (const b of chainNames) {
      if (a === b) continue
      const hub = a === 'ethereum' || b === 'ethereum'
      const usd = hub ? Math.round(managed * 0.08 * rnd()) : 0
      for (const asset of ['USDS', 'USDC'] as const) {
        keys.push(limitedKey(keys.length + 1, a, { action: 'layerzero', chain: a, toChain: b, asset }, usd))
      }
    }
  }
  return { version: 1, keys }
}

/** What a plan draws on each key (USD): per market in/out and per directed pair bridged. */
export function planUsage(plan: Plan, snapshot: Snapshot) {
  const chainOf = new Map(snapshot.markets.map((m) => [m.id, m.chain]))
  const chainOfEnd = (end: string) =>
    end.startsWith('idle:') ? (end.slice(5) as ChainName) : chainOf.get(end)!
  const inflow = new Map<string, number>()
  const outflow = new Map<string, number>()
  const bridged = new Map<string, number>()
  for (const mv of plan.moves) {
    const a = Number(mv.amount)
    inflow.set(mv.to, (inflow.get(mv.to) ?? 0) + a)
    outflow.set(mv.from, (outflow.get(mv.from) ?? 0) + a)
    const [f, t] = [chainOfEnd(mv.from), chainOfEnd(mv.to)]
    if (f !== t) bridged.set(`${f}>${t}`, (bridged.get(`${f}>${t}`) ?? 0) + a)
  }
  return { inflow, outflow, bridged }
}

/**
 * The snapshot after a plan ran: positions and idle moved, every key drawn by what the plan used (its
 * capacity at the read minus the use, as `lastAmount`, same `readAt`).
 */
export function applyPlan(snapshot: Snapshot, plan: Plan): Snapshot {
  const target = new Map(plan.targets.map((t) => [t.market, t.amount]))
  const use = planUsage(plan, snapshot)
  const keys = snapshot.rateLimits?.keys.map((k) => {
    const g = k.guards
    const used =
      g.action === 'deposit'
        ? (use.inflow.get(g.market) ?? 0)
        : g.action === 'withdraw'
          ? (use.outflow.get(g.market) ?? 0)
          : g.action === 'layerzero'
            ? (use.bridged.get(`${g.chain}>${g.toChain}`) ?? 0)
            : 0
    const units = BigInt(Math.ceil(used * 1e6))
    const left = BigInt(k.lastAmount) - units
    return { ...k, lastAmount: (left > 0n ? left : 0n).toString() }
  })
  return {
    ...snapshot,
    markets: snapshot.markets.map((m) => {
      const t = target.get(m.id) ?? m.position
      const supply = Number(m.totalSupply) - Number(m.position) + Number(t)
      return { ...m, position: t, totalSupply: supply.toFixed(6) }
    }),
    idle: plan.idle.map((i) => ({ chain: i.chain, amount: i.amount })),
    ...(keys ? { rateLimits: { version: 1 as const, keys } } : {}),
  }
}
