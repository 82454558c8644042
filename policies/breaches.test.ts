import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { toMicro } from '../lib/amounts.js'
import { resolveProblem } from './allocation-problem.js'
import { InfeasibleConstraintsError } from './input-errors.js'
import { type Plan, type PlanBreach, planAllocation } from './plan.js'
import type { Policy } from './policy-schema.js'
import type { Snapshot } from './snapshot.js'
import { bruteForceOptimum } from './testing/brute-force.js'
import { randomScenario } from './testing/random-scenario.js'

// Spec `docs/plan-cli.md`, "Money that cannot leave is held, not an error": a ceiling below a market's
// floor holds the market (or group) at its floor and is listed in `breaches`; the rest is planned as usual.

const here = (p: string) => new URL(p, import.meta.url).pathname
const ref = { name: 'test', sha256: 'f'.repeat(64) }

/** The snapshot after executing a plan: positions and idle become the targets. */
function applyPlan(snapshot: Snapshot, plan: Plan): Snapshot {
  const target = new Map(plan.targets.map((t) => [t.market, t.amount]))
  return {
    ...snapshot,
    markets: snapshot.markets.map((m) => {
      const t = target.get(m.id)!
      const supply = Number(m.totalSupply) - Number(m.position) + Number(t)
      return { ...m, position: t, totalSupply: supply.toFixed(6) }
    }),
    idle: plan.idle.map((i) => ({ chain: i.chain, amount: i.amount })),
  }
}

/** Floor and ceiling of each market straight from the spec's formulas (independent of resolveProblem). */
function specBounds(snapshot: Snapshot, policy: Policy, managed: number) {
  return snapshot.markets.map((m) => {
    const S = Number(m.totalSupply)
    const B = Number(m.totalBorrow)
    const p = Number(m.position)
    const others = S - p
    const pm = policy.markets.find((e) => e.id === m.id)
    let floor = Math.max(0, p - (S - B))
    if (!pm) return { floor, ceiling: 0 }
    const maxU = pm.maxUtilization ?? policy.defaults?.maxUtilization
    if (maxU !== undefined) floor = Math.max(floor, Math.min(p, B / maxU - others))
    let ceiling = managed
    const maxUsd = pm.maxUsd ?? policy.defaults?.maxUsd
    if (maxUsd !== undefined) ceiling = Math.min(ceiling, maxUsd)
    const share = pm.maxShareOfMarket ?? policy.defaults?.maxShareOfMarket
    if (share !== undefined && share < 1) ceiling = Math.min(ceiling, (share * others) / (1 - share))
    if (m.supplyCap !== undefined && m.supplyCap !== null)
      ceiling = Math.min(ceiling, Number(m.supplyCap) - others)
    return { floor, ceiling: Math.max(0, ceiling) }
  })
}

const matches = (value: string, pattern: string | readonly string[] | undefined) =>
  pattern === undefined || (typeof pattern === 'string' ? pattern === value : pattern.includes(value))

/**
 * Every breach the spec implies is listed (and nothing else), breached markets and groups are held at
 * their floors, nothing new goes into them, every other limit holds, money is conserved.
 */
