import { DevnetRegistryError, devnetPortBase, devnetRpcUrl } from '../../chains/devnet.js'
import { devnetAccounts } from '../../chains/devnet-accounts.js'
import { chainNames } from '../../chains/names.js'
import { loadDevnetDeployment } from '../deployment.js'
import type { RelayerFaults } from './faults.js'
import { type Relayer, type StartRelayerArgs, startRelayer } from './relayer.js'

/**
 * Relayer arguments for the committed devnet: the LayerZero workers of `devnet/state/deployment.json` on
 * all six chains, the devnet DVN signer, and the deployer as DVN / Executor admin. Scans from block 0, so a
 * restarted relayer finds every packet (delivered ones are skipped by reading destination state).
 */
export function devnetRelayerArgs(
  options: {
    portBase?: number
    latencyMs?: number
    faults?: Partial<RelayerFaults>
    controlPort?: number
  } = {},
): StartRelayerArgs {
  const deployment = loadDevnetDeployment()
  const portBase = options.portBase ?? devnetPortBase()
  return {
    chains: chainNames.map((name) => {
      const lz = deployment.chains[name].layerZero
      if (!lz) {
        throw new DevnetRegistryError('devnet/state/deployment.json', `no LayerZero deployment on ${name}`)
      }
      return {
        name,
        eid: deployment.chains[name].eid,
        rpcUrl: devnetRpcUrl(name, portBase),
        endpoint: lz.endpoint,
        receiveLib: lz.receiveLib,
        dvn: lz.dvn,
        executor: lz.executor,
      }
    }),
    dvnSignerKey: devnetAccounts.dvnSigner.privateKey,
    executorAdminKey: devnetAccounts.deployer.privateKey,
    ...(options.latencyMs === undefined ? {} : { latencyMs: options.latencyMs }),
    ...(options.faults ? { faults: options.faults } : {}),
    ...(options.controlPort === undefined ? {} : { controlPort: options.controlPort }),
  }
}

/** Starts the relayer on the devnet (see {@link devnetRelayerArgs}). */
export function startDevnetRelayer(
  options: Parameters<typeof devnetRelayerArgs>[0] & { log?: (line: string) => void } = {},
): Promise<Relayer> {
  return startRelayer({ ...devnetRelayerArgs(options), ...(options.log ? { log: options.log } : {}) })
}
