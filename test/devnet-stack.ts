import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadNetwork, type Network } from '../activities/network.js'
import { type Devnet, startDevnet } from '../devnet/anvil-cluster.js'
import type { AttestationService } from '../devnet/cctp/attestation-service.js'
import { startDevnetAttestation } from '../devnet/cctp/devnet-attestation.js'
import { startDevnetRelayer } from '../devnet/relayer/devnet-relayer.js'
import type { RelayerFaults } from '../devnet/relayer/faults.js'
import type { Relayer } from '../devnet/relayer/relayer.js'

/** A devnet, its relayer and the worker-side network settings for one test file. */
export type DevnetStack = {
  devnet: Devnet
  relayer: Relayer
  /**
   * The devnet CCTP attestation service (free port): the live cycle plans USDC over CCTP where it is
   * cheaper, so every stack attests. Its URL is `SLL_CCTP_ATTESTATION_URL` in `env` and in this process.
   */
  attestation: AttestationService
  network: Network
  env: NodeJS.ProcessEnv
  portBase: number
  /** Replaces the relayer by a fresh one (a restart: it rescans and delivers what is pending). */
  restartRelayer: (faults?: Partial<RelayerFaults>) => Promise<Relayer>
  stop: () => Promise<void>
}

/**
 * Starts the six-chain devnet on `portBase`, the LayerZero relayer, and a network context whose
 * transaction journal lives in a fresh temporary directory.
 */
export async function startDevnetStack(options: {
  portBase: number
  faults?: Partial<RelayerFaults>
}): Promise<DevnetStack> {
  const devnet = await startDevnet({ portBase: options.portBase, quiet: true })
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    SLL_NETWORK: 'devnet',
    SLL_DEVNET_PORT_BASE: String(options.portBase),
    SLL_TX_JOURNAL_DIR: join(mkdtempSync(join(tmpdir(), 'sll-journal-')), 'tx-journal'),
  }
  const attestation = await startDevnetAttestation({ portBase: options.portBase, port: 0 })
  env.SLL_CCTP_ATTESTATION_URL = attestation.url
  // In-process workers (`startTestWorker`) read it from this process's environment.
  process.env.SLL_CCTP_ATTESTATION_URL = attestation.url
  const start = (faults?: Partial<RelayerFaults>) =>
    startDevnetRelayer({ portBase: options.portBase, ...(faults ? { faults } : {}) })
  const stack: DevnetStack = {
    devnet,
    relayer: await start(options.faults),
    attestation,
    network: loadNetwork(env),
    env,
    portBase: options.portBase,
    restartRelayer: async (faults) => {
      await stack.relayer.stop()
      stack.relayer = await start(faults)
      return stack.relayer
    },
    stop: async () => {
      await stack.relayer.stop()
      await attestation.stop()
      await devnet.stop()
    },
  }
  return stack
}
