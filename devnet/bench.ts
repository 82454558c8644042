import { startDevnet } from './anvil-cluster.js'
import { testPortBase } from './test-helpers.js'

/** Benchmark suite `devnet-boot`: boots and stops the six-chain devnet from state five times. */
export async function run(): Promise<void> {
  const boots: number[] = []
  const stops: number[] = []
  for (let i = 0; i < 5; i++) {
    const devnet = await startDevnet({ portBase: testPortBase() + 500, quiet: true })
    boots.push(devnet.bootMs)
    const started = Date.now()
    await devnet.stop()
    stops.push(Date.now() - started)
  }
  const sorted = [...boots].sort((a, b) => a - b)
  console.table({
    'boot (6 anvils, --load-state, all answering)': {
      min: sorted[0],
      median: sorted[2],
      max: sorted[4],
      unit: 'ms',
    },
    stop: {
      min: Math.min(...stops),
      median: [...stops].sort((a, b) => a - b)[2],
      max: Math.max(...stops),
      unit: 'ms',
    },
  })
}
