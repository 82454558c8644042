import { mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { Client, Connection, ScheduleOverlapPolicy } from '@temporalio/client'
import { devnetPortBase } from '../chains/devnet.js'
import { type Devnet, startDevnet } from '../devnet/anvil-cluster.js'
import type { AttestationService } from '../devnet/cctp/attestation-service.js'
import { attestationPortFromEnv, startDevnetAttestation } from '../devnet/cctp/devnet-attestation.js'
import { startDevnetRelayer } from '../devnet/relayer/devnet-relayer.js'
import type { Relayer } from '../devnet/relayer/relayer.js'
import { describeError } from '../lib/errors.js'
import { withholdSignerKey, workerEnv } from '../ops/child-env.js'
import { ProcessGroup, type TrackedChild } from '../ops/process-group.js'
import { formatSetupReport, setupNamespace } from '../ops/setup.js'
import { resolveTemporalCli } from '../ops/temporal-cli.js'
import { isListening, startDevServer, waitForTemporal } from '../ops/temporal-server.js'
import { loadPolicyFile } from '../policies/policy-file.js'
import { loadTemporalConfig } from '../temporal.config.js'
import { resolveMetricsEnv } from '../worker/metrics/start-env.js'

/**
 * `npm start`: everything a newcomer needs on one machine. Starts the six-chain devnet and its LayerZero
 * relayer, the Temporal dev server (or reuses one), the worker, and the allocation schedule on the devnet
 * policy, triggers a first cycle and prints where to look. Ctrl-C stops every child it started, by PID.
 */
async function main(): Promise<void> {
  // Only the worker signs: the devnet, the relayer and the Temporal server must not inherit the key.
  const signer = withholdSignerKey(process.env)
  const config = loadTemporalConfig()
  const metrics = await resolveMetricsEnv() // a bad SLL_METRICS_* value stops here
  const policyPath = resolve(process.env.SLL_POLICY ?? 'policies/devnet.yaml')
  const { policy, ref } = await loadPolicyFile(policyPath) // a bad policy stops here, with file:line:column
  const group = new ProcessGroup()
  const say = (line: string) => process.stderr.write(`[start] ${line}\n`)
  let devnet: Devnet | undefined
  let relayer: Relayer | undefined
  let attestation: AttestationService | undefined
  let stopping = false
  const shutdown = async (reason: string, code = 0) => {
    if (stopping) return
    stopping = true
    const children = group.children.map((c) => `${c.name} (pid ${c.pid})`)
    if (devnet) children.push(`devnet (pids ${Object.values(devnet.pids).join(', ')})`)
    say(`${reason}: stopping ${children.join(', ') || 'nothing'}`)
    await relayer?.stop()
    await attestation?.stop()
    await group.stopAll()
    await devnet?.stop()
    say('all stopped')
    process.exit(code)
  }
  process.once('SIGINT', () => void shutdown('SIGINT'))
  process.once('SIGTERM', () => void shutdown('SIGTERM'))

  try {
    const portBase = devnetPortBase()
    devnet = await startDevnet({ portBase, quiet: true })
    say(`devnet: six chains on ports ${portBase}..${portBase + 5} (booted in ${devnet.bootMs} ms)`)
    relayer = await startDevnetRelayer({
      portBase,
      controlPort: Number(process.env.SLL_RELAYER_CONTROL_PORT ?? 8560),
      log: (line) => process.stderr.write(`[relayer] ${line}\n`),
    })
    say(`LayerZero relayer: watching all chains; fault controls on ${relayer.controlUrl}`)
    attestation = await startDevnetAttestation({
      portBase,
      port: attestationPortFromEnv(),
      log: (line) => process.stderr.write(`[cctp] ${line}\n`),
    })
    say(
      `CCTP attestation API: ${attestation.url}/v1/attestations/<messageHash>; faults on ${attestation.url}/faults`,
    )
    // The chains start from the committed state at every boot: a fresh transaction journal goes with them.
    const stateDir = process.env.SLL_STATE_DIR ?? join(process.cwd(), '.sll-state')
    const journalDir = join(stateDir, `devnet-${Date.now()}`, 'tx-journal')
    mkdirSync(journalDir, { recursive: true })

    if (await isListening(config.address)) {
      say(`reusing the Temporal server already listening on ${config.address}`)
      await waitForTemporal(config.address, 10_000)
    } else {
      const cli = resolveTemporalCli({ log: say })
      say(`starting Temporal dev server (${cli.path}) on ${config.address}`)
      await startDevServer(
        group,
        {
          cliPath: cli.path,
          port: Number(config.address.split(':')[1]),
          uiPort: config.uiPort,
          namespace: config.namespace,
          dbFile: process.env.SLL_TEMPORAL_DB ?? join(process.cwd(), '.temporal', 'dev.db'),
        },
        (line) => process.stderr.write(`${line}\n`),
      )
    }

    const worker: TrackedChild = group.spawn(
      'worker',
      process.execPath,
      ['--import', 'tsx', 'worker/main.ts'],
      {
        stdio: ['ignore', 'inherit', 'inherit'],
        env: workerEnv(process.env, {
          signer,
          settings: {
            ...metrics.env,
            SLL_DEVNET_PORT_BASE: String(portBase),
            SLL_TX_JOURNAL_DIR: journalDir,
          },
        }),
      },
    )
    worker.child.once('exit', (code, signal) => {
      if (!stopping) void shutdown(`worker exited (code ${code}, signal ${signal})`, 1)
    })

    const connection = await Connection.connect({ address: config.address })
    const client = new Client({ connection, namespace: config.namespace })
    const interval = policy.schedule?.interval ?? '15m'
    // The same steps as `sll setup` (search attributes, schedule), so a dev server and a cluster match.
    const report = await setupNamespace(connection, client, config, { policyPath, interval })
    for (const line of formatSetupReport(report, { policyPath, interval })) say(`setup: ${line}`)
    const schedule = client.schedule.getHandle(config.scheduleId)
    await schedule.trigger(ScheduleOverlapPolicy.SKIP)
    await connection.close()
    say(
      `schedule "${config.scheduleId}": a cycle every ${interval} on ${ref.name} ` +
        `(${policyPath}, sha256 ${ref.sha256.slice(0, 12)}); first cycle triggered now`,
    )
    say(`Temporal Web UI: ${config.uiUrl}/namespaces/${config.namespace}/workflows`)
    say(`metrics: ${metrics.summary}`)
    say(
      'follow with `npx sll status`; approve large moves with `npx sll approve <plan-id> <move> --as ops-alice`',
    )
    say('press Ctrl-C to stop everything')
  } catch (error) {
    say(describeError(error))
    await shutdown('startup failed', 1)
  }
}

void main().catch((error: unknown) => {
  process.stderr.write(`[start] ${describeError(error)}\n`)
  process.exit(1)
})
