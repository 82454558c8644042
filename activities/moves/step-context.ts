import { erc20Abi } from 'viem'
import type { ChainName } from '../../chains/names.js'
import { NonRetryableError } from '../../lib/errors.js'
import type { MoveRoute, Stablecoin } from '../../policies/route.js'
import { getPublicClient } from '../clients.js'
import type { Network } from '../network.js'
import type { RateLimitPrediction } from './controller.js'

/** A chain lacks the contract a step needs. */
export class MissingDeploymentError extends NonRetryableError {
  override readonly name = 'MissingDeploymentError'
}

/** Input of every step: the move's workflow id (the idempotency namespace) and its route. */
export type StepInput = { moveKey: string; route: MoveRoute }

/**
 * Result of a transaction step, JSON-safe: the controller calls it sent and, per rate-limit key they drew
 * on, the predicted state right after.
 */
export type StepResult = { txHashes: string[]; rateLimits: RateLimitPrediction[] }

/**
 * What every move step shares: the network, its registry, token / OFT lookups, and a reader of the
 * ALMProxy's balances (the money is the ALMProxy's; the signer is the RELAYER and holds gas only).
 */
export type StepContext = ReturnType<typeof createStepContext>

/** Builds the {@link StepContext} of a network (once per worker, see `createMoveSteps`). */
export function createStepContext(network: Network) {
  const { registry } = network
  /** The ALMProxy of `chain`: holds every token the moves touch. */
  const proxyOf = (chain: ChainName) => network.sll(chain).almProxy
  const token = (chain: ChainName, asset: Stablecoin) => registry[chain].tokens[asset]
  const oftOf = (chain: ChainName, asset: Stablecoin) => {
    const oft = registry[chain].layerZero.ofts[asset]
    if (!oft) {
      throw new MissingDeploymentError(`no LayerZero OFT for ${asset} on ${chain}`, {
        instruction: `Add the ${asset} OFT of ${chain} to the chain registry, or remove routes that bridge ${asset} from ${chain}.`,
      })
    }
    return oft
  }
  const balanceOf = async (chain: ChainName, asset: Stablecoin): Promise<bigint> =>
    getPublicClient(network.endpoint(chain)).readContract({
      address: token(chain, asset),
      abi: erc20Abi,
      functionName: 'balanceOf',
      args: [proxyOf(chain)],
    })

  return { network, registry, proxyOf, token, oftOf, balanceOf }
}
