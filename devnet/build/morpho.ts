import { type Address, encodeAbiParameters, type Hex, keccak256, parseUnits } from 'viem'
import { devnetAccounts } from '../../chains/devnet-accounts.js'
import { devnetArtifact } from '../artifact.js'
import type { ChainClient } from './chain-client.js'

const deployer = devnetAccounts.deployer

/** Liquidation LTV of every devnet Morpho market (86%). */
export const morphoLltv = parseUnits('0.86', 18)

/** Morpho Blue market parameters. */
export type MarketParams = {
  loanToken: Address
  collateralToken: Address
  oracle: Address
  irm: Address
  lltv: bigint
}

/** Morpho Blue + AdaptiveCurveIrm of one chain. */
export type MorphoCore = { morpho: Address; irm: Address }

/** A Morpho market with our vault on top. */
export type MorphoVaultDeployment = { vault: Address; marketId: Hex; params: MarketParams; oracle: Address }

/** Morpho Blue market id: keccak256 of the ABI-encoded parameters. */
export function morphoMarketId(params: MarketParams): Hex {
  return keccak256(
    encodeAbiParameters(
      [
        { type: 'address' },
        { type: 'address' },
        { type: 'address' },
        { type: 'address' },
        { type: 'uint256' },
      ],
      [params.loanToken, params.collateralToken, params.oracle, params.irm, params.lltv],
    ),
  )
}

/** Deploys Morpho Blue (solc 0.8.19 build) and our AdaptiveCurveIrm, and enables both the IRM and the LLTV. */
export async function deployMorphoCore(client: ChainClient): Promise<MorphoCore> {
  const morphoArt = devnetArtifact('Morpho')
  const morpho = await client.deploy(deployer, morphoArt, [deployer.address])
  const irm = await client.deploy(deployer, devnetArtifact('AdaptiveCurveIrm'), [morpho])
  await client.write(deployer, morpho, morphoArt.abi, 'enableIrm', [irm])
  await client.write(deployer, morpho, morphoArt.abi, 'enableLltv', [morphoLltv])
  return { morpho, irm }
}

/**
 * Creates a Morpho market (loan token / collateral token, fixed-price oracle) and deploys a MorphoVault
 * that supplies to it. `collateralPriceUsd` prices one whole collateral token in loan tokens.
 */
export async function deployMorphoVault(
  client: ChainClient,
  core: MorphoCore,
  args: {
    loanToken: Address
    loanDecimals: number
    collateralToken: Address
    collateralDecimals: number
    collateralPrice: number
    name: string
    symbol: string
  },
): Promise<MorphoVaultDeployment> {
  const oracleArt = devnetArtifact('OracleMock')
  const oracle = await client.deploy(deployer, oracleArt)
  // Morpho price scale: 1e36 * 10^loanDecimals / 10^collateralDecimals per whole-token price.
  const price =
    (BigInt(Math.round(args.collateralPrice * 1e6)) * 10n ** BigInt(36 + args.loanDecimals)) /
    10n ** BigInt(args.collateralDecimals + 6)
  await client.write(deployer, oracle, oracleArt.abi, 'setPrice', [price])
  const params: MarketParams = {
    loanToken: args.loanToken,
    collateralToken: args.collateralToken,
    oracle,
    irm: core.irm,
    lltv: morphoLltv,
  }
  await client.write(deployer, core.morpho, devnetArtifact('Morpho').abi, 'createMarket', [params])
  const vault = await client.deploy(deployer, devnetArtifact('MorphoVault'), [
    core.morpho,
    params,
    args.name,
    args.symbol,
  ])
  return { vault, marketId: morphoMarketId(params), params, oracle }
}
