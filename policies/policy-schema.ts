import { z } from 'zod'
import { assets, chainNames } from '../chains/names.js'
import { protocols } from './snapshot.js'

const amountMessage = 'must be a non-negative amount in USD: a number or a decimal string such as "1500000"'

/** A non-negative USD amount: a number or a decimal string ("1500000", "12.5"). */
export const policyAmountSchema = z
  .union([
    z.number({ message: amountMessage }).min(0, { message: amountMessage }),
    z.string({ message: amountMessage }).regex(/^\d+(\.\d+)?$/, { message: amountMessage }),
  ])
  .transform((value) => Number(value))
  .meta({ description: 'Non-negative amount in whole USD: a number or a decimal string.' })

const share = z
  .number()
  .gt(0, { message: 'must be in (0, 1]: a share such as 0.35' })
  .lte(1, { message: 'must be in (0, 1]: a share such as 0.35' })

/** A duration such as `15m`, `1h`, `24h`, `2d`. */
export const durationSchema = z
  .string()
  .regex(/^\d+(ms|s|m|h|d)$/, { message: 'must be a duration such as "15m", "1h" or "2d"' })

const durationUnitMs = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const

/** Milliseconds of a duration validated by {@link durationSchema} (e.g. `15m` -> 900000). */
export function durationToMs(duration: string): number {
  const match = /^(\d+)(ms|s|m|h|d)$/.exec(duration)
  if (!match) throw new RangeError(`not a duration: ${JSON.stringify(duration)}`)
  return Number(match[1]) * durationUnitMs[match[2] as keyof typeof durationUnitMs]
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
  name: z.string().min(1),
  description: z.string().optional(),
  defaults: z.strictObject(marketLimits).optional(),
  markets: z
    .array(z.strictObject({ id: z.string().min(1), ...marketLimits }))
    .min(1, { message: 'list at least one market' }),
  groups: z
    .array(
      z.strictObject({
        name: z.string().min(1),
        match: z.strictObject({
          chain: oneOrMany(z.enum(chainNames)).optional(),
          protocol: oneOrMany(z.enum(protocols)).optional(),
          asset: oneOrMany(z.enum(assets)).optional(),
        }),
        maxShare: share,
      }),
    )
    .default([]),
  buffers: z.array(z.strictObject({ chain: z.enum(chainNames), minIdleUsd: policyAmountSchema })).default([]),
  moves: z
    .strictObject({
      minMoveUsd: policyAmountSchema.default(0),
      horizonDays: z.number().gt(0).default(30),
      maxMovesPerCycle: z.number().int().positive().optional(),
    })
    .default({ minMoveUsd: 0, horizonDays: 30 }),
  approvals: z
    .strictObject({
      autoApproveMaxUsd: policyAmountSchema,
      approvers: z.array(z.string().min(1)).default([]),
      timeout: durationSchema.default('24h'),
    })
    .optional(),
  schedule: z.strictObject({ interval: durationSchema.default('15m') }).optional(),
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