function checkBreaches(snapshot: Snapshot, policy: Policy, plan: Plan) {
  const managed =
    snapshot.markets.reduce((s, m) => s + Number(m.position), 0) +
    snapshot.idle.reduce((s, i) => s + Number(i.amount), 0)
  const slack = 2e-6 + managed * 1e-12
  const bounds = specBounds(snapshot, policy, managed)
  const breaches = plan.breaches ?? []
  expect(plan.breaches === undefined || plan.breaches.length > 0, 'breaches absent when empty').toBe(true)
  const byMarket = new Map(breaches.flatMap((b) => (b.kind === 'market' ? [[b.market, b] as const] : [])))
  const target = plan.targets.map((t) => Number(t.amount))
  const moveTargets = new Set(plan.moves.map((m) => m.to))
  snapshot.markets.forEach((m, i) => {
    const { floor, ceiling } = bounds[i]!
    const t = target[i]!
    expect(t, `${m.id} >= floor`).toBeGreaterThanOrEqual(floor - slack)
    const b = byMarket.get(m.id)
    if (ceiling < floor - 1e-6) {
      expect(b, `${m.id} listed`).toBeDefined()
      expect(Math.abs(t - floor), `${m.id} held at its floor`).toBeLessThanOrEqual(slack)
      expect(moveTargets.has(m.id), `nothing goes into ${m.id}`).toBe(false)
      expect(Number(b!.allowedUsd)).toBeCloseTo(ceiling, 5)
      expect(toMicro(b!.heldUsd)).toBe(toMicro(plan.targets[i]!.amount))
      expect(b!.limit).toBe(policy.markets.some((e) => e.id === m.id) ? b!.limit : 'markets')
      expect(['maxUsd', 'maxShareOfMarket', 'supplyCap', 'markets']).toContain(b!.limit)
      expect(b!.reason).toMatch(/cannot leave now|keeps \d+ USD in the market/)
    } else {
      expect(b, `${m.id} not listed`).toBeUndefined()
      expect(t, `${m.id} <= ceiling`).toBeLessThanOrEqual(Math.max(ceiling, floor) + slack)
    }
  })
  policy.groups.forEach((g) => {
    const members = snapshot.markets
      .map((m, i) => ({ m, i }))
      .filter(
        ({ m }) =>
          matches(m.chain, g.match.chain) &&
          matches(m.protocol, g.match.protocol) &&
          matches(m.asset, g.match.asset),
      )
      .map(({ i }) => i)
    const cap = g.maxShare * managed
    const stuck = members.reduce((s, i) => s + bounds[i]!.floor, 0)
    const b = breaches.find((x) => x.kind === 'group' && x.group === g.name)
    const sum = members.reduce((s, i) => s + target[i]!, 0)
    if (stuck > cap + 1e-6) {
      expect(b, `group ${g.name} listed`).toBeDefined()
      expect(b!.limit).toBe('maxShare')
      expect(Number(b!.allowedUsd)).toBeCloseTo(cap, 5)
      for (const i of members) {
        expect(
          Math.abs(target[i]! - bounds[i]!.floor),
          `${snapshot.markets[i]!.id} at floor`,
        ).toBeLessThanOrEqual(slack)
        expect(moveTargets.has(snapshot.markets[i]!.id)).toBe(false)
      }
    } else {
      expect(b, `group ${g.name} not listed`).toBeUndefined()
      expect(sum).toBeLessThanOrEqual(cap + slack * Math.max(1, members.length))
    }
  })
  const floors = bounds.reduce((s, b) => s + b.floor, 0)
  const bufferTotal = policy.buffers.reduce((s, b) => s + b.minIdleUsd, 0)
  const need = new Map<string, number>()
  for (const b of policy.buffers) need.set(b.chain, (need.get(b.chain) ?? 0) + b.minIdleUsd)
  for (const [chain, min] of need) {
    const idle = Number(plan.idle.find((i) => i.chain === chain)?.amount ?? 0)
    const b = breaches.find((x) => x.kind === 'buffer' && x.chain === chain)
    if (idle < min - (1e-6 + managed * 1e-12)) {
      expect(b, `buffer ${chain} listed`).toBeDefined()
      expect(bufferTotal, 'a buffer is short only when the liquid money is').toBeGreaterThan(
        managed - floors - 1e-3,
      )
    } else expect(b, `buffer ${chain} not listed`).toBeUndefined()
  }
  if (bufferTotal > managed - floors + 1e-3) {
    // Short of liquid money: every market held at its floor, every liquid dollar idle.
    const idleSum = plan.idle.reduce((s, i) => s + Number(i.amount), 0)
    expect(idleSum).toBeCloseTo(managed - floors, 3)
  }
  // Money conserved exactly, moves agree with targets.
  const balance = new Map<string, bigint>()
  for (const m of snapshot.markets) balance.set(m.id, toMicro(m.position))
  for (const i of snapshot.idle)
    balance.set(`idle:${i.chain}`, (balance.get(`idle:${i.chain}`) ?? 0n) + toMicro(i.amount))
  for (const mv of plan.moves) {
    balance.set(mv.from, balance.get(mv.from)! - toMicro(mv.amount))
    balance.set(mv.to, (balance.get(mv.to) ?? 0n) + toMicro(mv.amount))
  }
  for (const t of plan.targets) expect(balance.get(t.market)).toBe(toMicro(t.amount))
  for (const i of plan.idle) expect(balance.get(`idle:${i.chain}`)).toBe(toMicro(i.amount))
  for (const [k, v] of balance) expect(v, k).toBeGreaterThanOrEqual(0n)
}

