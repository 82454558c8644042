import type { Plan } from '../policies/plan.js'

/** One completed cycle of the period, as `sll report` reads it from Temporal. */
export type ReportCycle = {
  planId: string
  closeTime: string
  plan?: Plan
  /** Move states at the end of the cycle (`completed`, `parked`, `rejected`, `expired`, ...). */
  moveStates: string[]
}

/** One move of the period. `amountUsd` is the planned amount (`SllTotalUsd`). */
export type ReportMove = {
  workflowId: string
  status: 'running' | 'completed' | 'parked' | 'failed'
  amountUsd: number
}

/** Gas and bridge fees paid on one chain (whole native units), from the receipts of the moves' txs. */
export type ChainCosts = { transactions: number; gasNative: number; bridgeFeesNative: number }

/** Everything {@link buildReport} needs. */
export type ReportInput = {
  since: string
  until: string
  cycles: ReportCycle[]
  /** Cycles of the period by outcome (completed, nothing-to-do, skipped, failed, running). */
  cycleOutcomes: Record<string, number>
  moves: ReportMove[]
  /** APR of the live allocation (engine's `currentApr` definition), read at report time. */
  realisedApr: number | null
  costs: Partial<Record<string, ChainCosts>>
  /** Transactions whose receipt was not found on the move's chains. */
  missingReceipts: number
}

/** The report `sll report --json` prints. Definitions: README "sll report". */
export type Report = {
  period: { since: string; until: string }
  cycles: Record<string, number> & { executed: number }
  apr: {
    /** `currentApr` of the oldest plan of the period that executed a move. */
    baseline: number | null
    /** `plannedApr` of the newest plan of the period that executed a move. */
    planned: number | null
    /** APR of the live allocation now (same definition as the engine's `currentApr`). */
    realised: number | null
    /** (realised - baseline) / (planned - baseline); null when nothing was planned or the planned gain is < 1e-6. */
    captureRatio: number | null
  }
  moneyMovedUsd: { completed: number; parked: number }
  moves: Record<ReportMove['status'], number>
  costs: Record<string, ChainCosts>
  missingReceipts: number
}

const EXECUTED = new Set(['running', 'completed', 'parked', 'failed'])

/** The capture ratio: the share of the planned APR gain that the live allocation realised. */
export function captureRatio(baseline: number, planned: number, realised: number): number | null {
  const plannedGain = planned - baseline
  if (!(Math.abs(plannedGain) >= 1e-6)) return null
  return (realised - baseline) / plannedGain
}

/** Builds the report from what was read (pure). */
export function buildReport(input: ReportInput): Report {
  const executed = input.cycles
    .filter((c) => c.plan && c.moveStates.some((s) => EXECUTED.has(s)))
    .sort((a, b) => (a.plan?.takenAt ?? '').localeCompare(b.plan?.takenAt ?? ''))
  const baseline = executed[0]?.plan?.summary.currentApr ?? null
  const planned = executed.at(-1)?.plan?.summary.plannedApr ?? null
  const realised = input.realisedApr
  const moves = { running: 0, completed: 0, parked: 0, failed: 0 }
  const moved = { completed: 0, parked: 0 }
  for (const m of input.moves) {
    moves[m.status] += 1
    if (m.status === 'completed' || m.status === 'parked') moved[m.status] += m.amountUsd
  }
  const costs: Record<string, ChainCosts> = {}
  for (const [chain, c] of Object.entries(input.costs)) if (c) costs[chain] = c
  return {
    period: { since: input.since, until: input.until },
    cycles: { ...input.cycleOutcomes, executed: executed.length },
    apr: {
      baseline,
      planned,
      realised,
      captureRatio:
        baseline === null || planned === null || realised === null
          ? null
          : captureRatio(baseline, planned, realised),
    },
    moneyMovedUsd: { completed: round2(moved.completed), parked: round2(moved.parked) },
    moves,
    costs,
    missingReceipts: input.missingReceipts,
  }
}

const round2 = (v: number) => Math.round(v * 100) / 100
const pct = (v: number | null) => (v === null ? 'n/a' : `${(v * 100).toFixed(3)}%`)
const usd = (v: number) => v.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })

/** The report as an operator reads it. */
export function formatReport(report: Report, nativeSymbol: (chain: string) => string): string {
  const { apr } = report
  const cycles = Object.entries(report.cycles)
    .filter(([k]) => k !== 'executed')
    .map(([k, v]) => `${k} ${v}`)
    .join(', ')
  const lines = [
    `sll report ${report.period.since} .. ${report.period.until}`,
    `cycles:  ${cycles}; ${report.cycles.executed} executed moves`,
    `APR:     baseline ${pct(apr.baseline)} -> planned ${pct(apr.planned)}; realised now ${pct(apr.realised)}`,
    `capture: ${apr.captureRatio === null ? 'n/a (no planned APR gain in the period)' : apr.captureRatio.toFixed(4)}  (realised - baseline) / (planned - baseline)`,
    `moved:   ${usd(report.moneyMovedUsd.completed)} USD completed, ${usd(report.moneyMovedUsd.parked)} USD parked`,
    `moves:   ${Object.entries(report.moves)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
  ]
  const chains = Object.keys(report.costs).sort()
  if (chains.length > 0) {
    lines.push('costs:')
    lines.push(
      `  ${'chain'.padEnd(10)} ${'txs'.padStart(4)}  ${'gas'.padStart(18)}  ${'bridge fees'.padStart(18)}`,
    )
    for (const chain of chains) {
      const c = report.costs[chain] as ChainCosts
      const sym = nativeSymbol(chain)
      lines.push(
        `  ${chain.padEnd(10)} ${String(c.transactions).padStart(4)}  ${`${c.gasNative.toFixed(8)} ${sym}`.padStart(18)}  ${`${c.bridgeFeesNative.toFixed(8)} ${sym}`.padStart(18)}`,
      )
    }
  } else {
    lines.push('costs:   no transactions in the period')
  }
  if (report.missingReceipts > 0)
    lines.push(`warning: ${report.missingReceipts} transaction(s) without a receipt`)
  return lines.join('\n')
}
