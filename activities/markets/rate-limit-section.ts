/**
 * Pure assembly of the snapshot's `rateLimits` section (`policies/rate-limit-snapshot.ts`, version 1) from
 * the keys read in each chain's multicall. No I/O.
 *
 * An unset key (never set by governance: `maxAmount` 0, every draw reverts `RateLimits/zero-maxAmount`) is
 * present with `maxAmount` "0" and `unlimited` false: its capacity is 0, so a planner never routes through it.
 * An unlimited key (`setUnlimitedRateLimitData`, maxAmount 2^256 - 1) is present with `unlimited` true.
 *
 * @module
 */
import type { ChainName } from '../../chains/names.js'
import type { RateLimitKeySnapshot, RateLimitsSection } from '../../policies/rate-limit-snapshot.js'
import type { GuardedKeyRead } from './preflight-plan.js'

/** `setUnlimitedRateLimitData`'s maxAmount (2^256 - 1); no viem import: workflows import this module. */
const MAX_UINT256 = 2n ** 256n - 1n

/** The keys of one chain as read (raw), with the block timestamp of the read. */
export type RawRateLimits = { nowSeconds: bigint; keys: GuardedKeyRead[] }

/** USD per sUSDS from a savings vault's totals (assets per share), or undefined for an empty vault. */
export function sUsdsUsdPerToken(totalAssets: bigint, totalSupply: bigint): number | undefined {
  if (totalSupply === 0n) return undefined
  return Number((totalAssets * 10n ** 18n) / totalSupply) / 1e18
}

/**
 * One chain's keys as section entries. `sUsdsUsd` prices the keys counted in sUSDS (the snapshot's sUSDS
 * rate); without one they are priced at 1 and {@link assembleRateLimits} re-prices them.
 */
export function toRateLimitKeys(
  chain: ChainName,
  raw: RawRateLimits,
  sUsdsUsd: number | undefined,
): RateLimitKeySnapshot[] {
  return raw.keys.map((k) => ({
    key: k.key,
    chain,
    guards: k.guards,
    unlimited: k.data.maxAmount === MAX_UINT256,
    decimals: k.decimals,
    usdPerToken: k.unit === 'sUSDS' ? (sUsdsUsd ?? 1) : 1,
    maxAmount: k.data.maxAmount.toString(),
    slope: k.data.slope.toString(),
    lastAmount: k.data.lastAmount.toString(),
    lastUpdated: k.data.lastUpdated.toString(),
    readAt: raw.nowSeconds.toString(),
    ...(k.oftMaxAmount === undefined ? {} : { oftMaxAmount: k.oftMaxAmount.toString() }),
  }))
}

/** Whether a section key counts in sUSDS (the PSM3 keys of sUSDS). */
export function countsInSUsds(k: RateLimitKeySnapshot): boolean {
  return (
    (k.guards.action === 'psm-deposit' || k.guards.action === 'psm-withdraw') && k.guards.asset === 'sUSDS'
  )
}

/**
 * The section from every chain's keys, or undefined when no chain read any (no SLL deployment known).
 * Chains without their own sUSDS rate get `fallbackSUsdsUsd` (the first chain's that has one).
 */
export function assembleRateLimits(
  perChain: ReadonlyArray<{ rateLimits?: RateLimitKeySnapshot[]; sUsdsUsd?: number }>,
): RateLimitsSection | undefined {
  const withKeys = perChain.filter((c) => c.rateLimits)
  if (withKeys.length === 0) return undefined
  const fallback = perChain.find((c) => c.sUsdsUsd !== undefined)?.sUsdsUsd
  const keys = withKeys.flatMap((c) =>
    (c.rateLimits ?? []).map((k) =>
      c.sUsdsUsd === undefined && fallback !== undefined && countsInSUsds(k)
        ? { ...k, usdPerToken: fallback }
        : k,
    ),
  )
  return { version: 1, keys }
}
