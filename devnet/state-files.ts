import { join } from 'node:path'
import { devnetStateDir } from '../chains/devnet.js'
import type { ChainName } from '../chains/names.js'

/** Gzipped anvil state (output of `anvil_dumpState`) of `chain`, committed under `devnet/state/`. */
export function devnetStateFile(chain: ChainName): string {
  return join(devnetStateDir, `${chain}.json.gz`)
}

/** The registry (`Registry` shape) of the built devnet. */
export const devnetRegistryFile: string = join(devnetStateDir, 'registry.json')

/** Everything else the build deployed (LayerZero workers, Aave internals, oracles, WETH, build info). */
export const devnetDeploymentFile: string = join(devnetStateDir, 'deployment.json')
