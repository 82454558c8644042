import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import { loadDevnetRegistry } from '../chains/devnet.js'
import type { RateLimitKeySnapshot } from '../policies/rate-limit-snapshot.js'
import { keyOfGuard } from '../sll/guard-key.js'
import type { LimitRow } from './format/limits-table.js'
import { main } from './main.js'

const dir = mkdtempSync(join(tmpdir(), 'sll-limits-'))
const example = JSON.parse(
  readFileSync(new URL('../policies/fixtures/example-snapshot.json', import.meta.url), 'utf8'),
) as Record<string, unknown>
const registry = loadDevnetRegistry()

function key(
  guards: RateLimitKeySnapshot['guards'],
  chain: RateLimitKeySnapshot['chain'],
  over: Partial<RateLimitKeySnapshot>,
): RateLimitKeySnapshot {
  return {
    key: keyOfGuard(guards, registry),
    chain,
    guards,
    unlimited: false,
    decimals: 6,
    usdPerToken: 1,
    maxAmount: '5000000000',
    slope: '57870',
    lastAmount: '1000000000',
    lastUpdated: '1000',
    readAt: '1000',
    ...over,
  }
}

const keys = [
  // 1,000 USD now of 5,000; 57870 base units/s is 4,999.97 USD/day
  key({ action: 'deposit', market: 'base/aave/USDC' }, 'base', {}),
  key({ action: 'withdraw', market: 'base/aave/USDC' }, 'base', {
    unlimited: true,
    maxAmount: (2n ** 256n - 1n).toString(),
    slope: '0',
    lastAmount: '0',
  }),
  key({ action: 'usds-mint', chain: 'ethereum' }, 'ethereum', {
    decimals: 18,
    maxAmount: '0',
    slope: '0',
    lastAmount: '0',
    lastUpdated: '0',
  }),
  // The key has 1,000 USD now, the OFT itself lets 250 USD be sent (its own outbound limit).
  key({ action: 'layerzero', chain: 'base', toChain: 'ethereum', asset: 'USDC' }, 'base', {
    oftMaxAmount: '250000000',
  }),
]

function file(name: string, value: unknown): string {
  const p = join(dir, name)
  writeFileSync(p, typeof value === 'string' ? value : JSON.stringify(value))
  return p
}

async function run(argv: string[]) {
  const out: string[] = []
  const err: string[] = []
  const code = await main(argv, { stdout: (t) => out.push(t), stderr: (t) => err.push(t) })
  return { code, stdout: out.join('\n'), stderr: err.join('') }
}

const snapshot = file('snapshot.json', { ...example, rateLimits: { version: 1, keys } })
const plan = file('plan.json', {
  version: 1,
  moves: [
    { from: 'idle:base', to: 'base/aave/USDC', amount: '1500' },
    { from: 'base/aave/USDC', to: 'idle:base', amount: '200' },
  ],
})

test('default: rows per key with capacity, max, slope/day, time to full and the plan draws (--json)', async () => {
  const r = await run(['limits', '--snapshot', snapshot, '--plan', plan, '--json', '--network', 'devnet'])
  expect(r.stderr).toBe('')
  expect(r.code).toBe(0)
  const rows = (JSON.parse(r.stdout) as { rows: LimitRow[] }).rows
  expect(rows[0]).toMatchObject({
    chain: 'base',
    state: 'limited',
    capacityUsd: 1000,
    maxUsd: 5000,
    slopeUsdPerDay: 4999.97,
    // (5000 - 1000) USD at 0.05787 USD/s
    secondsToFull: Math.ceil(4_000_000_000 / 57_870),
    planUsedUsd: 1500,
    planRefillUsd: 200,
  })
  expect(rows[1]).toMatchObject({ state: 'unlimited', capacityUsd: null, planUsedUsd: 200 })
  expect(rows[2]).toMatchObject({ state: 'unset', capacityUsd: 0, maxUsd: 0, secondsToFull: null })
  expect(rows[3]).toMatchObject({ state: 'limited', capacityUsd: 250, oftBound: true, secondsToFull: null })
})

test('behavior: the table marks a key the plan draws beyond its capacity now, and names unset keys', async () => {
  const r = await run(['limits', '--snapshot', snapshot, '--plan', plan, '--network', 'devnet'])
  expect(r.code).toBe(0)
  const line = r.stdout.split('\n').find((l) => l.includes('deposit base/aave/USDC'))
  expect(line).toMatch(/1,000\.00\s+5,000\.00\s+4,999\.97\s+19:12:01\s+!! 1,500\.00/)
  expect(r.stdout).toMatch(/usds-mint\s+UNSET \(0\)/)
  // The OFT's own room is the capacity: marked, and no key-based time to full.
  expect(r.stdout.split('\n').find((l) => l.includes('USDC') && l.includes('OFT '))).toMatch(
    /OFT 250\.00\s+5,000\.00\s+4,999\.97\s+OFT/,
  )
})

test('error: a plan file without moves exits 2 naming the file and the field', async () => {
  const bad = file('bad-plan.json', { version: 1, moves: [{ from: 'idle:base', to: 'x', amount: '12 USD' }] })
  const r = await run(['limits', '--snapshot', snapshot, '--plan', bad])
  expect(r.code).toBe(2)
  expect(r.stdout).toBe('')
  expect(r.stderr).toContain(`${bad} at moves[0].amount: must be a USD amount`)
})

test('error: a plan file that is not JSON exits 2 naming the file', async () => {
  const bad = file('not-json.json', '{"moves": [')
  const r = await run(['limits', '--snapshot', snapshot, '--plan', bad])
  expect(r.code).toBe(2)
  expect(r.stderr).toContain(`${bad}: not JSON`)
})

test('error: a snapshot whose rateLimits key is malformed exits 2 naming the field', async () => {
  const bad = file('bad-snapshot.json', {
    ...example,
    rateLimits: { version: 1, keys: [{ ...keys[0], slope: '-1' }] },
  })
  const r = await run(['limits', '--snapshot', bad, '--plan', plan])
  expect(r.code).toBe(2)
  expect(r.stderr).toMatch(/rateLimits\.keys\[0\]\.slope|rateLimits.keys.0.slope/)
})
