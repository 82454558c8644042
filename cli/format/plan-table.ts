import type { Plan } from '../../policies/plan.js'

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

/** Renders a plan as a readable report: per-market current vs target, moves, APR before / after. */
export function formatPlanTable(plan: Plan): string {
  const out: string[] = []
  out.push(
    `plan for policy "${plan.policy.name}" (sha256 ${plan.policy.sha256.slice(0, 12)}), snapshot ${plan.takenAt}`,
  )
  out.push('')
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
      t.binding,
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
        m.bridge,
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
  return out.join('\n')
}
