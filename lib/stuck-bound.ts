/**
 * How long a broadcast transaction may stay unmined before it is replaced with bumped fees, per chain
 * (`SLL_TX_STUCK_AFTER_SECONDS_<CHAIN>`). Pure: parsed from an env object given by the caller.
 *
 * @module
 */
import { type ChainName, chainNames, isChainName } from '../chains/names.js'
import { NonRetryableError } from './errors.js'

/** Seconds per chain after which an unmined transaction is replaced. */
export type StuckBounds = Record<ChainName, number>

/**
 * Defaults: about five blocks on Ethereum (12 s blocks), 30 s on the L2s and Avalanche (blocks of 0.25 to
 * 2 s: a transaction pending that long is underpriced, not unlucky).
 */
export const defaultStuckBounds: StuckBounds = {
  ethereum: 60,
  base: 30,
  arbitrum: 30,
  optimism: 30,
  unichain: 30,
  avalanche: 30,
}

/** Used for a chain outside the six (a test anvil). */
export const FALLBACK_STUCK_SECONDS = 30
const MAX_STUCK_SECONDS = 3_600

/** An env variable holding a stuck bound is not a whole number of seconds in 1..3600. */
export class StuckBoundConfigError extends NonRetryableError {
  override readonly name = 'StuckBoundConfigError'
}

/** The env variable of a chain's stuck bound, e.g. `SLL_TX_STUCK_AFTER_SECONDS_BASE`. */
export const stuckBoundVariable = (chain: ChainName): string =>
  `SLL_TX_STUCK_AFTER_SECONDS_${chain.toUpperCase()}`

/**
 * Reads the bounds from `env`; an unset or empty variable keeps {@link defaultStuckBounds}.
 *
 * @throws {StuckBoundConfigError} naming the variable and the fix, for a value outside 1..3600 seconds.
 */
export function parseStuckBounds(env: Readonly<Record<string, string | undefined>>): StuckBounds {
  const bounds = { ...defaultStuckBounds }
  for (const chain of chainNames) {
    const variable = stuckBoundVariable(chain)
    const value = env[variable]
    if (value === undefined || value === '') continue
    const seconds = /^\d{1,4}$/.test(value.trim()) ? Number(value.trim()) : 0
    if (seconds < 1 || seconds > MAX_STUCK_SECONDS) {
      throw new StuckBoundConfigError(
        `${variable}=${JSON.stringify(value)} is not a whole number of seconds in 1..${MAX_STUCK_SECONDS}`,
        {
          instruction: `Set ${variable} to how long a transaction may stay unmined before its fees are bumped, e.g. ${defaultStuckBounds[chain]}.`,
        },
      )
    }
    bounds[chain] = seconds
  }
  return bounds
}

/** The bound of a chain by endpoint name, in ms ({@link FALLBACK_STUCK_SECONDS} outside the six). */
export function stuckAfterMs(bounds: StuckBounds, chain: string): number {
  return (isChainName(chain) ? bounds[chain] : FALLBACK_STUCK_SECONDS) * 1000
}
