/**
 * Execution benchmarks on the devnet and a real Temporal dev server (both started here, stopped after):
 * wall time of one cross-chain move in controller mode (idle USDC in the Base ALMProxy -> Aave USDC on
 * Ethereum, through the controllers, LayerZero and the local relayer), and the history length of an
 * allocation cycle with four moves and with none.
 */

import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Client, Connection } from '@temporalio/client'
import { TestWorkflowEnvironment } from '@temporalio/testing'
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker'
import { loadNetwork } from '../activities/network.js'
import { startDevnet } from '../devnet/anvil-cluster.js'
import { startDevnetRelayer } from '../devnet/relayer/devnet-relayer.js'
import { resolveTemporalCli } from '../ops/temporal-cli.js'
import { searchAttributes } from '../temporal.config.js'
import { bundleWorkflows, createWorker } from '../worker/create-worker.js'
import { allocationCycle } from '../workflows/allocation-cycle.js'
import { executeMove } from '../workflows/execute-move.js'

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN

export async function run(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('ERROR') })
  const portBase = Number(process.env.SLL_BENCH_MOVES_PORT_BASE ?? 29545)
  const cli = resolveTemporalCli()
  const env = await TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: cli.path },
      searchAttributes: Object.values(searchAttributes),
    },
  })
  const devnet = await startDevnet({ portBase, quiet: true })
  const relayer = await startDevnetRelayer({ portBase })
  const network = loadNetwork({
    ...process.env,
    SLL_NETWORK: 'devnet',
    SLL_DEVNET_PORT_BASE: String(portBase),
    SLL_TX_JOURNAL_DIR: join(mkdtempSync(join(tmpdir(), 'sll-bench-')), 'tx-journal'),
  })
  const connection = await Connection.connect({ address: env.address })
  const client = new Client({ connection, namespace: env.namespace ?? 'default' })
  const nativeConnection = await NativeConnection.connect({ address: env.address })
  const taskQueue = 'bench-moves'
  const worker = await createWorker({
    connection: nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    workflowBundle: await bundleWorkflows(),
    deps: { network: () => network },
  })
  const running = worker.run()
  try {
    const times: number[] = []
    for (let i = 0; i < 5; i++) {
      const started = performance.now()
      const outcome = await client.workflow.execute(executeMove, {
        taskQueue,
        workflowId: `bench-move-${i}/move-0`,
        args: [
          { planId: `bench-move-${i}`, index: 0, from: 'idle:base', to: 'ethereum/aave/USDC', amount: '100' },
        ],
      })
      if (outcome.status !== 'completed')
        throw new Error(`bench move ${i}: ${outcome.status} ${outcome.error}`)
      times.push(performance.now() - started)
    }
    const history = await client.workflow.getHandle('bench-move-0/move-0').fetchHistory()
    console.log(
      `one cross-chain move in controller mode (idle USDC, Base ALMProxy -> Aave USDC on Ethereum, LayerZero + local relayer): median ${median(times).toFixed(0)} ms, min ${Math.min(...times).toFixed(0)} ms, max ${Math.max(...times).toFixed(0)} ms (5 runs); history ${history.events?.length} events`,
    )

    const cycle = async (id: string) => {
      const result = await client.workflow.execute(allocationCycle, {
        taskQueue,
        workflowId: id,
        args: [{ policyPath: 'bench/policy-four-moves.yaml' }],
      })
      const events = (await client.workflow.getHandle(id).fetchHistory()).events?.length ?? 0
      if (process.env.SLL_BENCH_VERBOSE) {
        for (const m of result.plan?.moves ?? []) console.log(`  ${id}: ${m.from} -> ${m.to} ${m.amount}`)
      }
      return { moves: result.plan?.moves.length ?? 0, events }
    }
    const rows: Array<{ cycle: string; moves: number; historyEvents: number; wallMs: number }> = []
    for (let i = 0; i < 6; i++) {
      const started = performance.now()
      const r = await cycle(`bench-cycle-${i}`)
      rows.push({
        cycle: `#${i + 1}`,
        moves: r.moves,
        historyEvents: r.events,
        wallMs: Math.round(performance.now() - started),
      })
      if (r.moves === 0) break
    }
    console.table(rows)
    const four = rows.find((r) => r.moves === 4)
    const none = rows.find((r) => r.moves === 0)
    console.log(
      `cycle history length: ${four ? `${four.historyEvents} events with 4 moves` : 'no 4-move cycle'}, ${none ? `${none.historyEvents} events with no moves` : 'no empty cycle reached'}`,
    )
  } finally {
    worker.shutdown()
    await running
    await nativeConnection.close()
    await connection.close()
    await relayer.stop()
    await devnet.stop()
    await env.teardown()
  }
}
