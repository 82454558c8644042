/**
 * The shape of the registry, defined once as a zod schema: the TypeScript types are inferred from it, so the
 * devnet registry file (validated with {@link registrySchema}) and the typed production registry cannot
 * drift apart.
 *
 * @module
 */
import { type Address, type Hex, isAddress, isHex } from 'viem'
import { z } from 'zod'
import { assets, chainNames } from './names.js'

export type { Asset } from './names.js'

const address = z.custom<Address>(
  (value) => typeof value === 'string' && isAddress(value, { strict: false }),
  { message: 'expected a 0x-prefixed 20-byte address' },
)
const bytes32 = z.custom<Hex>((value) => typeof value === 'string' && isHex(value) && value.length === 66, {
  message: 'expected a 0x-prefixed 32-byte hex string',
})
const asset = z.enum(assets)

/** Fields every venue has. `id` is the spec market id, e.g. `ethereum/sparklend/USDS`. */
const venueBase = {
  id: z.string().min(1),
  asset,
  /** ERC-20 we deposit (USDS for savings vaults). */
  underlying: address,
  /** Decimals of `underlying`. */
  decimals: z.number().int().min(0).max(36),
}

const aaveVenueSchema = z.strictObject({
  ...venueBase,
  protocol: z.enum(['sparklend', 'aave']),
  pool: address,
  dataProvider: address,
  aToken: address,
  /**
   * ABI generation of the pool. `'3.0'` (default): Aave v3.0.2 as SparkLend and the devnet run it (strategy
   * getters without arguments, stable debt, cash = underlying held by the aToken). `'3.3'`: Aave >= 3.2 as
   * production Aave V3 runs it (`DefaultReserveInterestRateStrategyV2.getInterestRateData(asset)`, cash =
   * `Pool.getVirtualUnderlyingBalance(asset)`, no stable debt).
   */
  aaveVersion: z.enum(['3.0', '3.3']).optional(),
  /**
   * Optional static hints (read from `Pool.getReserveData(asset)` when absent). With them a market read
   * needs no discovery round trip; they are re-checked against the pool on every read.
   */
  variableDebtToken: address.optional(),
  stableDebtToken: address.optional(),
  interestRateStrategy: address.optional(),
})

const morphoVaultVenueSchema = z.strictObject({
  ...venueBase,
  protocol: z.literal('morpho'),
  vault: address,
  morpho: address,
  /** Morpho Blue market id (bytes32) the vault supplies to. */
  marketId: bytes32,
  irm: address,
})

const savingsVenueSchema = z.strictObject({ ...venueBase, protocol: z.literal('savings'), vault: address })

const venueSchema = z.discriminatedUnion('protocol', [
  aaveVenueSchema,
  morphoVaultVenueSchema,
  savingsVenueSchema,
])

/**
 * A venue the SLL no longer uses (governance set its rate limits to 0): kept for the record and for reading a
 * residual position by hand, but outside `venues`, so it is never read into a snapshot, never resolved by
 * `getVenue` (which throws `OffboardedVenueError`) and so never planned into.
 */
const offboardedVenueSchema = z.strictObject({
  venue: venueSchema,
  /** ISO date (YYYY-MM-DD) of the governance action that offboarded it. */
  offboardedOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a YYYY-MM-DD date'),
  /** Why, and where that is recorded (spell name). */
  reason: z.string().min(1),
})

const oftDeploymentSchema = z.strictObject({ address, kind: z.enum(['adapter', 'oft']) })

const chainDeploymentSchema = z.strictObject({
  name: z.enum(chainNames),
  chainId: z.number().int().positive(),
  /** LayerZero V2 endpoint id. */
  eid: z.number().int().positive(),
  tokens: z.strictObject({ USDS: address, sUSDS: address, USDC: address }),
  /** Venues the orchestrator reads and may plan into. */
  venues: z.array(venueSchema),
  /** Venues taken out of use (see {@link OffboardedVenue}); absent means none. */
  offboardedVenues: z.array(offboardedVenueSchema).optional(),
  layerZero: z.strictObject({
    endpoint: address,
    ofts: z.partialRecord(asset, oftDeploymentSchema),
  }),
  /**
   * A 1:1 USDS <-> USDC module whose `sellGem(usr, gemAmt)` / `buyGem(usr, gemAmt)` pay and pull USDS and
   * USDC, called directly by the signer (the devnet's PSM). Production has none: Ethereum's LitePSM pays DAI
   * and the L2 PSM3s have `deposit`/`withdraw`; the SLL reaches both through its controller (see
   * `ChainSllDeployment.psm` in `sll-types.ts`).
   */
  psm: address.optional(),
  /** Multicall3-compatible contract (`aggregate3`). */
  multicall3: address,
  /** Address holding the SLL's funds on this chain (ALMProxy), when known; positions are read for it. */
  almProxy: address.optional(),
})

/** Zod schema of a {@link Registry} (validates the devnet registry file; the types below are inferred from it). */
export const registrySchema = z.strictObject({
  ethereum: chainDeploymentSchema,
  base: chainDeploymentSchema,
  arbitrum: chainDeploymentSchema,
  optimism: chainDeploymentSchema,
  unichain: chainDeploymentSchema,
  avalanche: chainDeploymentSchema,
})

/** An Aave v3 style reserve (Aave V3 or SparkLend). */
export type AaveVenue = z.infer<typeof aaveVenueSchema>

/** An ERC-4626 vault that supplies to one Morpho Blue market (MetaMorpho-like). */
export type MorphoVaultVenue = z.infer<typeof morphoVaultVenueSchema>

/** The sUSDS savings vault (ERC-4626 over USDS, rate set by governance). */
export type SavingsVenue = z.infer<typeof savingsVenueSchema>

/** A place the SLL can supply to. */
export type Venue = z.infer<typeof venueSchema>

/** A venue taken out of use, with the date and reason. */
export type OffboardedVenue = z.infer<typeof offboardedVenueSchema>

/** A LayerZero OFT for one asset: an adapter (lockbox) on the home chain, a mint/burn OFT elsewhere. */
export type OftDeployment = z.infer<typeof oftDeploymentSchema>

/** Everything the orchestrator needs to know about one chain. */
export type ChainDeployment = z.infer<typeof chainDeploymentSchema>

/** Deployments of all six chains; a missing chain is a compile error. */
export type Registry = z.infer<typeof registrySchema>
