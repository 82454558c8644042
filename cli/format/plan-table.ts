import type { Plan, PlanBreach } from '../../policies/plan.js'

const usd = (decimal: string) =>
  Number(decimal).toLocaleString('en-US', { maximumFractionDigits: 0 }).padStart(16)
const pct = (fraction: number) => `${(fraction * 100).toFixed(3)}%`

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)))
  return rows
    .map((r) =>
      r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  '),
    )
    .join('\n')
}

const breachSubject = (b: PlanBreach) =>
  b.kind === 'market' ? b.market : b.kind === 'group' ? `group ${b.group}` : `buffer ${b.chain}`

/** The breaches section: first, so that an operator sees what the plan cannot fix before any number. */
function breachLines(breaches: PlanBreach[]): string[] {
  const rows = [['BREACH', 'limit', 'allows USD', 'held USD']]
  const why = ['why', ...breaches.map((b) => b.reason)]
  for (const b of breaches) {
    rows.push([breachSubject(b), b.limit, usd(b.allowedUsd).trim(), usd(b.heldUsd).trim()])
  }
  // The reason is free text: left-aligned after the numbers.
  const lines = table(rows)
    .split('\n')
    .map((line, k) => `${line}  ${why[k]}`)
  return [
    `!! ${breaches.length} limit${breaches.length === 1 ? '' : 's'} cannot hold now: held at the floor (what cannot leave), nothing new goes in`,
    ...lines,
    '',
  ]
}

/** Whether a target's binding is an on-chain rate limit (the engine's `binding` strings `rateLimit…`). */
export function bindsOnRateLimit(binding: string): boolean {
  return binding.startsWith('rateLimit')
}

/** The rate-limit section: targets the on-chain RateLimits hold (a later cycle moves the rest). */
function rateLimitLines(plan: Plan): string[] {
  const bound = plan.targets.filter((t) => bindsOnRateLimit(t.binding))
  if (bound.length === 0) return []
  return [
    `!! ${bound.length} target${bound.length === 1 ? '' : 's'} held by an on-chain rate limit (the key allows no more now; a later cycle moves the rest, see \`sll limits\`):`,
    ...bound.map((t) => `  ${t.market}: ${t.binding}`),
    '',
  ]
}

/**
 * What the SLL controllers refuse (pre-flight of a live snapshot): a removed RELAYER first (nothing moves),
 * then each venue / route left out with the reason governance needs.
 */
export function unavailableLines(plan: Pick<Plan, 'unavailable' | 'relayerRemoved'>): string[] {
  const out: string[] = []
  for (const r of plan.relayerRemoved ?? []) {
    out.push(`!! RELAYER REMOVED on ${r.chain}: nothing is planned or sent. ${r.reason}`)
  }
  const rest = (plan.unavailable ?? []).filter((u) => u.what !== 'relayer')
  if (rest.length) {
    out.push(`unavailable (${rest.length}: left out of the plan, no transaction would pass the controller):`)
    for (const u of rest) out.push(`  ${u.subject} ${u.what}: ${u.reason}`)
  }
  if (out.length) out.push('')
  return out
}

/**
 * Renders a plan as a readable report: breaches (if any) on top, then per-market current vs target,
 * moves, APR before / after.
 */
export function formatPlanTable(plan: Plan): string {
  const out: string[] = []
  out.push(
    `plan for policy "${plan.policy.name}" (sha256 ${plan.policy.sha256.slice(0, 12)}), snapshot ${plan.takenAt}`,
  )
  out.push('')
  out.push(...unavailableLines(plan))
  if (plan.breaches?.length) out.push(...breachLines(plan.breaches))
  out.push(...rateLimitLines(plan))
  const rows = [['market', 'current USD', 'target USD', 'change USD', 'rate now', 'rate after', 'binds']]
  for (const t of plan.targets) {
    const change = Number(t.amount) - Number(t.current)
    rows.push([
      t.market,
      usd(t.current).trim(),
      usd(t.amount).trim(),
      change === 0 ? '-' : `${change > 0 ? '+' : ''}${Math.round(change).toLocaleString('en-US')}`,
      pct(t.currentRate),
      pct(t.plannedRate),
      bindsOnRateLimit(t.binding) ? `!! ${t.binding}` : t.binding,
    ])
  }
  out.push(table(rows))
  out.push('')
  out.push(
    `idle after plan: ${plan.idle.length ? plan.idle.map((i) => `${i.chain} ${usd(i.amount).trim()}`).join(', ') : 'none'}`,
  )
  out.push('')
  if (plan.moves.length === 0) out.push('moves: none (nothing worth doing)')
  else {
    const mrows = [['from', 'to', 'amount USD', 'bridge', 'approval', 'net benefit USD']]
    for (const m of plan.moves) {
      mrows.push([
        m.from,
        m.to,
        usd(m.amount).trim(),
        m.convertOn ? `${m.bridge}, converts on ${m.convertOn}` : m.bridge,
        m.needsApproval ? 'needed' : 'auto',
        m.netBenefitUsd,
      ])
    }
    out.push(`moves (${plan.moves.length}):`)
    out.push(table(mrows))
  }
  out.push('')
  const s = plan.summary
  out.push(`managed: ${usd(s.managedUsd).trim()} USD`)
  out.push(
    `APR: ${pct(s.currentApr)} -> ${pct(s.plannedApr)} (${((s.plannedApr - s.currentApr) * 1e4).toFixed(2)} bp; optimum before costs ${pct(s.optimalApr)})`,
  )
  out.push(
    `interest per year: ${Number(s.currentInterestUsd).toLocaleString('en-US')} -> ${Number(s.plannedInterestUsd).toLocaleString('en-US')} USD`,
  )
  if (s.objective) out.push(objectiveLine(s.objective))
  return out.join('\n')
}

const usdNumber = (v: string) => Number(v).toLocaleString('en-US', { maximumFractionDigits: 2 })

/**
 * The objective the plan maximises (interest over the horizon minus move costs) and how exact it is:
 * `exact`, `node-budget` (best found, with the proven gap) or `heuristic` (not searched, or moves that
 * cannot reach the optimizer's allocation, with the gap when known).
 */
function objectiveLine(o: NonNullable<Plan['summary']['objective']>): string {
  const how =
    o.method === 'exact'
      ? 'exact'
      : o.method === 'node-budget'
        ? `best within the search budget, at most ${usdNumber(o.boundGapUsd)} USD below the optimum`
        : `heuristic${o.boundGapUsd === 'unknown' ? ': too many markets to search' : `, up to ${usdNumber(o.boundGapUsd)} USD below the optimum`}`
  return `objective over the horizon: ${usdNumber(o.valueUsd)} USD = interest ${usdNumber(o.interestUsd)} - costs ${usdNumber(o.costUsd)} (${how}; ${o.solves} solves; dropping unworthy moves alone: ${usdNumber(o.heuristicValueUsd)} USD)`
}
