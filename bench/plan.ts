import { readFileSync } from 'node:fs'
import { resolveProblem } from '../policies/allocation-problem.js'
import { optimizeAllocation } from '../policies/optimizer/optimize.js'
import { parsePolicy } from '../policies/parse-policy.js'
import { parseSnapshot } from '../policies/parse-snapshot.js'
import { planAllocation } from '../policies/plan.js'
import type { Policy } from '../policies/policy-schema.js'
import type { Snapshot } from '../policies/snapshot.js'
import { bruteForceOptimum } from '../policies/testing/brute-force.js'
import { equalApy, highestApyFirst, incomeOf } from '../policies/testing/heuristics.js'
import { randomScenario } from '../policies/testing/random-scenario.js'

const ref = { name: 'bench', sha256: '0'.repeat(64) }
/** Median of a sample. */
export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]!
}
const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!
}

/** Median and max time (ms) of `runs` plans after a warm-up. */
export function timePlan(
  snapshot: Snapshot,
  policy: Policy,
  runs: number,
): { median: number; min: number; max: number } {
  planAllocation({ snapshot, policy, policyRef: ref }) // warm-up (JIT)
  const times: number[] = []
  for (let k = 0; k < runs; k++) {
    const t0 = performance.now()
    planAllocation({ snapshot, policy, policyRef: ref })
    times.push(performance.now() - t0)
  }
  return { median: median(times), min: Math.min(...times), max: Math.max(...times) }
}

/** Prints planning times, exactness against brute force, and the gap of peer heuristics. */
export async function run(): Promise<void> {
  const root = new URL('../', import.meta.url)
  const policy = parsePolicy(readFileSync(new URL('policies/example.yaml', root), 'utf8'), 'example.yaml')
  const snapshot = parseSnapshot(
    readFileSync(new URL('policies/fixtures/example-snapshot.json', root), 'utf8'),
    'example-snapshot.json',
  )
  console.log('planning time (planAllocation: optimizer + move planner), median of runs after warm-up')
  const rows: [string, Snapshot, Policy, number][] = [['example (17 markets)', snapshot, policy, 31]]
  for (const n of [100, 1000, 10000]) {
    for (const groups of [false, true]) {
      const s = randomScenario(1000 + n, { markets: n, groups, buffers: true, costs: true })
      rows.push([
        `${n} markets${groups ? ' + overlapping groups' : ''}`,
        s.snapshot,
        s.policy,
        n >= 10000 ? 7 : 31,
      ])
    }
  }
  for (const n of [100, 1000]) {
    const s = randomScenario(2000 + n, {
      markets: n,
      groups: true,
      buffers: true,
      costs: true,
      breaches: 0.3,
    })
    rows.push([`${n} markets + breaches (30%)`, s.snapshot, s.policy, 31])
  }
  for (const [name, snap, pol, runs] of rows) {
    const t = timePlan(snap, pol, runs)
    console.log(
      `  ${name.padEnd(36)} median ${t.median.toFixed(1).padStart(8)} ms   max ${t.max.toFixed(1).padStart(8)} ms`,
    )
  }

  console.log(
    '\nexactness: optimizer vs brute force (3 markets, grid + refinement), gap in bp of APR (positive = optimizer worse)',
  )
  const gaps: number[] = []
  for (let seed = 1; seed <= 40; seed++) {
    const s = randomScenario(seed, {
      markets: 3,
      groups: seed % 2 === 0,
      buffers: seed % 3 === 0,
      dominantShare: 0.5,
    })
    const resolved = resolveProblem(s.snapshot, s.policy)
    const opt = optimizeAllocation(resolved.problem)
    const brute = bruteForceOptimum(resolved.problem, 150)
    gaps.push(((brute.income - opt.income) / resolved.managed) * 1e4)
  }
  console.log(
    `  40 instances: median ${median(gaps).toExponential(2)} bp, max ${Math.max(...gaps).toExponential(2)} bp, min ${Math.min(...gaps).toExponential(2)} bp`,
  )

  const held: number[] = []
  for (let seed = 1; seed <= 40; seed++) {
    const s = randomScenario(300 + seed, {
      markets: 3,
      groups: seed % 2 === 0,
      buffers: seed % 3 === 0,
      dominantShare: 0.3,
      breaches: 0.6,
    })
    const resolved = resolveProblem(s.snapshot, s.policy)
    const opt = optimizeAllocation(resolved.problem)
    const brute = bruteForceOptimum(resolved.problem, 150)
    held.push(((brute.income - opt.income) / resolved.managed) * 1e4)
  }
  console.log(
    `  40 with breaches (positions above caps, short cash): median ${median(held).toExponential(2)} bp, max ${Math.max(...held).toExponential(2)} bp`,
  )

  console.log(
    '\nexactness of whole plans (3-20 markets, groups, buffers, dominant positions; no costs) vs the bound of a',
  )
  console.log('denser solve (4000 samples per curve, 5000 nodes), bp of APR')
  const planGaps: number[] = []
  for (let seed = 1; seed <= 60; seed++) {
    const s = randomScenario(seed * 13, {
      markets: 3 + (seed % 18),
      groups: seed % 2 === 0,
      buffers: seed % 3 !== 0,
      dominantShare: (seed % 5) / 5,
    })
    const plan = planAllocation({ snapshot: s.snapshot, policy: s.policy, policyRef: ref })
    const resolved = resolveProblem(s.snapshot, s.policy)
    const dense = optimizeAllocation(resolved.problem, { samples: 4000, maxNodes: 5000 })
    planGaps.push(((dense.upperBound - Number(plan.summary.plannedInterestUsd)) / resolved.managed) * 1e4)
  }
  console.log(
    `  60 scenarios: median ${median(planGaps).toExponential(2)} bp, max ${Math.max(...planGaps).toExponential(2)} bp`,
  )

  console.log('\npeer heuristics vs optimum (17 random markets, no groups), APR lost in bp')
  const apy: number[] = []
  const equal: number[] = []
  for (let seed = 1; seed <= 30; seed++) {
    const s = randomScenario(500 + seed, { markets: 17, dominantShare: 0.2 })
    const resolved = resolveProblem(s.snapshot, s.policy)
    const opt = optimizeAllocation(resolved.problem)
    const bp = (x: number[]) => ((opt.income - incomeOf(resolved, x)) / resolved.managed) * 1e4
    apy.push(bp(highestApyFirst(resolved)))
    equal.push(bp(equalApy(resolved)))
  }
  console.log(
    `  highest APY first: median ${median(apy).toFixed(1)} bp, p90 ${quantile(apy, 0.9).toFixed(1)} bp`,
  )
  console.log(
    `  equal APY:         median ${median(equal).toFixed(1)} bp, p90 ${quantile(equal, 0.9).toFixed(1)} bp`,
  )
}
