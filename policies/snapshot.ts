import { z } from 'zod'
import { assets, chainNames } from '../chains/names.js'
import { hasControlChars, quoteUntrusted } from '../lib/safe-text.js'
import { idSchema, MAX_LIST, MAX_USD } from './input-limits.js'
import { rateLimitsSectionSchema } from './rate-limit-snapshot.js'

/** Protocols a market can belong to (spec `docs/plan-cli.md`). */
export const protocols = ['sparklend', 'aave', 'morpho', 'savings'] as const

/**
 * A non-negative decimal amount in whole USD, as a string (or a number, accepted for convenience), at most
 * {@link MAX_USD} and with at most 40 characters.
 */
export const usdAmountSchema = z.union([z.string(), z.number()]).transform((value, ctx) => {
  const text = typeof value === 'number' ? String(value) : value.trim()
  if (text.length > 40 || !/^\d+(\.\d+)?$/.test(text)) {
    ctx.addIssue({
      code: 'custom',
      message: `must be a non-negative decimal amount such as "1500000" or "12.5", got ${quoteUntrusted(value, 40)}`,
    })
    return z.NEVER
  }
  if (!(Number(text) <= MAX_USD)) {
    ctx.addIssue({ code: 'custom', message: 'must be at most 1e15 USD (1000000000000000)' })
    return z.NEVER
  }
  return text
})

const usd = z.number().min(0).max(MAX_USD)

const rateFraction = z.number().min(0).max(100)
const unitFraction = z.number().min(0).max(1)

/** Kinked borrow curve of Aave V3 / SparkLend. */
export const kinkedRateModelSchema = z.strictObject({
  kind: z.literal('kinked'),
  baseRate: rateFraction,
  slope1: rateFraction,
  slope2: rateFraction,
  optimalUtilization: z.number().gt(0).lt(1),
  reserveFactor: unitFraction,
})

/** Morpho Blue AdaptiveCurveIrm, frozen at the snapshot's rateAtTarget. */
export const adaptiveCurveRateModelSchema = z.strictObject({
  kind: z.literal('adaptive-curve'),
  rateAtTarget: rateFraction,
  fee: unitFraction,
  targetUtilization: z.number().gt(0).lt(1).default(0.9),
  curveSteepness: z.number().gt(1).default(4),
})

/** A rate that does not depend on size (sUSDS savings rate). */
export const fixedRateModelSchema = z.strictObject({
  kind: z.literal('fixed'),
  rate: rateFraction,
})

/** Rate model of a market, discriminated by `kind`. */
export const rateModelSchema = z.discriminatedUnion('kind', [
  kinkedRateModelSchema,
  adaptiveCurveRateModelSchema,
  fixedRateModelSchema,
])

/** One market of a snapshot (amounts are decimal strings in whole USD). */
export const snapshotMarketSchema = z.strictObject({
  id: idSchema('market id', 'ethereum/sparklend/USDS'),
  chain: z.enum(chainNames),
  protocol: z.enum(protocols),
  asset: z.enum(assets),
  totalSupply: usdAmountSchema,
  totalBorrow: usdAmountSchema,
  position: usdAmountSchema,
  supplyCap: usdAmountSchema.nullable().optional(),
  rateModel: rateModelSchema,
})

const hours = z.number().min(0).max(8760, { message: 'must be at most 8760 hours (a year)' })

/** Optional move costs (spec `costs`). */
export const costsSchema = z.strictObject({
  txUsd: z.partialRecord(z.enum(chainNames), usd).default({}),
  bridgeUsd: usd.default(0),
  bridgeHours: z.number().min(0).max(8760, { message: 'must be at most 8760 hours (a year)' }).default(0),
  /** Extension: CCTP fee per USDC move (USD); with `cctpHours`, offers CCTP beside LayerZero for USDC. */
  cctpUsd: usd.optional(),
  /** Extension: CCTP transit time (hours: attestation wait, ~0.3 from Ethereum, less from L2s). */
  cctpHours: z.number().min(0).max(8760, { message: 'must be at most 8760 hours (a year)' }).optional(),
  /**
   * Extension: per directed chain pair, the bridge costs that replace the four above for moves along it
   * (the live snapshot's, `activities/markets/cost-section.ts`). A pair listed without `cctpUsd` /
   * `cctpHours` has no CCTP route (no mint recipient, or a zero USDC_TO_DOMAIN key).
   */
  routes: z
    .array(
      z.strictObject({
        from: z.enum(chainNames),
        to: z.enum(chainNames),
        bridgeUsd: usd,
        bridgeHours: hours,
        cctpUsd: usd.optional(),
        cctpHours: hours.optional(),
      }),
    )
    .max(MAX_LIST, { message: `list at most ${MAX_LIST} routes` })
    .optional(),
})

/** The market snapshot of `docs/plan-cli.md`, version 1. */
export const snapshotSchema = z.strictObject({
  version: z.literal(1),
  takenAt: z
    .string()
    .max(64, { message: 'must be a timestamp such as "2026-11-24T12:00:00Z"' })
    .refine((t) => !hasControlChars(t), { message: 'must be a timestamp such as "2026-11-24T12:00:00Z"' }),
  markets: z.array(snapshotMarketSchema).max(MAX_LIST, { message: `list at most ${MAX_LIST} markets` }),
  idle: z
    .array(z.strictObject({ chain: z.enum(chainNames), amount: usdAmountSchema }))
    .max(MAX_LIST, { message: `list at most ${MAX_LIST} idle entries` })
    .default([]),
  costs: costsSchema.optional(),
  /** Extension: on-chain rate limits of the keys moves draw on (`policies/rate-limit-snapshot.ts`). */
  rateLimits: rateLimitsSectionSchema.optional(),
})

/** A validated snapshot (amounts still decimal strings). */
export type Snapshot = z.output<typeof snapshotSchema>
/** The JSON shape accepted as input (amounts as strings or numbers). */
export type SnapshotInput = z.input<typeof snapshotSchema>
/** One market of a {@link Snapshot}. */
export type SnapshotMarket = z.output<typeof snapshotMarketSchema>
/** A market's rate model. */
export type RateModel = z.output<typeof rateModelSchema>
