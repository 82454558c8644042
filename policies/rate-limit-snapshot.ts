import { z } from 'zod'
import { assets, chainNames } from '../chains/names.js'
import { idSchema, MAX_LIST } from './input-limits.js'

/**
 * The optional `rateLimits` section of a snapshot (a compatible extension of `docs/plan-cli.md`, version 1):
 * the on-chain `RateLimits.getRateLimitData` of every key a move could draw on, as read in the chain's
 * snapshot multicall, so that `sll plan --snapshot` replays the same limits offline.
 *
 * Amounts are the chain's own numbers (token base units, decimal strings; `slope` per second), exact. USD
 * follows from `decimals` and `usdPerToken` (1 for USDS / USDC, the sUSDS conversion rate for keys counted
 * in sUSDS): `usd = amount / 10^decimals * usdPerToken`. The capacity at a time `t` (seconds) is
 * `unlimited ? infinite : min(maxAmount, lastAmount + slope * (t - lastUpdated))`, `t` on the chain's clock:
 * `readAt` is the block timestamp of the read.
 *
 * @module
 */

/** A uint256 as a decimal string (at most 78 digits). */
const uint256Text = z.string().regex(/^\d{1,78}$/, {
  message: 'must be a non-negative integer as a decimal string, such as "1000000000000"',
})

const chain = z.enum(chainNames)
const stablecoin = z.enum(['USDS', 'USDC'])

/** What a rate-limit key guards: the controller action that draws on it. */
export const rateLimitGuardSchema = z.discriminatedUnion('action', [
  /** Deposit into a venue (Aave / SparkLend `depositAave`, ERC-4626 `depositERC4626`). */
  z.strictObject({ action: z.literal('deposit'), market: idSchema('market id', 'ethereum/sparklend/USDS') }),
  /** Withdraw from a venue (`withdrawAave`, `withdrawERC4626` / `redeemERC4626`). */
  z.strictObject({ action: z.literal('withdraw'), market: idSchema('market id', 'ethereum/sparklend/USDS') }),
  /** PSM3 deposit of `asset` (foreign chains: converting `asset` into another asset starts here). */
  z.strictObject({ action: z.literal('psm-deposit'), chain, asset: z.enum(assets) }),
  /** PSM3 withdraw of `asset` (foreign chains: the asset that comes out). */
  z.strictObject({ action: z.literal('psm-withdraw'), chain, asset: z.enum(assets) }),
  /** Ethereum: `swapUSDSToUSDC` and `swapUSDCToUSDS` (LitePSM) share `USDS_TO_USDC` (the reverse refills it). */
  z.strictObject({ action: z.literal('usds-to-usdc'), chain }),
  /** Ethereum: `mintUSDS` / `burnUSDS` (`USDS_MINT`). */
  z.strictObject({ action: z.literal('usds-mint'), chain }),
  /** LayerZero `transferTokenLayerZero` of the `asset` OFT from `chain` to `toChain` (key per OFT and eid). */
  z.strictObject({ action: z.literal('layerzero'), chain, toChain: chain, asset: stablecoin }),
  /** CCTP: `transferUSDCToCCTP` from `chain`, any destination (`USDC_TO_CCTP`). */
  z.strictObject({ action: z.literal('cctp'), chain }),
  /** CCTP: `transferUSDCToCCTP` from `chain` to `toChain`'s domain (`USDC_TO_DOMAIN`). */
  z.strictObject({ action: z.literal('cctp-domain'), chain, toChain: chain }),
])

/** What a key guards. */
export type RateLimitGuard = z.output<typeof rateLimitGuardSchema>

