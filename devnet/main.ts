/**
 * `npm run devnet`: starts the six local chains from the committed state and the local LayerZero relayer,
 * prints their ports and stays up until SIGINT / SIGTERM, then stops the relayer and every anvil by PID.
 * `SLL_RELAYER_CONTROL_PORT` (default 8560) serves the relayer's fault controls (see devnet/relayer/README.md).
 * `SLL_CCTP_ATTESTATION_PORT` (default 8561) serves the CCTP attestation API and its fault controls
 * (see devnet/cctp/README.md).
 */
import { devnetChainIds, devnetEids } from '../chains/devnet.js'
import { chainNames } from '../chains/names.js'
import { describeError } from '../lib/errors.js'
import { startDevnet } from './anvil-cluster.js'
import { attestationPortFromEnv, startDevnetAttestation } from './cctp/devnet-attestation.js'
import { startDevnetRelayer } from './relayer/devnet-relayer.js'

async function main(): Promise<void> {
  const devnet = await startDevnet({ quiet: true })
  console.log(`devnet up in ${devnet.bootMs} ms (state: devnet/state/, registry: devnet/state/registry.json)`)
  console.table(
    chainNames.map((chain) => ({
      chain,
      chainId: devnetChainIds[chain],
      eid: devnetEids[chain],
      rpc: devnet.rpcUrls[chain],
      pid: devnet.pids[chain],
    })),
  )
  const relayer = await startDevnetRelayer({
    controlPort: Number(process.env.SLL_RELAYER_CONTROL_PORT ?? 8560),
    log: (line) => console.log(`[relayer] ${line}`),
  })
  console.log(`LayerZero relayer watching all six chains; fault controls on ${relayer.controlUrl}`)
  const attestation = await startDevnetAttestation({
    port: attestationPortFromEnv(),
    log: (line) => console.log(`[cctp] ${line}`),
  })
  console.log(
    `CCTP attestation API on ${attestation.url}/v1/attestations/<messageHash> (faults: ${attestation.url}/faults)`,
  )
  console.log('Ctrl-C stops the relayer and all chains.')
  let stopping = false
  const shutdown = (signal: string) => {
    if (stopping) return
    stopping = true
    console.log(`${signal}: stopping devnet`)
    relayer
      .stop()
      .then(() => attestation.stop())
      .then(() => devnet.stop())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          console.error(describeError(error))
          process.exit(1)
        },
      )
  }
  process.on('SIGINT', () => shutdown('SIGINT'))
  process.on('SIGTERM', () => shutdown('SIGTERM'))
  process.on('SIGHUP', () => shutdown('SIGHUP'))
}

main().catch((error: unknown) => {
  console.error(describeError(error))
  process.exit(1)
})
