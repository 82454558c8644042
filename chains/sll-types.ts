/**
 * The SLL contracts of one chain, as the RELAYER needs them to operate the Spark Liquidity Layer through its
 * controller: one zod schema, with the type inferred from it. The production registry (`chains/production.ts`,
 * {@link SllRegistry}) and the devnet's `devnet/state/sll.json` (`chains/devnet-sll.ts`, which extends
 * {@link chainSllDeploymentSchema} with what only the devnet records) share this shape, so the network layer
 * can take either.
 *
 * @module
 */
import { type Address, isAddress } from 'viem'
import { z } from 'zod'
import type { ControllerVersion } from '../sll/abis.js'
import { type ChainName, chainNames } from './names.js'

/** A 0x-prefixed 20-byte address (any case; the production registry test checks checksums). */
export const addressSchema = z.custom<Address>(
  (value) => typeof value === 'string' && isAddress(value, { strict: false }),
  { message: 'expected a 0x-prefixed 20-byte address' },
)

/** The controller versions the orchestrator has ABIs for (`sll/abis.ts`). */
export const controllerVersions = [
  'mainnet-v1.10',
  'foreign-v1.8',
] as const satisfies readonly ControllerVersion[]

/**
 * The controller version deployed on `chain`: MainnetController v1.10 on Ethereum, ForeignController v1.8
 * (tag v1.8.0) on the five others (notes `spark-liquidity-layer.md`, registry `ForeignController.sol@7be9593`).
 */
export function expectedControllerVersion(chain: ChainName): ControllerVersion {
  return chain === 'ethereum' ? 'mainnet-v1.10' : 'foreign-v1.8'
}

/**
 * The PSM the controller swaps through. The relayer never calls it directly:
 * - `litePsm` (Ethereum): the DAI LitePSM the MainnetController reaches through `swapUSDSToUSDC` /
 *   `swapUSDCToUSDS` (USDC units, 1:1). Its own `sellGem`/`buyGem` pay and pull DAI, not USDS.
 * - `psm3` (L2s): the USDC / USDS / sUSDS pool the ForeignController reaches through `depositPSM(asset, amount)`
 *   / `withdrawPSM(asset, maxAmount)`; the ALMProxy holds PSM3 shares. sUSDS is priced by `rateProvider`
 *   (the SSR auth oracle), recorded where known.
 */
export const sllPsmSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('litePsm'), address: addressSchema }),
  z.strictObject({ kind: z.literal('psm3'), address: addressSchema, rateProvider: addressSchema.optional() }),
])

/** Zod schema of a {@link ChainSllDeployment}. */
export const chainSllDeploymentSchema = z.strictObject({
  /** Which controller ABI applies (`sll/abis.ts`). */
  controllerVersion: z.enum(controllerVersions),
  /** Holds every SLL token and position; executes calls for CONTROLLER only. */
  almProxy: addressSchema,
  /** MainnetController / ForeignController: the contract the RELAYER calls. */
  controller: addressSchema,
  /** The rate-limit store the controller draws on. */
  rateLimits: addressSchema,
  /** Absent where the chain has no PSM (production Avalanche). */
  psm: sllPsmSchema.optional(),
  /** Holder of RELAYER whose transactions this product signs (production: the relayer multisig). */
  relayer: addressSchema,
  /** A second RELAYER holder, where one exists (production: the backstop relayer). */
  backstopRelayer: addressSchema.optional(),
  /** Holder of FREEZER: calls `removeRelayer(address)` on the controller (the kill switch). */
  freezer: addressSchema,
  /**
   * Circle CCTP domain of the chain (`transferUSDCToCCTP(amount, domain)`, `mintRecipients[domain]`).
   * Absent where the deployment has no CCTP (the devnet).
   */
  cctpDomain: z.number().int().nonnegative().optional(),
})

/** The SLL contracts and role holders of one chain (production or devnet). */
export type ChainSllDeployment = z.infer<typeof chainSllDeploymentSchema>

/** The PSM entry of a {@link ChainSllDeployment}. */
export type SllPsm = z.infer<typeof sllPsmSchema>

/** Zod schema of an {@link SllRegistry}: one entry per chain. */
export const sllRegistrySchema = z.strictObject(
  Object.fromEntries(chainNames.map((chain) => [chain, chainSllDeploymentSchema])) as Record<
    ChainName,
    typeof chainSllDeploymentSchema
  >,
)

/** The SLL deployment of every chain; a missing chain is a compile error. */
export type SllRegistry = Record<ChainName, ChainSllDeployment>
