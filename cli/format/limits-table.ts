import {
  keyAmountUsd,
  keyCapacityAt,
  oftRoomBinds,
  type RateLimitKeySnapshot,
  type RateLimitsSection,
} from '../../policies/rate-limit-snapshot.js'
import { guardLabel } from '../../sll/guard-key.js'
import { type KeyUsage, usageKey } from '../../sll/plan-key-usage.js'

/** One row of `sll limits` (JSON-safe; USD as numbers rounded to cents, `null` where unlimited). */
export type LimitRow = {
  chain: string
  key: string
  guards: RateLimitKeySnapshot['guards']
  /** `unlimited`, `unset` (maxAmount 0: every draw reverts), or `limited`. */
  state: 'unlimited' | 'unset' | 'limited'
  capacityUsd: number | null
  maxUsd: number | null
  slopeUsdPerDay: number | null
  /** Seconds until the key is full again (0 = full; null = unlimited, unset, never (slope 0), or OFT-bound). */
  secondsToFull: number | null
  /** LayerZero: the OFT's own room (`oftMaxAmount`), not the key, is the capacity now. */
  oftBound?: true
  /** What the plan draws from the key / refills into it, USD (absent without a plan). */
  planUsedUsd?: number
  planRefillUsd?: number
}

const cents = (usd: number) => Math.round(usd * 100) / 100

/** The rows of `sll limits` (pure): capacity at the read, max, slope per day, time to full, the plan's draws. */
export function limitRows(section: RateLimitsSection, usage?: Map<string, KeyUsage>): LimitRow[] {
  return section.keys.map((k) => {
    const state = k.unlimited ? 'unlimited' : k.maxAmount === '0' ? 'unset' : 'limited'
    const capacity = keyCapacityAt(k, BigInt(k.readAt))
    const oftBound = oftRoomBinds(k, BigInt(k.readAt))
    const max = BigInt(k.maxAmount)
    const slope = BigInt(k.slope)
    let secondsToFull: number | null = null
    if (capacity !== undefined && state === 'limited' && !oftBound) {
      if (capacity >= max) secondsToFull = 0
      else if (slope > 0n) secondsToFull = Number((max - capacity + slope - 1n) / slope)
    }
    const row: LimitRow = {
      chain: k.chain,
      key: k.key,
      guards: k.guards,
      state,
      capacityUsd: capacity === undefined ? null : cents(keyAmountUsd(k, capacity)),
      maxUsd: k.unlimited ? null : cents(keyAmountUsd(k, max)),
      slopeUsdPerDay: k.unlimited ? null : cents(keyAmountUsd(k, slope * 86_400n)),
      secondsToFull,
      ...(oftBound ? { oftBound: true as const } : {}),
    }
    const used = usage?.get(usageKey(k))
    if (usage) {
      row.planUsedUsd = cents(keyAmountUsd(k, used?.decrease ?? 0n))
      row.planRefillUsd = cents(keyAmountUsd(k, used?.increase ?? 0n))
    }
    return row
  })
}

/** `1d 02:03:04`-style duration, `full`, or `never`. */
export function formatDuration(seconds: number | null): string {
  if (seconds === null) return 'never'
  if (seconds === 0) return 'full'
  const d = Math.floor(seconds / 86_400)
  const hms = [Math.floor((seconds % 86_400) / 3600), Math.floor((seconds % 3600) / 60), seconds % 60]
    .map((n) => String(n).padStart(2, '0'))
    .join(':')
  return d > 0 ? `${d}d ${hms}` : hms
}

const usd = (value: number) =>
  value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })

/**
 * The `sll limits` table: per key, chain, what it guards, capacity now, max, slope per day, time to full
 * and (with a plan) what the plan draws; `!!` marks a key the plan draws beyond its capacity now; `OFT` marks a
 * LayerZero key whose OFT's own room is the capacity now (its regeneration is the OFT's, not known here).
 */
export function formatLimitsTable(rows: readonly LimitRow[]): string {
  const withPlan = rows.some((r) => r.planUsedUsd !== undefined)
  const header = ['chain', 'guards', 'capacity now', 'max', 'slope/day', 'to full', 'key']
  if (withPlan) header.splice(6, 0, 'plan uses')
  const cells = rows.map((r) => {
    const unlimited = r.state === 'unlimited'
    const row = [
      r.chain,
      guardLabel(r.guards),
      r.oftBound
        ? `OFT ${usd(r.capacityUsd ?? 0)}`
        : unlimited
          ? 'unlimited'
          : r.state === 'unset'
            ? 'UNSET (0)'
            : usd(r.capacityUsd ?? 0),
      unlimited ? '-' : usd(r.maxUsd ?? 0),
      unlimited ? '-' : usd(r.slopeUsdPerDay ?? 0),
      r.oftBound ? 'OFT' : unlimited ? '-' : r.state === 'unset' ? 'never' : formatDuration(r.secondsToFull),
      `${r.key.slice(0, 10)}…`,
    ]
    if (withPlan) {
      const used = r.planUsedUsd ?? 0
      const over = (!unlimited || r.oftBound === true) && used > (r.capacityUsd ?? 0) + 0.005
      row.splice(6, 0, used === 0 ? '-' : `${over ? '!! ' : ''}${usd(used)}`)
    }
    return row
  })
  const all = [header, ...cells]
  const widths = header.map((_, col) => Math.max(...all.map((row) => row[col]!.length)))
  const right = new Set([2, 3, 4, 5, ...(withPlan ? [6] : [])])
  const line = (row: string[]) =>
    row
      .map((cell, col) => (right.has(col) ? cell.padStart(widths[col]!) : cell.padEnd(widths[col]!)))
      .join('  ')
      .trimEnd()
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n')
}