/** One rate-limit key as read on chain. */
export const rateLimitKeySchema = z
  .strictObject({
    /** The bytes32 key (`sll/keys.ts`). */
    key: z
      .string()
      .regex(/^0x[0-9a-fA-F]{64}$/, { message: 'must be a bytes32 hex string (0x + 64 hex digits)' }),
    /** Chain whose RateLimits contract holds the key. */
    chain,
    guards: rateLimitGuardSchema,
    /** Set with `setUnlimitedRateLimitData` (maxAmount = 2^256 - 1): never binds. */
    unlimited: z.boolean(),
    /** Decimals of the token the key counts in (6 for USDC, 18 for USDS / sUSDS). */
    decimals: z.number().int().min(0).max(36),
    /** USD per whole token the key counts in (1 at par; the sUSDS rate for sUSDS keys). */
    usdPerToken: z.number().gt(0).max(1e6).default(1),
    maxAmount: uint256Text,
    /** Regeneration per second, token base units. */
    slope: uint256Text,
    lastAmount: uint256Text,
    /** Seconds (chain clock) of the last update. */
    lastUpdated: uint256Text,
    /** Seconds (chain clock): block timestamp of the read. */
    readAt: uint256Text,
    /**
     * LayerZero keys only: what the OFT itself lets be sent to that destination at `readAt` (`quoteOFT`'s
     * `maxAmountLD`, token base units: an OFT with its own outbound rate limiter reports its room; "0" when the
     * OFT refuses to quote, e.g. paused). Absent: not read. The key's capacity is the smaller of the two; the
     * OFT's room is not assumed to regenerate (the generic OFT interface does not say how it does).
     */
    oftMaxAmount: uint256Text.optional(),
  })
  .refine((k) => k.oftMaxAmount === undefined || k.guards.action === 'layerzero', {
    message: 'oftMaxAmount is only for keys that guard a LayerZero transfer (guards.action "layerzero")',
    path: ['oftMaxAmount'],
  })

/** One key of the `rateLimits` section. */
export type RateLimitKeySnapshot = z.output<typeof rateLimitKeySchema>

/** The `rateLimits` section of a snapshot. */
export const rateLimitsSectionSchema = z.strictObject({
  version: z.literal(1),
  keys: z.array(rateLimitKeySchema).max(MAX_LIST * 8, { message: `list at most ${MAX_LIST * 8} keys` }),
})

/** The `rateLimits` section of a snapshot (absent: the planner knows no on-chain limits). */
export type RateLimitsSection = z.output<typeof rateLimitsSectionSchema>

/**
 * The capacity of a key (token base units) at chain time `atSeconds`, or `undefined` when unlimited.
 * Same formula as `RateLimits.getCurrentRateLimit`; a time before `lastUpdated` counts as no time passed.
 * A LayerZero key's capacity is also at most its OFT's own room (`oftMaxAmount`, constant).
 */
export function keyCapacityAt(k: RateLimitKeySnapshot, atSeconds: bigint): bigint | undefined {
  const oft = k.oftMaxAmount === undefined ? undefined : BigInt(k.oftMaxAmount)
  if (k.unlimited) return oft
  const last = BigInt(k.lastUpdated)
  const elapsed = atSeconds > last ? atSeconds - last : 0n
  const grown = BigInt(k.lastAmount) + BigInt(k.slope) * elapsed
  const max = BigInt(k.maxAmount)
  const capacity = grown < max ? grown : max
  return oft !== undefined && oft < capacity ? oft : capacity
}

/** Whether the OFT's own room, not the key, bounds a LayerZero key's capacity at `atSeconds`. */
export function oftRoomBinds(k: RateLimitKeySnapshot, atSeconds: bigint): boolean {
  if (k.oftMaxAmount === undefined) return false
  const own = keyCapacityAt({ ...k, oftMaxAmount: undefined }, atSeconds)
  return own === undefined || BigInt(k.oftMaxAmount) < own
}

/** Token base units of a key as USD (a float: planning precision). */
export function keyAmountUsd(k: RateLimitKeySnapshot, amount: bigint): number {
  return (Number(amount) / 10 ** k.decimals) * k.usdPerToken
}
