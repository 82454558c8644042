import { NonRetryableError } from '../lib/errors.js'
import { marketIdChain } from '../policies/move-end.js'
import { chainNames, isChainName } from './names.js'
import { productionRegistry } from './production.js'
import type { ChainDeployment, OffboardedVenue, Registry, Venue } from './types.js'

/** A chain name that the registry does not know. */
export class UnsupportedChainError extends NonRetryableError {
  override readonly name = 'UnsupportedChainError'
  constructor(readonly chain: string) {
    super(`unsupported chain "${chain}"`, { instruction: `use one of: ${chainNames.join(', ')}` })
  }
}

/**
 * A venue (market) id that the chain's registry entry does not list among its venues; `offboarded` is set
 * when the id is one of the chain's `offboardedVenues` (never read, planned into or moved to).
 */
export class UnsupportedVenueError extends NonRetryableError {
  override readonly name = 'UnsupportedVenueError'
  constructor(
    readonly chain: string,
    readonly venueId: string,
    readonly known: readonly string[],
    readonly offboarded?: OffboardedVenue,
  ) {
    super(
      offboarded
        ? `venue "${venueId}" on ${chain} was offboarded on ${offboarded.offboardedOn} (${offboarded.reason})`
        : `unsupported venue "${venueId}" on ${chain}`,
      {
        instruction: offboarded
          ? `remove "${venueId}" from the policy's markets${known.length > 0 ? ` (still listed: ${known.join(', ')})` : ''}`
          : known.length > 0
            ? `use one of: ${known.join(', ')} (or add the venue to the registry in chains/)`
            : `${chain} has no venues in this registry; add one in chains/`,
      },
    )
  }
}

/**
 * The deployment of `chain` in `registry` (production by default); throws {@link UnsupportedChainError}
 * for an unknown name.
 */
export function getChainDeployment(chain: string, registry: Registry = productionRegistry): ChainDeployment {
  if (!isChainName(chain)) throw new UnsupportedChainError(chain)
  return registry[chain]
}

/**
 * The venue with market id `venueId` (e.g. `ethereum/sparklend/USDS`), searched on the chain named by the
 * id's first segment (production registry by default); throws {@link UnsupportedChainError} or
 * {@link UnsupportedVenueError} (with `offboarded` set for a venue of the chain's `offboardedVenues`).
 */
export function getVenue(
  venueId: string,
  registry: Registry = productionRegistry,
): { deployment: ChainDeployment; venue: Venue } {
  const chain = marketIdChain(venueId)
  const deployment = getChainDeployment(chain, registry)
  const venue = deployment.venues.find((v) => v.id === venueId)
  if (venue) return { deployment, venue }
  const offboarded = deployment.offboardedVenues?.find((o) => o.venue.id === venueId)
  throw new UnsupportedVenueError(
    chain,
    venueId,
    deployment.venues.map((v) => v.id),
    offboarded,
  )
}
