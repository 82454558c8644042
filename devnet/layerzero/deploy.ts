import { type Address, type Hex, pad, zeroAddress } from 'viem'
import { type Asset, assets, type ChainName } from '../../chains/names.js'
import { layerZeroArtifacts } from './artifacts.js'
import { InvalidMeshConfigError } from './errors.js'
import {
  dvnDstConfig,
  executorDstConfig,
  maxMessageSize,
  nativeTokenPriceUsd,
  priceFor,
  ulnConfirmations,
} from './mesh-params.js'
import { TxPipeline } from './tx-pipeline.js'

/** The assets bridged through OFTs: every asset of the SLL. */
export const oftAssets = assets
/** One bridged asset. */
export type OftAsset = Asset

/** The chain whose existing tokens are locked in OFTAdapters; every other chain gets native OFTs. */
export const homeChain: ChainName = 'ethereum'

/** Local decimals of each asset's OFT on remote chains (shared decimals are 6 for all). */
export const oftLocalDecimals: Record<OftAsset, number> = { USDS: 18, sUSDS: 18, USDC: 6 }

/** One chain of the mesh. */
export interface MeshChainInput {
  name: ChainName
  chainId: number
  eid: number
  rpcUrl: string
}

/** Arguments of {@link deployLayerZeroMesh}. */
export interface DeployLayerZeroMeshArgs {
  chains: Array<MeshChainInput>
  /** Owner of everything deployed; also the DVN and Executor admin (the relayer must use this key). */
  deployerKey: Hex
  /** The single DVN signer (quorum 1) whose signatures the relayer produces. */
  dvnSignerAddress: Address
  /** The existing home-chain (ethereum) tokens the adapters lock. */
  homeTokens: Record<OftAsset, Address>
}

/** One deployed OFT: an adapter (lockbox) on the home chain, a mint/burn OFT elsewhere. */
export interface DeployedOft {
  address: Address
  kind: 'adapter' | 'oft'
}

/** The LayerZero contracts of one chain. */
export interface ChainLayerZeroDeployment {
  endpoint: Address
  sendLib: Address
  receiveLib: Address
  dvn: Address
  executor: Address
  ofts: Record<OftAsset, DeployedOft>
}

/** Result of {@link deployLayerZeroMesh}; `perChain` holds exactly the chains that were passed. */
export interface LayerZeroMesh {
  perChain: Record<ChainName, ChainLayerZeroDeployment>
}

function validate(args: DeployLayerZeroMeshArgs): void {
  const names = new Set(args.chains.map((c) => c.name))
  const eids = new Set(args.chains.map((c) => c.eid))
  if (names.size !== args.chains.length) throw new InvalidMeshConfigError('duplicate chain name')
  if (eids.size !== args.chains.length) throw new InvalidMeshConfigError('duplicate eid')
  if (!names.has(homeChain)) throw new InvalidMeshConfigError(`home chain "${homeChain}" missing`)
}

/**
 * Deploys the real LayerZero V2 stack (EndpointV2, SendUln302, ReceiveUln302, PriceFeed, Executor + fee lib,
 * DVN + fee lib; npm release bytecode) and the USDS / sUSDS / USDC OFTs on every chain, configured as a full
 * mesh: default send/receive libraries, ULN configs (1 required DVN, 1 confirmation), executor configs,
 * prices and peers for every ordered chain pair. All transactions are pre-signed with local nonces and
 * streamed without waiting, chains in parallel; receipts are checked once at the end.
 */
