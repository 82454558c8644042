import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadNetwork, type Network } from '../activities/network.js'
import { type Devnet, startDevnet } from '../devnet/anvil-cluster.js'
import { startDevnetRelayer } from '../devnet/relayer/devnet-relayer.js'
import type { RelayerFaults } from '../devnet/relayer/faults.js'
import type { Relayer } from '../devnet/relayer/relayer.js'

/** A devnet, its relayer and the worker-side network settings for one test file. */
export type DevnetStack = {
  devnet: Devnet
  relayer: Relayer
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
  const start = (faults?: Partial<RelayerFaults>) =>
    startDevnetRelayer({ portBase: options.portBase, ...(faults ? { faults } : {}) })
  const stack: DevnetStack = {
    devnet,
    relayer: await start(options.faults),
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
      await devnet.stop()
    },
  }
  return stack
}
