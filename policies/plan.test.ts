import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { toMicro } from '../lib/amounts.js'
import { resolveProblem } from './allocation-problem.js'
import { parsePolicy } from './parse-policy.js'
import { parseSnapshot } from './parse-snapshot.js'
import { movesNeedingApproval, type Plan, planAllocation } from './plan.js'
import type { Policy } from './policy-schema.js'
import type { Snapshot } from './snapshot.js'
import { bruteForceOptimum } from './testing/brute-force.js'
import { randomScenario } from './testing/random-scenario.js'

const here = (p: string) => new URL(p, import.meta.url).pathname
const examplePolicy = parsePolicy(readFileSync(here('./example.yaml'), 'utf8'), 'policies/example.yaml')
const exampleSnapshot = parseSnapshot(
  readFileSync(here('./fixtures/example-snapshot.json'), 'utf8'),
  'policies/fixtures/example-snapshot.json',
)
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

function checkInvariants(snapshot: Snapshot, policy: Policy, plan: Plan) {
  const resolved = resolveProblem(snapshot, policy)
  const micro = (s: string) => toMicro(s)
  // Money is conserved exactly (micro-USD).
  const managed =
    snapshot.markets.reduce((s, m) => s + micro(m.position), 0n) +
    snapshot.idle.reduce((s, i) => s + micro(i.amount), 0n)
  const after =
    plan.targets.reduce((s, t) => s + micro(t.amount), 0n) +
    plan.idle.reduce((s, i) => s + micro(i.amount), 0n)
  expect(after).toBe(managed)
  // Moves agree with targets: positions + moves = targets, idle likewise.
  const balance = new Map<string, bigint>()
  for (const m of snapshot.markets) balance.set(m.id, micro(m.position))
  for (const i of snapshot.idle)
    balance.set(`idle:${i.chain}`, (balance.get(`idle:${i.chain}`) ?? 0n) + micro(i.amount))
  for (const mv of plan.moves) {
    expect(micro(mv.amount)).toBeGreaterThan(0n)
    balance.set(mv.from, (balance.get(mv.from) ?? 0n) - micro(mv.amount))
    balance.set(mv.to, (balance.get(mv.to) ?? 0n) + micro(mv.amount))
  }
  for (const t of plan.targets) expect(balance.get(t.market)).toBe(micro(t.amount))
  for (const i of plan.idle) expect(balance.get(`idle:${i.chain}`)).toBe(micro(i.amount))
  for (const [k, v] of balance) expect(v, k).toBeGreaterThanOrEqual(0n)
  // No cap or limit exceeded (1 micro-USD rounding slack).
  const W = resolved.managed
  const slack = 1e-6 + W * 1e-12
  plan.targets.forEach((t, i) => {
    const m = resolved.markets[i]!
    expect(Number(t.amount), `${t.market} <= hi`).toBeLessThanOrEqual(m.hi + slack)
    expect(Number(t.amount), `${t.market} >= lo`).toBeGreaterThanOrEqual(m.lo - slack)
  })
  for (const g of resolved.groups) {
    const sum = g.members.reduce((s, i) => s + Number(plan.targets[i]!.amount), 0)
    expect(sum, `group ${g.name}`).toBeLessThanOrEqual(g.cap + slack * g.members.length)
  }
  for (const [chain, min] of Object.entries(resolved.buffers)) {
    const idle = Number(plan.idle.find((i) => i.chain === chain)?.amount ?? 0)
    expect(idle, `buffer ${chain}`).toBeGreaterThanOrEqual((min ?? 0) - slack)
  }
}

const scenarioArb = fc.record({
  seed: fc.integer({ min: 1, max: 1_000_000 }),
  markets: fc.integer({ min: 3, max: 20 }),
  groups: fc.boolean(),
  buffers: fc.boolean(),
  costs: fc.boolean(),
})

