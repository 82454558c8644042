import type { Address } from 'viem'
import type { ControllerVersion } from '../sll/abis.js'
import { type ChainName, chainNames } from './names.js'
import { productionSll as productionRegistrySll } from './production.js'
import type { ChainSllDeployment } from './sll-types.js'

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
 * Production SLL deployments for execution, taken from the production registry v2
 * (`chains/production.ts` `productionSll`). A chain is listed only when everything execution needs is
 * recorded there: a PSM with what prices it (the LitePSM on Ethereum; a PSM3 with its rate provider, which
 * the notes do not give yet for the L2s). A chain left out can read and plan but refuses to execute
 * (MissingDeploymentError naming the chain).
 */
export const productionSll: SllDeployments = Object.fromEntries(
  chainNames.flatMap((chain) => {
    const entry: ChainSllDeployment = productionRegistrySll[chain]
    const psm = entry.psm
    if (!psm) return []
    if (psm.kind === 'psm3' && !psm.rateProvider) return []
    const deployment: SllChainDeployment = {
      controllerVersion: entry.controllerVersion,
      almProxy: entry.almProxy,
      controller: entry.controller,
      rateLimits: entry.rateLimits,
      psm:
        psm.kind === 'litePsm'
          ? { kind: 'litePsm', address: psm.address }
          : { kind: 'psm3', address: psm.address, rateProvider: psm.rateProvider as Address },
    }
    return [[chain, deployment]]
  }),
)
