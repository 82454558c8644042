import type { Address } from 'viem'
import type { ControllerVersion } from '../sll/abis.js'
import type { ChainName } from './names.js'

/**
 * What the orchestrator needs of one chain's SLL deployment to execute moves as the RELAYER: the ALMProxy
 * (holds the money), the controller (the only contract the relayer calls) and its version (chooses the
 * ABI), RateLimits (read to predict each step), and the PSM the controller swaps through (LitePSM on
 * Ethereum, PSM3 on the L2s).
 */
export type SllChainDeployment = {
  controllerVersion: ControllerVersion
  almProxy: Address
  controller: Address
  rateLimits: Address
  psm: { kind: 'litePsm'; address: Address } | { kind: 'psm3'; address: Address; rateProvider: Address }
}

/** SLL deployments per chain; a chain without one cannot execute moves (reads still work). */
export type SllDeployments = Partial<Record<ChainName, SllChainDeployment>>

/**
 * Production SLL deployments (controllers, RateLimits, ALMProxies, PSMs per chain). Empty until the
 * production registry helper fills it from spark-address-registry: until then `SLL_NETWORK=production`
 * can read and plan but refuses to execute (MissingDeploymentError naming the chain).
 */
export const productionSll: SllDeployments = {}
