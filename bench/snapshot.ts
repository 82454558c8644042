/**
 * Benchmark of the live market snapshot on the devnet: JSON-RPC requests per chain (cold: with discovery of
 * reserve addresses; steady state: one multicall per chain), latency of a full six-chain snapshot, calls per
 * multicall. Starts its own devnet on `SLL_BENCH_PORT_BASE` (default 28645) and stops it by PID.
 */

import { clearReserveAddressCache } from '../activities/markets/discovery-cache.js'
import { readLiveMarkets } from '../activities/markets/live-snapshot.js'
import { loadDevnetRegistry } from '../chains/devnet.js'
import { chainNames } from '../chains/names.js'
import { startDevnet } from '../devnet/anvil-cluster.js'

const ITERATIONS = 50

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN
}

/** Runs the benchmark and prints its table. */
export async function run(): Promise<void> {
  const portBase = Number(process.env.SLL_BENCH_PORT_BASE ?? 28645)
  const devnet = await startDevnet({ portBase, quiet: true })
  try {
    const registry = loadDevnetRegistry()
    const options = { network: 'devnet' as const, registry, rpcUrls: devnet.rpcUrls }
    clearReserveAddressCache()
    let started = performance.now()
    const cold = await readLiveMarkets(options)
    const coldMs = performance.now() - started

    const latencies: number[] = []
    const requests = Object.fromEntries(chainNames.map((c) => [c, 0])) as Record<string, number>
    for (let i = 0; i < ITERATIONS; i++) {
      started = performance.now()
      const { perChain } = await readLiveMarkets(options)
      latencies.push(performance.now() - started)
      for (const c of perChain) requests[c.chain] = (requests[c.chain] ?? 0) + c.requests
    }
    latencies.sort((a, b) => a - b)

    console.log(`devnet boot ${devnet.bootMs} ms; ${cold.snapshot.markets.length} markets on 6 chains`)
    console.table(
      chainNames.map((chain) => {
        const venues = registry[chain].venues
        const calls = venues.reduce(
          (n, v) => n + (v.protocol === 'morpho' ? 6 : v.protocol === 'savings' ? 4 : 13),
          3,
        )
        return {
          chain,
          venues: venues.length,
          'calls/multicall': calls,
          'requests cold': cold.perChain.find((c) => c.chain === chain)?.requests,
          'requests/snapshot steady': (requests[chain] ?? 0) / ITERATIONS,
        }
      }),
    )
    console.table({
      'cold snapshot (with discovery)': { ms: Number(coldMs.toFixed(1)) },
      [`steady snapshot p50 (${ITERATIONS} runs)`]: { ms: Number(percentile(latencies, 50).toFixed(1)) },
      'steady snapshot p95': { ms: Number(percentile(latencies, 95).toFixed(1)) },
      'steady snapshot max': { ms: Number(latencies.at(-1)?.toFixed(1)) },
    })
  } finally {
    await devnet.stop()
  }
}
