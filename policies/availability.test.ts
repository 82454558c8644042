import { readFileSync } from 'node:fs'
import { expect, test } from 'vitest'
import { availabilityFrom, type PreflightLike } from './availability.js'
import { parsePolicy } from './parse-policy.js'
import { parseSnapshot } from './parse-snapshot.js'
import { planAllocation } from './plan.js'

const here = (p: string) => new URL(p, import.meta.url).pathname
const policy = parsePolicy(readFileSync(here('./example.yaml'), 'utf8'), 'policies/example.yaml')
const snapshot = parseSnapshot(
  readFileSync(here('./fixtures/example-snapshot.json'), 'utf8'),
  'policies/fixtures/example-snapshot.json',
)
const policyRef = { name: 'test', sha256: 'f'.repeat(64) }
const no = (reason: string) => ({ ok: false as const, code: 'rate-limit-unset', reason })
const ok = { ok: true as const }

function chain(name: string, extra: Partial<PreflightLike> = {}): PreflightLike {
  return {
    chain: name,
    controller: '0xc0',
    controllerName: 'ForeignController',
    relayer: '0xe1',
    relayerRole: 'held',
    checkedAt: '100',
    venues: [],
    routes: [],
    ...extra,
  }
}

const baseline = planAllocation({ snapshot, policy, policyRef })
const inflow = (plan: typeof baseline, market: string) =>
  plan.moves.filter((m) => m.to === market).reduce((s, m) => s + Number(m.amount), 0)
const outflow = (plan: typeof baseline, market: string) =>
  plan.moves.filter((m) => m.from === market).reduce((s, m) => s + Number(m.amount), 0)

test('default: without availability the plan is unchanged and lists nothing unavailable', () => {
  const same = planAllocation({ snapshot, policy, policyRef, availability: availabilityFrom([]) })
  expect(same).toEqual(baseline)
  expect(same.unavailable).toBeUndefined()
})

test('behavior: a venue that cannot take deposits gets no inflow; the reason is in the plan', () => {
  const target = baseline.moves.find((m) => inflow(baseline, m.to) > 0 && !m.to.startsWith('idle:'))!.to
  const availability = availabilityFrom([
    chain(target.split('/')[0]!, {
      venues: [{ market: target, deposit: no(`key of ${target} unset`), withdraw: ok }],
    }),
  ])
  const plan = planAllocation({ snapshot, policy, policyRef, availability })
  expect(inflow(plan, target)).toBe(0)
  expect(plan.unavailable).toEqual([
    { subject: target, what: 'deposit', code: 'rate-limit-unset', reason: `key of ${target} unset` },
  ])
  expect(plan.targets.find((t) => t.market === target)?.binding).toContain('unavailable:deposit')
})

test('behavior: a venue that cannot be withdrawn from keeps its position', () => {
  const source = baseline.moves.find((m) => !m.from.startsWith('idle:'))!.from
  const availability = availabilityFrom([
    chain(source.split('/')[0]!, { venues: [{ market: source, deposit: ok, withdraw: no('no withdraw') }] }),
  ])
  const plan = planAllocation({ snapshot, policy, policyRef, availability })
  expect(outflow(plan, source)).toBe(0)
  const t = plan.targets.find((x) => x.market === source)!
  expect(Number(t.amount)).toBeCloseTo(Number(t.current), 6)
})

test('behavior: a deposit key with little capacity bounds the inflow', () => {
  const target = baseline.moves.find((m) => inflow(baseline, m.to) > 1000 && !m.to.startsWith('idle:'))!.to
  const availability = availabilityFrom([
    chain(target.split('/')[0]!, {
      venues: [{ market: target, deposit: ok, withdraw: ok, depositCapacity: '1000' }],
    }),
  ])
  const plan = planAllocation({ snapshot, policy, policyRef, availability })
  expect(inflow(plan, target)).toBeLessThanOrEqual(1000)
})

test('behavior: blocked LayerZero pairs carry no move', () => {
  const l2s = ['base', 'arbitrum', 'optimism', 'unichain', 'avalanche']
  // L2 savings vaults closed for deposits: their money would rather go to Ethereum.
  const closed = l2s.map((c) =>
    chain(c, { venues: [{ market: `${c}/savings/sUSDS`, deposit: no('closed'), withdraw: ok }] }),
  )
  const open = planAllocation({ snapshot, policy, policyRef, availability: availabilityFrom(closed) })
  const cross = open.moves.filter((m) => m.bridge === 'layerzero')
  expect(cross.length).toBeGreaterThan(0)
  const blocked = closed.map((c) => ({
    ...c,
    routes: [{ from: c.chain, to: 'ethereum', asset: 'USDC', verdict: no(`${c.chain}->ethereum unset`) }],
  }))
  const availability = availabilityFrom(blocked)
  expect(availability.blockedRoutes.map((r) => `${r.from}>${r.to}`)).toEqual(l2s.map((c) => `${c}>ethereum`))
  const plan = planAllocation({ snapshot, policy, policyRef, availability })
  expect(plan.moves.filter((m) => m.bridge === 'layerzero' && m.to.startsWith('ethereum'))).toEqual([])
  expect(plan.unavailable?.filter((u) => u.what === 'route')).toHaveLength(5)
})

test('behavior: a removed relayer anywhere holds every market: no move at all', () => {
  const availability = availabilityFrom([chain('base', { relayerRole: 'missing' })])
  expect(availability.relayerRemoved).toMatchObject([{ chain: 'base', controller: '0xc0', relayer: '0xe1' }])
  const plan = planAllocation({ snapshot, policy, policyRef, availability })
  expect(plan.moves).toEqual([])
  expect(plan.relayerRemoved?.[0]?.reason).toContain('grantRole(RELAYER, 0xe1)')
  expect(plan.targets.every((t) => t.binding === 'relayer removed')).toBe(true)
})
