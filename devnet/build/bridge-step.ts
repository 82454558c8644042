import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { type Address, type Hex, zeroAddress } from 'viem'
import { devnetAccounts } from '../../chains/devnet-accounts.js'
import type { ChainName } from '../../chains/names.js'
import type { Asset } from '../../chains/types.js'
import { deployToken } from './basics.js'
import type { ChainClient } from './chain-client.js'

/** LayerZero contracts of one chain, as returned by `deployLayerZeroMesh`. */
export type ChainLayerZero = {
  endpoint: Address
  sendLib: Address
  receiveLib: Address
  dvn: Address
  executor: Address
  ofts: Record<Asset, { address: Address; kind: 'adapter' | 'oft' }>
}

/** The contract `devnet/layerzero/deploy.ts` implements (coordinated by signature only). */
type DeployLayerZeroMesh = (args: {
  chains: Array<{ name: ChainName; chainId: number; eid: number; rpcUrl: string }>
  deployerKey: Hex
  dvnSignerAddress: Address
  homeTokens: Record<Asset, Address>
}) => Promise<{ perChain: Record<ChainName, ChainLayerZero> }>

/** Result of the bridge step: every chain's USDS/sUSDS/USDC and, if deployed, its LayerZero contracts. */
export type BridgeStepResult = {
  mode: 'layerzero' | 'plain-erc20'
  tokens: Record<ChainName, Record<Asset, Address>>
  layerZero: Partial<Record<ChainName, ChainLayerZero>>
}

const layerZeroModule = join(dirname(fileURLToPath(import.meta.url)), '..', 'layerzero', 'deploy.ts')

/**
 * Deploys the LayerZero mesh over the Ethereum tokens when `devnet/layerzero/deploy.ts` exists (its OFTs
 * then ARE the remote chains' USDS/sUSDS/USDC); otherwise deploys plain mintable ERC-20s on the remote
 * chains. The one place the build touches LayerZero.
 */
export async function deployBridgeAndRemoteTokens(
  clients: ChainClient[],
  eids: Record<ChainName, number>,
  homeTokens: Record<Asset, Address>,
  log: (line: string) => void,
): Promise<BridgeStepResult> {
  const tokens = { ethereum: homeTokens } as Record<ChainName, Record<Asset, Address>>
  const remotes = clients.filter((client) => client.name !== 'ethereum')
  if (existsSync(layerZeroModule) && process.env.SLL_DEVNET_NO_LAYERZERO !== '1') {
    const module = (await import(pathToFileURL(layerZeroModule).href)) as {
      deployLayerZeroMesh: DeployLayerZeroMesh
    }
    const started = Date.now()
    const mesh = await module.deployLayerZeroMesh({
      chains: clients.map((client) => ({
        name: client.name,
        chainId: client.chainId,
        eid: eids[client.name],
        rpcUrl: client.rpcUrl,
      })),
      deployerKey: devnetAccounts.deployer.privateKey,
      dvnSignerAddress: devnetAccounts.dvnSigner.address,
      homeTokens,
    })
    for (const client of remotes) {
      const ofts = mesh.perChain[client.name].ofts
      tokens[client.name] = { USDS: ofts.USDS.address, sUSDS: ofts.sUSDS.address, USDC: ofts.USDC.address }
    }
    log(`layerzero: mesh deployed in ${Date.now() - started} ms`)
    return { mode: 'layerzero', tokens, layerZero: mesh.perChain }
  }
  log('layerzero: devnet/layerzero/deploy.ts absent (or disabled): plain ERC-20s on remote chains')
  await Promise.all(
    remotes.map(async (client) => {
      tokens[client.name] = {
        USDS: await deployToken(client, 'USDS Stablecoin', 'USDS', 18),
        sUSDS: await deployToken(client, 'Savings USDS', 'sUSDS', 18),
        USDC: await deployToken(client, 'USD Coin', 'USDC', 6),
      }
    }),
  )
  return { mode: 'plain-erc20', tokens, layerZero: {} }
}

/** Endpoint + OFT part of the registry for one chain (zero endpoint, no OFTs in plain mode). */
export function registryLayerZero(result: BridgeStepResult, chain: ChainName) {
  const lz = result.layerZero[chain]
  return lz ? { endpoint: lz.endpoint, ofts: lz.ofts } : { endpoint: zeroAddress, ofts: {} }
}
