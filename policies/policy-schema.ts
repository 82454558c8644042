import { z } from 'zod'
import { assets, chainNames } from '../chains/names.js'
import { idSchema, MAX_LIST, MAX_USD } from './input-limits.js'
import { protocols } from './snapshot.js'

const amountMessage = 'must be a non-negative amount in USD: a number or a decimal string such as "1500000"'
const tooLargeMessage =
  'must be a finite amount of at most 1e15 USD (1000000000000000): write it in whole USD'

/** A non-negative USD amount: a number or a decimal string ("1500000", "12.5"), finite and at most {@link MAX_USD}. */
export const policyAmountSchema = z
  .union([
    z
      .number({ message: amountMessage })
      .min(0, { message: amountMessage })
      .max(MAX_USD, { message: tooLargeMessage }),
    z.string({ message: amountMessage }).regex(/^\d+(\.\d+)?$/, { message: amountMessage }),
  ])
  .transform((value) => Number(value))
  .refine((value) => Number.isFinite(value) && value <= MAX_USD, { message: tooLargeMessage })
  .meta({
    description: `Non-negative amount in whole USD: a number or a decimal string, at most ${MAX_USD} (1e15).`,
  })

const share = z
  .number()
  .gt(0, { message: 'must be in (0, 1]: a share such as 0.35' })
  .lte(1, { message: 'must be in (0, 1]: a share such as 0.35' })

const durationPattern = /^(\d{1,9})(ms|s|m|h|d)$/
const durationUnitMs = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const

/** A duration such as `15m`, `1h`, `24h`, `2d` (at most 9 digits). */
export const durationSchema = z
  .string()
  .regex(durationPattern, { message: 'must be a duration such as "15m", "1h" or "2d"' })

/** Milliseconds of a duration validated by {@link durationSchema} (e.g. `15m` -> 900000). */
export function durationToMs(duration: string): number {
  const match = durationPattern.exec(duration)
  if (!match) throw new RangeError(`not a duration: ${JSON.stringify(duration)}`)
  return Number(match[1]) * durationUnitMs[match[2] as keyof typeof durationUnitMs]
}

/**
 * Bounds of each duration field. The schedule interval cannot be shorter than a minute (a cycle reads six
 * chains) nor longer than a week; an approval waits at least a second (tests use a few seconds) and at
 * most 30 days.
 */
export const durationBounds = {
  'schedule.interval': { min: '1m', max: '7d' },
  'approvals.timeout': { min: '1s', max: '30d' },
} as const

const boundedDuration = (field: keyof typeof durationBounds, fallback: string) => {
  const { min, max } = durationBounds[field]
  const message = `must be a duration from ${min} to ${max} (e.g. "${fallback}")`
  return durationSchema
    .refine(
      // A value that is not a duration at all is reported by the pattern alone.
      (d) =>
        !durationPattern.test(d) ||
        (durationToMs(d) >= durationToMs(min) && durationToMs(d) <= durationToMs(max)),
      { message },
    )
    .default(fallback)
    .meta({ description: `Duration such as "15m", "1h" or "2d", from ${min} to ${max}.` })
}

/** Per-market limits (all optional; `defaults` fill the gaps). */
const marketLimits = {
  /** Our position may not exceed this (USD). */
  maxUsd: policyAmountSchema.optional(),
  /** Our position / market totalSupply after the move may not exceed this share. */
  maxShareOfMarket: share.optional(),
  /** No withdrawal may leave the market's utilization above this. */
  maxUtilization: share.optional(),
}

const oneOrMany = <T extends z.ZodType>(item: T) => z.union([item, z.array(item).min(1)])

/** Governance policy YAML, version 1 (spec `docs/plan-cli.md` core plus operator sections). */
export const policySchema = z.strictObject({
  version: z.literal(1, { message: 'unsupported version: this planner reads policy version 1' }),
  name: idSchema('policy name', 'devnet-conservative'),
  description: z.string().max(4096).optional(),
  defaults: z.strictObject(marketLimits).optional(),
  markets: z
    .array(z.strictObject({ id: idSchema('market id', 'ethereum/sparklend/USDS'), ...marketLimits }))
    .min(1, { message: 'list at least one market' })
    .max(MAX_LIST, { message: `list at most ${MAX_LIST} markets` }),
  groups: z
    .array(
      z.strictObject({
        name: idSchema('group name', 'layer-2s'),
        match: z.strictObject({
          chain: oneOrMany(z.enum(chainNames)).optional(),
          protocol: oneOrMany(z.enum(protocols)).optional(),
          asset: oneOrMany(z.enum(assets)).optional(),
        }),
        maxShare: share,
      }),
    )
    .max(MAX_LIST, { message: `list at most ${MAX_LIST} groups` })
    .default([]),
  buffers: z
    .array(z.strictObject({ chain: z.enum(chainNames), minIdleUsd: policyAmountSchema }))
    .max(chainNames.length, { message: 'list at most one buffer per chain' })
    .default([]),
  moves: z
    .strictObject({
      minMoveUsd: policyAmountSchema.default(0),
      horizonDays: z
        .number()
        .gt(0, { message: 'must be more than 0 and at most 3650 days' })
        .lte(3650, { message: 'must be more than 0 and at most 3650 days' })
        .default(30),
      maxMovesPerCycle: z.number().int().positive().max(MAX_LIST).optional(),
    })
    .default({ minMoveUsd: 0, horizonDays: 30 }),
  approvals: z
    .strictObject({
      autoApproveMaxUsd: policyAmountSchema,
      approvers: z
        .array(idSchema('approver id', 'ops-alice'))
        .max(MAX_LIST, { message: `list at most ${MAX_LIST} approvers` })
        .default([]),
      timeout: boundedDuration('approvals.timeout', '24h'),
    })
    .optional(),
  schedule: z.strictObject({ interval: boundedDuration('schedule.interval', '15m') }).optional(),
  routes: z
    .array(
      z.strictObject({
        from: z.enum(chainNames),
        to: z.enum(chainNames),
        assets: z.array(z.enum(assets)).min(1).optional(),
        maxUsdPerDay: policyAmountSchema.optional(),
        bidirectional: z.boolean().default(false),
      }),
    )
    .max(MAX_LIST, { message: `list at most ${MAX_LIST} routes` })
    .optional(),
})

/** A validated policy (amounts as numbers). Plain JSON: crosses Temporal payloads. */
export type Policy = z.output<typeof policySchema> & {
  /** Where each policy field sits in its file (for errors found later, e.g. unknown market ids). */
  source?: PolicySource
}
/** The YAML shape accepted as input. */
export type PolicyInput = z.input<typeof policySchema>
/** Positions of policy fields: file name and `path -> [line, column]`. */
export type PolicySource = { file: string; positions: Record<string, [number, number]> }
/** Identity of a policy version: its name and the sha256 of its file bytes. */
export type PolicyRef = { name: string; sha256: string }
