/**
 * Per-process cache of Aave reserve addresses that the registry does not list (debt tokens, interest rate
 * strategy). Filled by a discovery read on first use; every later snapshot re-checks the cached addresses
 * inside its own multicall (`Pool.getReserveData`), so a governance change is noticed at once and costs one
 * extra request, while the steady state costs one request per chain.
 *
 * @module
 */
import type { AaveVenue } from '../../chains/types.js'
import type { ReserveAddresses } from './raw.js'

const cache = new Map<string, ReserveAddresses>()

const keyOf = (chainId: number, venue: AaveVenue) =>
  `${chainId}:${venue.pool.toLowerCase()}:${venue.underlying.toLowerCase()}`

/** The reserve's addresses from the registry's static hints, if it lists all of them. */
function fromRegistry(venue: AaveVenue): ReserveAddresses | undefined {
  const { variableDebtToken, stableDebtToken, interestRateStrategy } = venue
  if (!variableDebtToken || !stableDebtToken || !interestRateStrategy) return undefined
  return { aToken: venue.aToken, variableDebtToken, stableDebtToken, interestRateStrategy }
}

/** Known addresses of a reserve (cache first, then registry hints), or undefined (discovery needed). */
export function knownReserveAddresses(chainId: number, venue: AaveVenue): ReserveAddresses | undefined {
  return cache.get(keyOf(chainId, venue)) ?? fromRegistry(venue)
}

/** Records a reserve's addresses as read from its pool. */
export function rememberReserveAddresses(
  chainId: number,
  venue: AaveVenue,
  addresses: ReserveAddresses,
): void {
  cache.set(keyOf(chainId, venue), addresses)
}

/** Empties the cache (tests; or after a registry reload). */
export function clearReserveAddressCache(): void {
  cache.clear()
}