export async function deployLayerZeroMesh(args: DeployLayerZeroMeshArgs): Promise<LayerZeroMesh> {
  validate(args)
  const art = layerZeroArtifacts()
  const pipelines = await Promise.all(args.chains.map((c) => TxPipeline.open(c, args.deployerKey)))
  const owner = pipelines[0]!.account.address
  const perChain = {} as Record<ChainName, ChainLayerZeroDeployment>

  args.chains.forEach((chain, index) => {
    const tx = pipelines[index]!
    const remotes = args.chains.filter((c) => c.name !== chain.name)
    const endpoint = tx.deploy('EndpointV2', art.endpoint, [chain.eid, owner])
    const sendLib = tx.deploy('SendUln302', art.sendUln302, [endpoint, 0n, 0n])
    const receiveLib = tx.deploy('ReceiveUln302', art.receiveUln302, [endpoint])
    const libs = [sendLib, receiveLib]

    const priceFeed = tx.deploy('PriceFeed', art.priceFeed)
    tx.call('PriceFeed.initialize', priceFeed, art.priceFeed.abi, 'initialize', [owner])
    const prices = args.chains.map((c) => ({ eid: c.eid % 30_000, price: priceFor(chain.name, c.name) }))
    tx.call('PriceFeed.setPrice', priceFeed, art.priceFeed.abi, 'setPrice', [prices])
    tx.call('PriceFeed.setNativeTokenPriceUSD', priceFeed, art.priceFeed.abi, 'setNativeTokenPriceUSD', [
      nativeTokenPriceUsd(chain.name),
    ])

    const executor = tx.deploy('Executor', art.executor)
    tx.call('Executor.initialize', executor, art.executor.abi, 'initialize', [
      endpoint,
      zeroAddress,
      libs,
      priceFeed,
      owner,
      [owner],
    ])
    const executorFeeLib = tx.deploy('ExecutorFeeLib', art.executorFeeLib, [chain.eid, 10n ** 18n])
    tx.call('Executor.setWorkerFeeLib', executor, art.executor.abi, 'setWorkerFeeLib', [executorFeeLib])
    tx.call('Executor.setDstConfig', executor, art.executor.abi, 'setDstConfig', [
      remotes.map((r) => executorDstConfig(r.eid)),
    ])

    const dvn = tx.deploy('DVN', art.dvn, [
      chain.eid,
      chain.eid % 30_000,
      libs,
      priceFeed,
      [args.dvnSignerAddress],
      1n,
      [owner],
    ])
    const dvnFeeLib = tx.deploy('DVNFeeLib', art.dvnFeeLib, [chain.eid, 10n ** 18n])
    tx.call('DVN.setWorkerFeeLib', dvn, art.dvn.abi, 'setWorkerFeeLib', [dvnFeeLib])
    tx.call('DVN.setDstConfig', dvn, art.dvn.abi, 'setDstConfig', [remotes.map((r) => dvnDstConfig(r.eid))])

    const uln = {
      confirmations: ulnConfirmations,
      requiredDVNCount: 1,
      optionalDVNCount: 0,
      optionalDVNThreshold: 0,
      requiredDVNs: [dvn],
      optionalDVNs: [],
    }
    const ulnConfigs = remotes.map((r) => ({ eid: r.eid, config: uln }))
    tx.call('SendUln302.setDefaultUlnConfigs', sendLib, art.sendUln302.abi, 'setDefaultUlnConfigs', [
      ulnConfigs,
    ])
    tx.call('ReceiveUln302.setDefaultUlnConfigs', receiveLib, art.receiveUln302.abi, 'setDefaultUlnConfigs', [
      ulnConfigs,
    ])
    tx.call(
      'SendUln302.setDefaultExecutorConfigs',
      sendLib,
      art.sendUln302.abi,
      'setDefaultExecutorConfigs',
      [remotes.map((r) => ({ eid: r.eid, config: { maxMessageSize, executor } }))],
    )
    for (const lib of libs)
      tx.call('EndpointV2.registerLibrary', endpoint, art.endpoint.abi, 'registerLibrary', [lib])
    for (const r of remotes) {
      tx.call('EndpointV2.setDefaultSendLibrary', endpoint, art.endpoint.abi, 'setDefaultSendLibrary', [
        r.eid,
        sendLib,
      ])
      tx.call('EndpointV2.setDefaultReceiveLibrary', endpoint, art.endpoint.abi, 'setDefaultReceiveLibrary', [
        r.eid,
        receiveLib,
        0n,
      ])
    }

    const ofts = {} as Record<OftAsset, DeployedOft>
    for (const asset of oftAssets) {
      if (chain.name === homeChain) {
        const address = tx.deploy(`OFTAdapter ${asset}`, art.oftAdapter, [
          args.homeTokens[asset],
          endpoint,
          owner,
        ])
        ofts[asset] = { address, kind: 'adapter' }
      } else {
        const artifact = oftLocalDecimals[asset] === 6 ? art.oft6 : art.oft18
        const address = tx.deploy(`OFT ${asset}`, artifact, [asset, asset, endpoint, owner])
        ofts[asset] = { address, kind: 'oft' }
      }
    }
    perChain[chain.name] = { endpoint, sendLib, receiveLib, dvn, executor, ofts }
  })

  args.chains.forEach((chain, index) => {
    const tx = pipelines[index]!
    for (const remote of args.chains) {
      if (remote.name === chain.name) continue
      for (const asset of oftAssets) {
        const local = perChain[chain.name].ofts[asset].address
        const peer = pad(perChain[remote.name].ofts[asset].address)
        tx.call(`setPeer ${asset} -> ${remote.name}`, local, art.oft18.abi, 'setPeer', [remote.eid, peer])
      }
    }
  })

  const flushed = await Promise.allSettled(pipelines.map((p) => p.flush()))
  const failure = flushed.find((r) => r.status === 'rejected')
  if (failure) throw failure.reason
  return { perChain }
}
