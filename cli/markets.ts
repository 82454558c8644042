import { readLiveMarkets } from '../activities/markets/live-snapshot.js'
import { supplyRate, utilization } from '../activities/markets/rates.js'
import { availabilityFrom } from '../policies/availability.js'
import { idleEnd } from '../policies/move-end.js'
import { keyAmountUsd, keyCapacityAt } from '../policies/rate-limit-snapshot.js'
import type { Snapshot } from '../policies/snapshot.js'
import type { ChainPreflight } from '../sll/preflight.js'
import { type Command, parseFlags } from './command.js'
import { commandInfo } from './commands.js'
import { unavailableLines } from './format/plan-table.js'
import { liveOptionsFrom } from './snapshot.js'

const { usage, summary } = commandInfo.markets

const usd = (value: string) =>
  Number(value).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })
const pct = (value: number) => `${(value * 100).toFixed(2)}%`

/**
 * What the market's deposit key (snapshot `rateLimits`) allows now, USD: `unlimited`, `unset`, or the amount;
 * `-` when the section does not list the key.
 */
function depositCapacity(snapshot: Snapshot, market: string): string {
  const k = snapshot.rateLimits?.keys.find((x) => x.guards.action === 'deposit' && x.guards.market === market)
  if (!k) return '-'
  if (k.unlimited) return 'unlimited'
  if (k.maxAmount === '0') return 'unset'
  return usd(String(keyAmountUsd(k, keyCapacityAt(k, BigInt(k.readAt)) ?? 0n)))
}

/**
 * The markets of a snapshot as a table: chain, venue, supply APR, utilization, our position, supply, cap,
 * and (when the snapshot has the `rateLimits` section) what the deposit rate limit allows now.
 */
export function formatMarketsTable(snapshot: Snapshot): string {
  const limits = snapshot.rateLimits !== undefined
  const header = ['chain', 'venue', 'APR', 'util', 'position', 'total supply', 'supply cap']
  if (limits) header.push('deposit limit now')
  const rows = snapshot.markets.map((m) => {
    const u = utilization(Number(m.totalSupply), Number(m.totalBorrow))
    const row = [
      m.chain,
      m.id,
      pct(supplyRate(m.rateModel, u)),
      m.protocol === 'savings' ? '-' : pct(u),
      usd(m.position),
      usd(m.totalSupply),
      m.supplyCap == null ? 'none' : usd(m.supplyCap),
    ]
    if (limits) row.push(depositCapacity(snapshot, m.id))
    return row
  })
  const idle = snapshot.idle.map((i) => [
    i.chain,
    idleEnd(i.chain),
    '-',
    '-',
    usd(i.amount),
    '-',
    '-',
    ...(limits ? ['-'] : []),
  ])
  const all = [header, ...rows, ...idle]
  const widths = header.map((_, col) => Math.max(...all.map((row) => row[col]!.length)))
  const right = new Set([2, 3, 4, 5, 6, 7])
  const line = (row: string[]) =>
    row
      .map((cell, col) => (right.has(col) ? cell.padStart(widths[col]!) : cell.padEnd(widths[col]!)))
      .join('  ')
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...[...rows, ...idle].map(line)].join(
    '\n',
  )
}

/**
 * The pre-flight section: per chain, the RELAYER role and every venue side / route the controller refuses,
 * with the reason (contract, key or setting, what governance must set).
 */
export function formatPreflight(
  perChain: ReadonlyArray<{ chain: string; preflight?: ChainPreflight }>,
): string {
  const lines: string[] = []
  const checked = perChain.filter((c) => c.preflight)
  if (checked.length === 0) return 'pre-flight: no SLL controller known for these chains (not checked)'
  const availability = availabilityFrom(checked.map((c) => c.preflight))
  for (const c of checked) {
    const p = c.preflight as ChainPreflight
    const role =
      p.relayerRole === 'held'
        ? 'RELAYER ok'
        : p.relayerRole === 'missing'
          ? 'RELAYER REMOVED'
          : 'RELAYER not checked'
    lines.push(
      `${c.chain}: ${p.controllerName} ${p.controller}, ${role}${p.relayer ? ` (${p.relayer})` : ''}`,
    )
  }
  const table = unavailableLines(availability)
  lines.push(
    '',
    ...(table.length ? table : ['unavailable: none (every venue and route passes the pre-flight)']),
  )
  return lines.join('\n').trimEnd()
}

/** `sll markets`: a table of the live markets (devnet by default) with APR, utilization, position and caps. */
export const marketsCommand: Command = {
  name: 'markets',
  summary,
  usage,
  run: async (argv, io) => {
    const { values } = parseFlags(argv, {
      usage,
      options: { network: { type: 'string' }, operator: { type: 'string' } },
    })
    const { network, snapshot, perChain } = await readLiveMarkets(liveOptionsFrom(values, usage))
    io.stdout(`${network} markets at ${snapshot.takenAt} (supply APR from each market's live rate model)\n`)
    io.stdout(formatMarketsTable(snapshot))
    io.stdout(`\npre-flight (what each controller would refuse):\n${formatPreflight(perChain)}`)
    if (snapshot.rateLimits) io.stdout('\nrate limits per key (capacity, slope, time to full): sll limits')
    return 0
  },
}
