import { readFileSync } from 'node:fs'
import { type Address, isAddress } from 'viem'
import { z } from 'zod'
import { DevnetRegistryError } from '../chains/devnet.js'
import { type ChainName, chainNames } from '../chains/names.js'
import { devnetDeploymentFile } from './state-files.js'

const address = z.custom<Address>((value) => typeof value === 'string' && isAddress(value, { strict: false }))
const oft = z.object({ address, kind: z.enum(['adapter', 'oft']) })
const aaveDeployment = z.object({
  label: z.string(),
  addressesProvider: address,
  pool: address,
  poolConfigurator: address,
  oracle: address,
  dataProvider: address,
  aclManager: address,
  reserves: z.record(
    z.string(),
    z.object({ asset: address, aToken: address, variableDebtToken: address, strategy: address }),
  ),
})
const chainDeployment = z.object({
  chainId: z.number(),
  eid: z.number(),
  blockNumber: z.string(),
  weth: address,
  priceFeeds: z.object({ usd: address, weth: address }),
  psm: address,
  multicall3: address,
  savingsVault: address,
  aave: z.object({ sparklend: aaveDeployment.optional(), aave: aaveDeployment.optional() }),
  morpho: z
    .object({
      morpho: address,
      irm: address,
      vaults: z.record(
        z.string(),
        z.object({
          vault: address,
          oracle: address,
          marketId: z.string(),
          params: z.object({
            loanToken: address,
            collateralToken: address,
            oracle: address,
            irm: address,
            lltv: z.string(),
          }),
        }),
      ),
    })
    .optional(),
  layerZero: z
    .object({
      endpoint: address,
      sendLib: address,
      receiveLib: address,
      dvn: address,
      executor: address,
      ofts: z.object({ USDS: oft, sUSDS: oft, USDC: oft }),
    })
    .nullable(),
})
const deploymentSchema = z.object({
  builtAt: z.string(),
  bridgeMode: z.enum(['layerzero', 'plain-erc20']),
  chains: z.object(
    Object.fromEntries(chainNames.map((chain) => [chain, chainDeployment])) as Record<
      ChainName,
      typeof chainDeployment
    >,
  ),
})

/**
 * Everything the devnet build deployed beyond the `Registry`: LayerZero workers (send/receive libs, DVN,
 * executor) for the relayer, Aave internals, Morpho market params, WETH and price feeds.
 */
export type DevnetDeployment = z.infer<typeof deploymentSchema>

/** Loads and validates `devnet/state/deployment.json`. */
export function loadDevnetDeployment(file: string = devnetDeploymentFile): DevnetDeployment {
  let raw: unknown
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'))
  } catch (error) {
    throw new DevnetRegistryError(file, 'cannot read or parse the file', error)
  }
  const result = deploymentSchema.safeParse(raw)
  if (!result.success) {
    const first = result.error.issues[0]
    throw new DevnetRegistryError(
      file,
      first ? `${first.path.join('.')}: ${first.message}` : 'invalid',
      result.error,
    )
  }
  return result.data
}
