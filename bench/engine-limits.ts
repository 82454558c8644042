import { readFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { resolveProblem } from '../policies/allocation-problem.js'
import { optimizeAllocation } from '../policies/optimizer/optimize.js'
import { parsePolicy } from '../policies/parse-policy.js'
import { parseSnapshot } from '../policies/parse-snapshot.js'
import { planAllocation } from '../policies/plan.js'
import type { Policy } from '../policies/policy-schema.js'
import type { Snapshot } from '../policies/snapshot.js'
import { bruteForceOptimum } from '../policies/testing/brute-force.js'
import { randomRateLimits } from '../policies/testing/random-rate-limits.js'
import { randomScenario } from '../policies/testing/random-scenario.js'
import { median, timePlan } from './plan.js'

/**
 * `npm run bench -- engine-limits`: planning time with on-chain rate limits (deposit / withdraw keys of
 * about half the markets, hub-and-spoke LayerZero keys, L2 <-> L2 at zero) for the 17-market example,
 * 100 and 1,000 generated markets, and exactness against brute force with binding limits. Pure: no
 * Temporal, no anvil.
 */
const ref = { name: 'bench', sha256: '0'.repeat(64) }

/** Prints planning times with rate limits and the brute-force gap. */
export async function run(): Promise<void> {
  const root = new URL('../', import.meta.url)
  const policy = parsePolicy(readFileSync(new URL('docs/examples/policy.yaml', root), 'utf8'), 'policy.yaml')
  const example = parseSnapshot(
    readFileSync(new URL('docs/examples/snapshot.json', root), 'utf8'),
    'snapshot.json',
  )
  const rows: [string, Snapshot, Policy, number][] = [
    [
      `example (${example.markets.length} markets)`,
      { ...example, rateLimits: randomRateLimits(17, example) },
      policy,
      31,
    ],
  ]
  for (const n of [100, 1000]) {
    const s = randomScenario(1000 + n, { markets: n, groups: true, buffers: true, costs: true })
    rows.push([
      `${n} markets + groups`,
      { ...s.snapshot, rateLimits: randomRateLimits(n, s.snapshot) },
      s.policy,
      31,
    ])
  }
  console.log(
    `planning time with rate limits (planAllocation), median of 31 runs after warm-up (load average ${loadavg()[0]!.toFixed(1)}: min is the least disturbed run)`,
  )
  for (const [name, snapshot, pol, runs] of rows) {
    const t = timePlan(snapshot, pol, runs)
    const plan = planAllocation({ snapshot, policy: pol, policyRef: ref })
    const binding = plan.targets.filter((x) => x.binding.includes('rateLimit:')).length
    const rows = resolveProblem(snapshot, pol).bridge?.rows.length ?? 0
    console.log(
      `  ${name.padEnd(28)} median ${t.median.toFixed(1).padStart(7)} ms   min ${t.min.toFixed(1).padStart(6)} ms   max ${t.max.toFixed(1).padStart(7)} ms   ${rows} cut rows, ${binding} targets bound by a rate limit`,
    )
  }
  const gaps: number[] = []
  for (let seed = 1; seed <= 30; seed++) {
    const s = randomScenario(100 + seed, { markets: 3, dominantShare: 0.5 })
    const snapshot = { ...s.snapshot, rateLimits: randomRateLimits(100 + seed, s.snapshot) }
    const resolved = resolveProblem(snapshot, s.policy)
    const opt = optimizeAllocation(resolved.problem)
    const brute = bruteForceOptimum(resolved.problem, 150)
    gaps.push(((brute.income - opt.income) / resolved.managed) * 1e4)
  }
  console.log(
    `exactness with binding limits vs brute force (3 markets, 30 instances): median ${median(gaps).toExponential(2)} bp, max ${Math.max(...gaps).toExponential(2)} bp of APR`,
  )
}
