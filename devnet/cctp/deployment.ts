import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { type Address, isAddress } from 'viem'
import { z } from 'zod'
import { DevnetRegistryError, devnetStateDir } from '../../chains/devnet.js'
import { type ChainName, chainNames } from '../../chains/names.js'

/** The devnet CCTP deployment, written by `devnet/build/cctp.ts`. */
export const devnetCctpFile: string = join(devnetStateDir, 'cctp.json')

const address = z.custom<Address>((value) => typeof value === 'string' && isAddress(value, { strict: false }))
const chainCctp = z.object({
  domain: z.number().int().nonnegative(),
  messageTransmitter: address,
  tokenMessenger: address,
  tokenMinter: address,
  usdc: address,
  /** `burnLimitsPerMessage(usdc)` on this chain's TokenMinter, USDC base units (decimal string). */
  burnLimitPerMessage: z.string().regex(/^\d+$/),
  /**
   * `mintRecipients[domain]` the spell set on this chain's SLL controller (bytes32 of the destination
   * ALMProxy), keyed by destination domain. Hub and spoke: Ethereum -> every L2, every L2 -> Ethereum.
   */
  mintRecipients: z.record(z.string(), z.string().regex(/^0x[0-9a-fA-F]{64}$/)),
})
const cctpDeploymentSchema = z.object({
  /** Message and burn-message version (CCTP V1: 0). */
  version: z.number().int().nonnegative(),
  /** The one attester enabled on every MessageTransmitter (signature threshold 1). */
  attester: address,
  chains: z.object(
    Object.fromEntries(chainNames.map((chain) => [chain, chainCctp])) as Record<ChainName, typeof chainCctp>,
  ),
})

/** The CCTP contracts of one devnet chain. */
export type DevnetChainCctp = z.infer<typeof chainCctp>
/** The devnet CCTP deployment (`devnet/state/cctp.json`). */
export type DevnetCctp = z.infer<typeof cctpDeploymentSchema>

/** Validates a CCTP deployment object (throws {@link DevnetRegistryError}). */
export function parseDevnetCctp(raw: unknown, source = devnetCctpFile): DevnetCctp {
  const parsed = cctpDeploymentSchema.safeParse(raw)
  if (!parsed.success) throw new DevnetRegistryError(source, z.prettifyError(parsed.error))
  return parsed.data
}

/** Loads `devnet/state/cctp.json`: per chain domain, MessageTransmitter, TokenMessenger, TokenMinter, USDC. */
export function loadDevnetCctp(file: string = devnetCctpFile): DevnetCctp {
  let raw: unknown
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'))
  } catch (error) {
    throw new DevnetRegistryError(file, 'cannot read the file', error)
  }
  return parseDevnetCctp(raw, file)
}