describe('planAllocation', () => {
  test('default: the example plan conforms to docs/check-plan.mjs', () => {
    const plan = planAllocation({ snapshot: exampleSnapshot, policy: examplePolicy, policyRef: ref })
    const dir = mkdtempSync(join(tmpdir(), 'sll-plan-'))
    writeFileSync(join(dir, 'plan.json'), JSON.stringify(plan))
    const out = execFileSync('node', [
      here('../docs/check-plan.mjs'),
      here('./fixtures/example-snapshot.json'),
      join(dir, 'plan.json'),
    ]).toString()
    expect(out).toContain('plan conforms')
    expect(plan.summary.plannedApr).toBeGreaterThan(plan.summary.currentApr)
    expect(plan.targets).toHaveLength(exampleSnapshot.markets.length)
    checkInvariants(exampleSnapshot, examplePolicy, plan)
  })

  test('behavior: needsApproval follows approvals.autoApproveMaxUsd', () => {
    const plan = planAllocation({ snapshot: exampleSnapshot, policy: examplePolicy, policyRef: ref })
    for (const mv of plan.moves) expect(mv.needsApproval).toBe(Number(mv.amount) > 50_000_000)
    expect(movesNeedingApproval(plan).length).toBeGreaterThan(0)
  })

  test('behavior: same-chain moves only when a same-chain destination earns as much', () => {
    const plan = planAllocation({ snapshot: exampleSnapshot, policy: examplePolicy, policyRef: ref })
    // The example's savings venues all pay 4.5%: no money needs to cross a chain.
    expect(plan.moves.filter((m) => m.bridge === 'layerzero')).toEqual([])
  })

  test('behavior: a move that does not pay for its cost is not made, and targets reflect that', () => {
    const costly: Snapshot = {
      ...exampleSnapshot,
      costs: { txUsd: { ethereum: 5_000_000 }, bridgeUsd: 0, bridgeHours: 0 },
    }
    const plan = planAllocation({ snapshot: costly, policy: examplePolicy, policyRef: ref })
    expect(plan.moves.some((m) => m.from.startsWith('ethereum/') || m.from === 'idle:ethereum')).toBe(false)
    checkInvariants(costly, examplePolicy, plan)
  })

  test('behavior: money conserved, limits hold, moves agree with targets, re-planning yields no moves', () => {
    fc.assert(
      fc.property(scenarioArb, ({ seed, markets, groups, buffers, costs }) => {
        const { snapshot, policy } = randomScenario(seed, { markets, groups, buffers, costs })
        const plan = planAllocation({ snapshot, policy, policyRef: ref })
        checkInvariants(snapshot, policy, plan)
        const again = planAllocation({ snapshot: applyPlan(snapshot, plan), policy, policyRef: ref })
        expect(again.moves).toEqual([])
      }),
      { numRuns: 60, seed: 42 },
    )
  }, 120_000)

  test('behavior: without costs the planned interest is the brute-force optimum (within 0.1 bp of APR)', () => {
    fc.assert(
      fc.property(scenarioArb, ({ seed, groups, buffers }) => {
        const { snapshot, policy } = randomScenario(seed, { markets: 3, groups, buffers, dominantShare: 0.5 })
        const plan = planAllocation({ snapshot, policy, policyRef: ref })
        const resolved = resolveProblem(snapshot, policy)
        const brute = bruteForceOptimum(resolved.problem, 150)
        const planned = Number(plan.summary.plannedInterestUsd)
        expect(((brute.income - planned) / resolved.managed) * 1e4).toBeLessThan(0.1)
      }),
      { numRuns: 25, seed: 11 },
    )
  }, 120_000)

  test('behavior: routes limit cross-chain moves (allowed pairs, USD per day)', () => {
    const crossing: Snapshot = {
      ...exampleSnapshot,
      markets: exampleSnapshot.markets.map((m) =>
        m.id === 'base/savings/sUSDS' ? { ...m, rateModel: { kind: 'fixed' as const, rate: 0.2 } } : m,
      ),
    }
    const open = planAllocation({ snapshot: crossing, policy: examplePolicy, policyRef: ref })
    expect(open.moves.some((m) => m.bridge === 'layerzero' && m.to === 'base/savings/sUSDS')).toBe(true)
    const limited: Policy = {
      ...examplePolicy,
      routes: [{ from: 'ethereum', to: 'base', maxUsdPerDay: 10_000_000, bidirectional: false }],
    }
    const plan = planAllocation({ snapshot: crossing, policy: limited, policyRef: ref })
    const cross = plan.moves.filter((m) => m.bridge === 'layerzero')
    expect(cross.length).toBeGreaterThan(0)
    for (const m of cross) expect(m.from.startsWith('ethereum/') || m.from === 'idle:ethereum').toBe(true)
    expect(cross.reduce((s, m) => s + Number(m.amount), 0)).toBeLessThanOrEqual(10_000_000)
    checkInvariants(crossing, limited, plan)
  })

  test('behavior: maxMovesPerCycle keeps the most valuable moves', () => {
    const policy: Policy = { ...examplePolicy, moves: { ...examplePolicy.moves, maxMovesPerCycle: 3 } }
    const all = planAllocation({ snapshot: exampleSnapshot, policy: examplePolicy, policyRef: ref })
    const plan = planAllocation({ snapshot: exampleSnapshot, policy, policyRef: ref })
    expect(plan.moves).toHaveLength(3)
    const best = all.moves.map((m) => Number(m.netBenefitUsd)).sort((a, b) => b - a)
    expect(Number(plan.moves[0]!.netBenefitUsd)).toBeGreaterThanOrEqual(best[2]! - 1)
    checkInvariants(exampleSnapshot, policy, plan)
  })

  test('behavior: minMoveUsd drops small moves', () => {
    const policy: Policy = { ...examplePolicy, moves: { ...examplePolicy.moves, minMoveUsd: 30_000_000 } }
    const plan = planAllocation({ snapshot: exampleSnapshot, policy, policyRef: ref })
    for (const mv of plan.moves) expect(Number(mv.amount)).toBeGreaterThanOrEqual(30_000_000)
    checkInvariants(exampleSnapshot, policy, plan)
  })
})
