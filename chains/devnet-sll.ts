import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { type Hex, isHex } from 'viem'
import { z } from 'zod'
import { DevnetRegistryError, devnetStateDir } from './devnet.js'
import { type ChainName, chainNames } from './names.js'
import { addressSchema as address, chainSllDeploymentSchema, expectedControllerVersion } from './sll-types.js'

/** The SLL contracts of the devnet, written by `npm run devnet:build` to `devnet/state/sll.json`. */
export const devnetSllFile: string = join(devnetStateDir, 'sll.json')

const bytes32 = z.custom<Hex>((value) => typeof value === 'string' && isHex(value) && value.length === 66, {
  message: 'expected a 0x-prefixed 32-byte hex string',
})
const uint = z.string().regex(/^\d+$/, 'expected a decimal integer string')

/** One rate-limit key the build's spell set: `label` says which venue/route (e.g. `AAVE_DEPOSIT(ethereum/aave/USDC)`). */
const limitSchema = z.strictObject({
  label: z.string().min(1),
  key: bytes32,
  kind: z.enum(['limited', 'unlimited']),
  /** Token base units as a decimal string (`maxUint256` for unlimited). */
  maxAmount: uint,
  /** Base units per second as a decimal string. */
  slope: uint,
})

/** Every devnet chain has a PSM, and its PSM3s record their rate provider. */
const psmSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('litePsm'), address }),
  z.strictObject({ kind: z.literal('psm3'), address, rateProvider: address }),
])

/** The shared `ChainSllDeployment` shape (`sll-types.ts`) plus what only the devnet build records. */
const chainSllSchema = chainSllDeploymentSchema.extend({
  psm: psmSchema,
  /** DEFAULT_ADMIN_ROLE holder of every SLL contract (governance stand-in: the devnet deployer). */
  admin: address,
  /** Keys the spell set; a key not listed is unset (`maxAmount` 0: every trigger reverts). */
  limits: z.array(limitSchema),
  /** `maxSlippages[aToken]` (1e18 = 100%), decimal strings. */
  maxSlippages: z.record(z.string(), uint),
  /** `maxExchangeRates[vault]` (assets per share, 1e36 precision), decimal strings. */
  maxExchangeRates: z.record(z.string(), uint),
  /** `layerZeroRecipients[eid]` (bytes32 of the destination ALMProxy), keyed by eid. */
  layerZeroRecipients: z.record(z.string(), bytes32),
})

const sllSchema = z.strictObject(
  Object.fromEntries(chainNames.map((chain) => [chain, chainSllSchema])) as Record<
    ChainName,
    typeof chainSllSchema
  >,
)

/** The SLL deployment of one devnet chain (a `ChainSllDeployment` with the devnet's extras). */
export type ChainSll = z.infer<typeof chainSllSchema>
/** A rate-limit key set by the build's spell. */
export type SllLimit = z.infer<typeof limitSchema>
/** The SLL deployment of every devnet chain. */
export type DevnetSll = Record<ChainName, ChainSll>

/** Validates `value` as the content of `devnet/state/sll.json`; `file` names the source in errors. */
export function parseDevnetSll(value: unknown, file = 'sll.json'): DevnetSll {
  const result = sllSchema.safeParse(value)
  if (!result.success) {
    const first = result.error.issues[0]
    const detail = first ? `${first.path.join('.') || '(root)'}: ${first.message}` : 'invalid'
    throw new DevnetRegistryError(file, detail, result.error)
  }
  for (const chain of chainNames) {
    const expected = expectedControllerVersion(chain)
    if (result.data[chain].controllerVersion !== expected) {
      throw new DevnetRegistryError(file, `${chain}.controllerVersion is not ${expected}`)
    }
  }
  return result.data as DevnetSll
}

/** Loads and validates `devnet/state/sll.json`. */
export function loadDevnetSll(file: string = devnetSllFile): DevnetSll {
  let raw: unknown
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'))
  } catch (error) {
    throw new DevnetRegistryError(file, 'cannot read or parse the file', error)
  }
  return parseDevnetSll(raw, file)
}
