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

const oftDeploymentSchema = z.strictObject({ address, kind: z.enum(['adapter', 'oft']) })

const chainDeploymentSchema = z.strictObject({
  name: z.enum(chainNames),
  chainId: z.number().int().positive(),
  /** LayerZero V2 endpoint id. */
  eid: z.number().int().positive(),
  tokens: z.strictObject({ USDS: address, sUSDS: address, USDC: address }),
  venues: z.array(venueSchema),
  layerZero: z.strictObject({
    endpoint: address,
    ofts: z.partialRecord(asset, oftDeploymentSchema),
  }),
  /** 1:1 USDS <-> USDC swap module, where one exists. */
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

/** A LayerZero OFT for one asset: an adapter (lockbox) on the home chain, a mint/burn OFT elsewhere. */
export type OftDeployment = z.infer<typeof oftDeploymentSchema>

/** Everything the orchestrator needs to know about one chain. */
export type ChainDeployment = z.infer<typeof chainDeploymentSchema>

/** Deployments of all six chains; a missing chain is a compile error. */
export type Registry = z.infer<typeof registrySchema>