/** Two ethereum markets: aave (200M supply, 190M borrowed: 10M of cash, we hold 120M) and savings. */
function twoMarkets(): Snapshot {
  return {
    version: 1,
    takenAt: '2026-12-01T00:00:00Z',
    markets: [
      {
        id: 'ethereum/aave/USDC',
        chain: 'ethereum',
        protocol: 'aave',
        asset: 'USDC',
        totalSupply: '200000000',
        totalBorrow: '190000000',
        position: '120000000',
        supplyCap: null,
        rateModel: {
          kind: 'kinked',
          baseRate: 0,
          slope1: 0.04,
          slope2: 0.6,
          optimalUtilization: 0.9,
          reserveFactor: 0.1,
        },
      },
      {
        id: 'ethereum/savings/sUSDS',
        chain: 'ethereum',
        protocol: 'savings',
        asset: 'sUSDS',
        totalSupply: '1000000000',
        totalBorrow: '0',
        position: '0',
        supplyCap: null,
        rateModel: { kind: 'fixed', rate: 0.045 },
      },
    ],
    idle: [{ chain: 'ethereum', amount: '5000000' }],
  }
}

function policyOf(over: Partial<Policy>): Policy {
  return {
    version: 1,
    name: 'breaches',
    markets: [{ id: 'ethereum/aave/USDC', maxUsd: 50_000_000 }, { id: 'ethereum/savings/sUSDS' }],
    groups: [],
    buffers: [],
    moves: { minMoveUsd: 0, horizonDays: 30 },
    approvals: { autoApproveMaxUsd: 1e9, approvers: [], threshold: 1, timeout: '24h' },
    ...over,
  }
}

const plan = (snapshot: Snapshot, policy: Policy) => planAllocation({ snapshot, policy, policyRef: ref })

const breachArb = fc.record({
  seed: fc.integer({ min: 1, max: 1_000_000 }),
  markets: fc.integer({ min: 3, max: 20 }),
  groups: fc.boolean(),
  buffers: fc.boolean(),
  costs: fc.boolean(),
  share: fc.double({ min: 0.1, max: 0.6, noNaN: true }),
})

