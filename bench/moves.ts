/**
 * Execution benchmarks on the devnet and a real Temporal dev server (both started here, stopped after):
 * wall time of one cross-chain move in controller mode (idle USDC in the Base ALMProxy -> Aave USDC on
 * Ethereum, through the controllers, LayerZero and the local relayer), and the history length of an
 * allocation cycle with four moves and with none. With the
 * relayer's delivery delayed 2 s per packet (its `delayMs` fault): one cross-chain move, six such moves
 * from distinct source chains one after another (what a cycle did before moves ran concurrently), a cycle
 * with those six moves (concurrent), and a cycle with a dependent pair (it must run the pair in order).
 * The two cycles use a fixed plan (`planAllocation` overridden), so that they always hold these moves.
 */

import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Context } from '@temporalio/activity'
import { Client, Connection } from '@temporalio/client'
import { TestWorkflowEnvironment } from '@temporalio/testing'
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker'
import { loadNetwork } from '../activities/network.js'
import { startDevnet } from '../devnet/anvil-cluster.js'
import { startDevnetRelayer } from '../devnet/relayer/devnet-relayer.js'
import { resolveTemporalCli } from '../ops/temporal-cli.js'
import { type Plan, type PlanAllocationInput, planAllocation } from '../policies/plan.js'
import { searchAttributes } from '../temporal.config.js'
import { fakePlan } from '../test/fake-chains.js'
import { authorizedMove } from '../test/move-authorization.js'
import { bundleWorkflows, createWorker } from '../worker/create-worker.js'
import { allocationCycle } from '../workflows/allocation-cycle.js'
import { executeMove } from '../workflows/execute-move.js'

const fixedPlans = new Map<string, Plan>()
const activityWorkflowId = () => Context.current().info.workflowExecution?.workflowId ?? ''

/**
 * Six cross-chain moves of idle USDC, each from another source chain, hub and spoke like the devnet's
 * LayerZero keys (and production): Ethereum <-> each L2, no L2 <-> L2.
 */
const sixMoves = [
  { from: 'idle:ethereum', to: 'base/aave/USDC', amount: '100' },
  { from: 'idle:base', to: 'ethereum/aave/USDC', amount: '100' },
  { from: 'idle:arbitrum', to: 'ethereum/aave/USDC', amount: '100' },
  { from: 'idle:optimism', to: 'ethereum/aave/USDC', amount: '100' },
  { from: 'idle:unichain', to: 'ethereum/aave/USDC', amount: '100' },
  { from: 'idle:avalanche', to: 'ethereum/aave/USDC', amount: '100' },
]

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
    activityOverrides: {
      // Only for the cycles named bench-fixed-*: a fixed plan (see the file comment); others plan for real.
      planAllocation: async (input: PlanAllocationInput) =>
        fixedPlans.get(activityWorkflowId()) ?? planAllocation(input),
    },
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
          await authorizedMove({
            planId: `bench-move-${i}`,
            index: 0,
            from: 'idle:base',
            to: 'ethereum/aave/USDC',
            amount: '100',
          }),
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

    // Concurrency: delivery delayed 2 s per packet.
    relayer.setFaults({ delayMs: 2_000 })
    const moveOnce = async (id: string, m: { from: string; to: string; amount: string }) => {
      const started = performance.now()
      const outcome = await client.workflow.execute(executeMove, {
        taskQueue,
        workflowId: `${id}/move-0`,
        args: [await authorizedMove({ planId: id, index: 0, ...m })],
      })
      if (outcome.status !== 'completed') throw new Error(`${id}: ${outcome.status} ${outcome.error}`)
      return performance.now() - started
    }
    const single: number[] = []
    for (let i = 0; i < 3; i++)
      single.push(await moveOnce(`bench-delayed-${i}`, sixMoves[1] as (typeof sixMoves)[1]))
    let sequential = 0
    for (const [i, m] of sixMoves.entries()) sequential += await moveOnce(`bench-sequential-${i}`, m)
    const fixedCycle = async (id: string, moves: typeof sixMoves) => {
      fixedPlans.set(id, fakePlan(moves))
      const started = performance.now()
      const result = await client.workflow.execute(allocationCycle, {
        taskQueue,
        workflowId: id,
        args: [{ policyPath: 'bench/policy-four-moves.yaml' }],
      })
      const wallMs = performance.now() - started
      const states = result.outcomes.map((o) => o.state)
      if (states.some((s) => s !== 'completed'))
        throw new Error(
          `${id}: ${states.join(', ')} ${JSON.stringify(result.outcomes.map((o) => o.outcome?.error).filter(Boolean))}`,
        )
      const children = await Promise.all(
        moves.map((_, i) => client.workflow.getHandle(`${id}/move-${i}`).describe()),
      )
      const events = (await client.workflow.getHandle(id).fetchHistory()).events?.length ?? 0
      return { wallMs, events, children }
    }
    const six = await fixedCycle('bench-fixed-six', sixMoves)
    const one = median(single)
    console.log(
      `delivery delayed 2 s/packet: one cross-chain move median ${one.toFixed(0)} ms (3 runs); six moves one after another ${sequential.toFixed(0)} ms (${(sequential / one).toFixed(1)}x, the cycle before issue 16); cycle with the six moves from distinct source chains ${six.wallMs.toFixed(0)} ms (${(six.wallMs / one).toFixed(1)}x one move, target <= 2x); history ${six.events} events`,
    )
    const pair = await fixedCycle('bench-fixed-pair', [
      { from: 'idle:base', to: 'idle:ethereum', amount: '100' },
      { from: 'idle:ethereum', to: 'ethereum/aave/USDC', amount: '100' },
    ])
    const [first, second] = pair.children
    const inOrder =
      first?.closeTime !== undefined &&
      second !== undefined &&
      second.startTime.getTime() >= first.closeTime.getTime()
    console.log(
      `cycle with a dependent pair (idle:base -> idle:ethereum, then idle:ethereum -> ethereum/aave/USDC): ${pair.wallMs.toFixed(0)} ms; second started ${second && first?.closeTime ? second.startTime.getTime() - first.closeTime.getTime() : Number.NaN} ms after the first closed: ${inOrder ? 'in order' : 'NOT IN ORDER'}`,
    )
    relayer.setFaults({ delayMs: 0 })

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
