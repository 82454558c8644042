import { z } from 'zod'
import { assets, chainNames } from '../chains/names.js'
import { isChecksummed } from '../lib/checksum.js'
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

const checksummed = /^0x[0-9a-fA-F]{40}$/

/**
 * One approver: an id (for people) and the EVM address of the key that signs their decisions (EIP-712,
 * `sll approve --key-file`). A plain name (policy files before signed approvals) is refused with how to
 * migrate.
 */
export const approverSchema = z
  .strictObject(
    {
      id: idSchema('approver id', 'ops-alice'),
      address: z
        .string({
          message:
            'must be the EVM address of the approver\'s signing key, such as "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"',
        })
        .regex(checksummed, {
          message: "must be a 0x-prefixed 20-byte hex EVM address (the approver's signing key)",
        })
        .refine((a) => isChecksummed(a), {
          message:
            'must be written with its EIP-55 checksum (mixed case), e.g. as `cast to-check-sum-address` prints it',
        }),
    },
    {
      message:
        'must be { id, address }: approvers sign with a key now. Migrate a plain name such as `- ops-alice` to `- { id: ops-alice, address: "0x…" }` (the address of that approver\'s key)',
    },
  )
  .meta({ description: 'An approver: id and the EIP-55 address of the key that signs decisions.' })

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
        .array(approverSchema)
        .max(MAX_LIST, { message: `list at most ${MAX_LIST} approvers` })
        .default([]),
      threshold: z
        .number({ message: 'must be a whole number of approvals (N of the M approvers), such as 2' })
        .int({ message: 'must be a whole number of approvals (N of the M approvers), such as 2' })
        .min(1, { message: 'must be at least 1: how many distinct approvers must sign a move' })
        .default(1),
      timeout: boundedDuration('approvals.timeout', '24h'),
    })
    .superRefine((approvals, ctx) => {
      const seen = new Map<string, string>()
      approvals.approvers.forEach((approver, i) => {
        const key = approver.address.toLowerCase()
        const other = seen.get(key)
        if (other !== undefined) {
          ctx.addIssue({
            code: 'custom',
            path: ['approvers', i, 'address'],
            message: `is the address of approver "${other}" too: each approver needs a key of their own (one vote per address)`,
          })
        }
        seen.set(key, approver.id)
      })
      if (approvals.threshold > Math.max(1, approvals.approvers.length)) {
        ctx.addIssue({
          code: 'custom',
          path: ['threshold'],
          message: `must be at most the number of approvers (${approvals.approvers.length}): N of M with 1 <= N <= M`,
        })
      }
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