describe('breaches', () => {
  test('default: a market above maxUsd with short cash is held at its floor, the rest is planned', () => {
    const snapshot = twoMarkets()
    const policy = policyOf({})
    const p = plan(snapshot, policy)
    expect(p.breaches).toEqual<PlanBreach[]>([
      {
        kind: 'market',
        market: 'ethereum/aave/USDC',
        limit: 'maxUsd',
        allowedUsd: '50000000.000000',
        heldUsd: '110000000.000000',
        reason: 'only 10000000 USD of cash: 110000000 USD cannot leave now',
      },
    ])
    expect(p.targets.map((t) => t.amount)).toEqual(['110000000.000000', '15000000.000000'])
    expect(p.moves.map((m) => [m.from, m.to, m.amount])).toEqual([
      ['ethereum/aave/USDC', 'ethereum/savings/sUSDS', '10000000.000000'],
      ['idle:ethereum', 'ethereum/savings/sUSDS', '5000000.000000'],
    ])
    checkBreaches(snapshot, policy, p)
  })

  test('behavior: maxShareOfMarket, supplyCap and a market left out of the policy are breaches too', () => {
    const snapshot = twoMarkets()
    const share = plan(snapshot, policyOf({ markets: [{ id: 'ethereum/aave/USDC', maxShareOfMarket: 0.2 }] }))
    expect(share.breaches?.map((b) => [b.limit, b.allowedUsd, b.heldUsd])).toEqual([
      ['maxShareOfMarket', '20000000.000000', '110000000.000000'],
    ])
    const capped: Snapshot = {
      ...snapshot,
      markets: snapshot.markets.map((m, i) => (i === 0 ? { ...m, supplyCap: '150000000' } : m)),
    }
    const cap = plan(
      capped,
      policyOf({ markets: [{ id: 'ethereum/aave/USDC' }, { id: 'ethereum/savings/sUSDS' }] }),
    )
    expect(cap.breaches?.map((b) => [b.limit, b.allowedUsd])).toEqual([['supplyCap', '70000000.000000']])
    const dropped = plan(snapshot, policyOf({ markets: [{ id: 'ethereum/savings/sUSDS' }] }))
    expect(dropped.breaches).toMatchObject([
      { kind: 'market', market: 'ethereum/aave/USDC', limit: 'markets' },
    ])
    expect(dropped.breaches?.[0]?.reason).toMatch(
      /^not in the policy's markets, and only 10000000 USD of cash/,
    )
    for (const p of [share, cap, dropped]) expect(p.targets[0]!.amount).toBe('110000000.000000')
  })

  test('behavior: a maxUtilization floor above the ceiling says so in the reason', () => {
    const policy = policyOf({ defaults: { maxUtilization: 0.95 } })
    const p = plan(twoMarkets(), policy)
    // 190M / 0.95 = 200M of supply must stay: we cannot withdraw anything (floor = position).
    expect(p.breaches?.[0]).toMatchObject({ limit: 'maxUsd', heldUsd: '120000000.000000' })
    expect(p.breaches?.[0]?.reason).toContain('maxUtilization 0.95 keeps 120000000 USD in the market')
    expect(p.moves.every((m) => m.from !== 'ethereum/aave/USDC')).toBe(true)
    checkBreaches(twoMarkets(), policy, p)
  })

  test('behavior: a group whose floors exceed its cap takes nothing new; its members are held at floors', () => {
    const snapshot = twoMarkets()
    const policy = policyOf({
      markets: [{ id: 'ethereum/aave/USDC' }, { id: 'ethereum/savings/sUSDS' }],
      groups: [{ name: 'aave', match: { protocol: 'aave' }, maxShare: 0.4 }],
    })
    const p = plan(snapshot, policy)
    expect(p.breaches).toEqual([
      {
        kind: 'group',
        group: 'aave',
        limit: 'maxShare',
        allowedUsd: '50000000.000000',
        heldUsd: '110000000.000000',
        reason: '110000000 USD cannot leave its markets now (ethereum/aave/USDC 110000000)',
      },
    ])
    expect(p.targets[0]!.amount).toBe('110000000.000000')
    checkBreaches(snapshot, policy, p)
  })

  test('behavior: buffers the liquid money cannot fill are a breach; every liquid dollar stays idle', () => {
    const snapshot = twoMarkets()
    const policy = policyOf({ buffers: [{ chain: 'ethereum', minIdleUsd: 20_000_000 }] })
    const p = plan(snapshot, policy)
    expect(p.breaches?.map((b) => b.kind)).toEqual(['market', 'buffer'])
    expect(p.breaches?.[1]).toEqual({
      kind: 'buffer',
      chain: 'ethereum',
      limit: 'minIdleUsd',
      allowedUsd: '20000000.000000',
      heldUsd: '15000000.000000',
      reason:
        'buffers need 20000000 USD idle but only 15000000 USD of the 125000000 USD managed can leave the markets now',
    })
    expect(p.idle).toEqual([{ chain: 'ethereum', amount: '15000000.000000' }])
    checkBreaches(snapshot, policy, p)
  })

  test('behavior: a short buffer keeps the money freed on its own chain before taking from others', () => {
    const snapshot: Snapshot = { ...twoMarkets(), idle: [{ chain: 'base', amount: '5000000' }] }
    const policy = policyOf({
      buffers: [
        { chain: 'ethereum', minIdleUsd: 12_000_000 },
        { chain: 'base', minIdleUsd: 5_000_000 },
      ],
    })
    const p = plan(snapshot, policy)
    // 15M liquid: base keeps its 5M, ethereum keeps the 10M freed there; no bridge for a short buffer.
    expect(p.idle).toEqual([
      { chain: 'ethereum', amount: '10000000.000000' },
      { chain: 'base', amount: '5000000.000000' },
    ])
    expect(p.moves.every((m) => m.bridge === 'none')).toBe(true)
    expect(p.breaches?.find((b) => b.kind === 'buffer')).toMatchObject({
      chain: 'ethereum',
      heldUsd: '10000000.000000',
    })
    checkBreaches(snapshot, policy, p)
  })

  test('error: buffers above the money managed stay InfeasibleConstraintsError (no cash could fill them)', () => {
    const policy = policyOf({ buffers: [{ chain: 'ethereum', minIdleUsd: 200_000_000 }] })
    expect(() => plan(twoMarkets(), policy)).toThrow(InfeasibleConstraintsError)
    expect(() => plan(twoMarkets(), policy)).toThrow(
      /buffers need 200000000.00 USD idle but only 125000000.00 USD is managed/,
    )
  })

  test('behavior: the plan with breaches conforms to docs/check-plan.mjs', () => {
    const { snapshot, policy } = randomScenario(7, { markets: 8, groups: true, buffers: true, breaches: 0.3 })
    const p = plan(snapshot, policy)
    expect(p.breaches?.length).toBeGreaterThan(0)
    const dir = mkdtempSync(join(tmpdir(), 'sll-breach-'))
    writeFileSync(join(dir, 'snapshot.json'), JSON.stringify(snapshot))
    writeFileSync(join(dir, 'plan.json'), JSON.stringify(p))
    const out = execFileSync('node', [
      here('../docs/check-plan.mjs'),
      join(dir, 'snapshot.json'),
      join(dir, 'plan.json'),
    ]).toString()
    expect(out).toContain('plan conforms')
  })

  test('behavior: positions above caps with short cash: breaches as the spec says, money conserved, re-planning yields no moves', () => {
    let withBreaches = 0
    fc.assert(
      fc.property(breachArb, ({ seed, markets, groups, buffers, costs, share }) => {
        const { snapshot, policy } = randomScenario(seed, {
          markets,
          groups,
          buffers,
          costs,
          breaches: share,
        })
        const p = plan(snapshot, policy)
        if (p.breaches) withBreaches++
        checkBreaches(snapshot, policy, p)
        const after = applyPlan(snapshot, p)
        const again = plan(after, policy)
        expect(again.moves).toEqual([])
        checkBreaches(after, policy, again)
      }),
      { numRuns: 80, seed: 1101 },
    )
    // The generator must actually produce breaches (most scenarios have one).
    expect(withBreaches).toBeGreaterThan(40)
  }, 180_000)

  test('behavior: with breaches and no costs the planned interest is the brute-force optimum with those floors (within 0.1 bp of APR)', () => {
    let held = 0
    fc.assert(
      fc.property(breachArb, ({ seed, groups, buffers, share }) => {
        const { snapshot, policy } = randomScenario(seed, {
          markets: 3,
          groups,
          buffers,
          dominantShare: 0.3,
          breaches: Math.max(0.5, share),
        })
        const p = plan(snapshot, policy)
        if (p.breaches) held++
        const resolved = resolveProblem(snapshot, policy)
        // The brute force sees the spec's bounds (floors; ceilings below floors lifted to the floor).
        const managed = resolved.managed
        const bounds = specBounds(snapshot, policy, managed)
        const problem = {
          ...resolved.problem,
          variables: resolved.problem.variables.map((v, i) => ({
            ...v,
            lo: bounds[i]!.floor,
            hi: Math.max(bounds[i]!.floor, Math.min(bounds[i]!.ceiling, managed)),
          })),
        }
        const brute = bruteForceOptimum(problem, 150)
        const planned = Number(p.summary.plannedInterestUsd)
        expect(((brute.income - planned) / managed) * 1e4).toBeLessThan(0.1)
      }),
      { numRuns: 30, seed: 1102 },
    )
    expect(held).toBeGreaterThan(10)
  }, 180_000)
})
