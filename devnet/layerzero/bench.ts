/**
 * Benchmark suite `layerzero-devnet` (registered in bench/main.ts; `npm run bench -- layerzero-devnet`):
 * deploys the six-chain mesh on fresh anvils (started and stopped here) and measures OFT delivery latency
 * through the local relayer (send receipt -> relayer DELIVERED, sequential sends).
 */
import { parseUnits } from 'viem'
import { chainNames } from '../../chains/names.js'
import { startRelayer } from '../relayer/relayer.js'
import { sendOft, startTestMesh, waitUntil } from './test-mesh.js'

const rounds = 10

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? Number.NaN
}

/** Runs the suite and prints deploy time and latency percentiles. */
export async function run(): Promise<void> {
  const t = await startTestMesh([...chainNames])
  const relayer = await startRelayer({
    chains: t.relayerChains(),
    dvnSignerKey: t.dvnSignerKey,
    executorAdminKey: t.deployerKey,
    pollIntervalMs: 50,
  })
  try {
    console.log(`mesh deploy, 6 chains / 30 pathways / 18 OFTs: ${t.deployMs} ms`)
    const routes = [
      ['ethereum', 'base'],
      ['base', 'arbitrum'],
    ] as const
    for (const [from, to] of routes) {
      const latencies: number[] = []
      for (let i = 0; i < rounds; i++) {
        const sent = await sendOft(t, { from, to, asset: 'USDS', amountLD: parseUnits('1', 18) })
        const started = Date.now()
        await waitUntil(() => relayer.status(sent.guid) === 'DELIVERED')
        latencies.push(Date.now() - started)
      }
      latencies.sort((a, b) => a - b)
      console.log(
        `${from}->${to} delivery after send receipt (${rounds} sends, poll 50 ms): p50 ${percentile(latencies, 50)} ms, p95 ${percentile(latencies, 95)} ms, max ${latencies.at(-1)} ms`,
      )
    }
  } finally {
    await relayer.stop()
    t.stop()
  }
}
