import {
  type Address,
  createPublicClient,
  createWalletClient,
  erc20Abi,
  type Hex,
  http,
  type PublicClient,
  pad,
  parseEventLogs,
  type WalletClient,
} from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { type ChainName, chainIdentities } from '../../chains/names.js'
import { endpointChain } from '../../chains/viem-chains.js'
import { approvalRequiredAbi, oftAbi, oftSentEventAbi } from '../../layerzero/oft-abi.js'
import { executorLzReceiveOptions } from '../../layerzero/options.js'
import { layerZeroArtifacts } from './artifacts.js'
import { deployLayerZeroMesh, type LayerZeroMesh, type OftAsset } from './deploy.js'
import {
  anvilKey0,
  anvilKey1,
  anvilKey2,
  startTestAnvils,
  stopTestAnvils,
  type TestAnvil,
} from './test-anvils.js'
import { TxPipeline } from './tx-pipeline.js'

/** Chain ids and eids of the devnet chains (the real ones, from `chains/names.ts`). */
export const testChainParams: Record<ChainName, { chainId: number; eid: number }> = chainIdentities

/** Per-chain clients of a test mesh. */
export interface TestMeshChain {
  name: ChainName
  eid: number
  rpcUrl: string
  client: PublicClient
  /** Wallet of the test user (anvil key #2, not the deployer/relayer key). */
  user: WalletClient
}

/** A deployed test mesh on fresh anvils. */
export interface TestMesh {
  anvils: TestAnvil[]
  mesh: LayerZeroMesh
  chains: Record<string, TestMeshChain>
  homeTokens: Record<OftAsset, Address>
  deployerKey: Hex
  dvnSignerKey: Hex
  userAddress: Address
  deployMs: number
  /** Relayer chain configs for {@link startRelayer}. */
  relayerChains(): Array<{
    name: string
    eid: number
    rpcUrl: string
    endpoint: Address
    receiveLib: Address
    dvn: Address
    executor: Address
  }>
  stop(): void
}

/** Starts anvils for the given chains, deploys mock home tokens and the mesh, and mints home tokens to the user. */
export async function startTestMesh(names: ChainName[]): Promise<TestMesh> {
  const anvils = await startTestAnvils(names.map((n) => testChainParams[n].chainId))
  try {
    const art = layerZeroArtifacts()
    const user = privateKeyToAccount(anvilKey2)
    const homeIndex = names.indexOf('ethereum')
    const home = await TxPipeline.open(
      { name: 'ethereum', chainId: 1, rpcUrl: anvils[homeIndex]!.rpcUrl },
      anvilKey2,
    )
    const homeTokens: Record<OftAsset, Address> = {
      USDS: home.deploy('USDS', art.mockToken, ['USDS', 'USDS', 18]),
      sUSDS: home.deploy('sUSDS', art.mockToken, ['sUSDS', 'sUSDS', 18]),
      USDC: home.deploy('USDC', art.mockToken, ['USDC', 'USDC', 6]),
    }
    for (const [asset, token] of Object.entries(homeTokens)) {
      home.call(`mint ${asset}`, token, art.mockToken.abi, 'mint', [user.address, 10n ** 30n])
    }
    await home.flush()
    const started = Date.now()
    const mesh = await deployLayerZeroMesh({
      chains: names.map((name, i) => ({ name, ...testChainParams[name], rpcUrl: anvils[i]!.rpcUrl })),
      deployerKey: anvilKey0,
      dvnSignerAddress: privateKeyToAccount(anvilKey1).address,
      homeTokens,
    })
    const deployMs = Date.now() - started
    const chains: Record<string, TestMeshChain> = {}
    names.forEach((name, i) => {
      const rpcUrl = anvils[i]!.rpcUrl
      const chain = endpointChain({ name, chainId: testChainParams[name].chainId, rpcUrl })
      chains[name] = {
        name,
        eid: testChainParams[name].eid,
        rpcUrl,
        client: createPublicClient({ chain, transport: http(rpcUrl), pollingInterval: 20 }),
        user: createWalletClient({ chain, transport: http(rpcUrl), account: user }),
      }
    })
    return {
      anvils,
      mesh,
      chains,
      homeTokens,
      deployerKey: anvilKey0,
      dvnSignerKey: anvilKey1,
      userAddress: user.address,
      deployMs,
      relayerChains: () =>
        names.map((name) => {
          const d = mesh.perChain[name]
          return {
            name,
            eid: testChainParams[name].eid,
            rpcUrl: chains[name]!.rpcUrl,
            endpoint: d.endpoint,
            receiveLib: d.receiveLib,
            dvn: d.dvn,
            executor: d.executor,
          }
        }),
      stop: () => stopTestAnvils(anvils),
    }
  } catch (error) {
    stopTestAnvils(anvils)
    throw error
  }
}

/** Result of {@link sendOft}. */
export interface OftSendResult {
  guid: Hex
  amountSentLD: bigint
  amountReceivedLD: bigint
  nativeFee: bigint
}

/**
 * Sends `amountLD` of an asset from `from` to `to` for the test user, the way the orchestrator will:
 * approve if the OFT requires it, `minAmountLD` from `quoteOFT`, fee from `quoteSend`, GUID from `OFTSent`.
 */
export async function sendOft(
  t: TestMesh,
  args: { from: ChainName; to: ChainName; asset: OftAsset; amountLD: bigint; gas?: bigint },
): Promise<OftSendResult> {
  const src = t.chains[args.from]!
  const oft = t.mesh.perChain[args.from].ofts[args.asset].address
  const account = src.user.account!
  const needsApproval = await src.client.readContract({
    address: oft,
    abi: approvalRequiredAbi,
    functionName: 'approvalRequired',
  })
  if (needsApproval) {
    const token = await src.client.readContract({ address: oft, abi: oftAbi, functionName: 'token' })
    const hash = await src.user.writeContract({
      address: token,
      abi: erc20Abi,
      functionName: 'approve',
      args: [oft, args.amountLD],
      chain: src.user.chain,
      account,
    })
    await src.client.waitForTransactionReceipt({ hash })
  }
  const sendParam = {
    dstEid: testChainParams[args.to].eid,
    to: pad(t.userAddress),
    amountLD: args.amountLD,
    minAmountLD: 0n,
    extraOptions: executorLzReceiveOptions(args.gas ?? 200_000n),
    composeMsg: '0x' as Hex,
    oftCmd: '0x' as Hex,
  }
  const [, , receipt] = await src.client.readContract({
    address: oft,
    abi: oftAbi,
    functionName: 'quoteOFT',
    args: [sendParam],
  })
  sendParam.minAmountLD = receipt.amountReceivedLD
  const fee = await src.client.readContract({
    address: oft,
    abi: oftAbi,
    functionName: 'quoteSend',
    args: [sendParam, false],
  })
  const hash = await src.user.writeContract({
    address: oft,
    abi: oftAbi,
    functionName: 'send',
    args: [sendParam, fee, t.userAddress],
    value: fee.nativeFee,
    chain: src.user.chain,
    account,
  })
  const sent = await src.client.waitForTransactionReceipt({ hash })
  if (sent.status !== 'success') throw new Error(`send reverted ${hash}`)
  const [event] = parseEventLogs({ abi: oftSentEventAbi, logs: sent.logs, eventName: 'OFTSent' })
  if (!event) throw new Error('no OFTSent')
  return {
    guid: event.args.guid,
    amountSentLD: event.args.amountSentLD,
    amountReceivedLD: event.args.amountReceivedLD,
    nativeFee: fee.nativeFee,
  }
}

/** ERC-20 balance of the test user on a chain (for an adapter: of the underlying). */
export async function userBalance(t: TestMesh, chain: ChainName, asset: OftAsset): Promise<bigint> {
  const deployed = t.mesh.perChain[chain].ofts[asset]
  const token = deployed.kind === 'adapter' ? t.homeTokens[asset] : deployed.address
  return await t.chains[chain]!.client.readContract({
    address: token,
    abi: erc20Abi,
    functionName: 'balanceOf',
    args: [t.userAddress],
  })
}

/** Polls `check` every 25 ms until it returns true; throws after `timeoutMs`. */
export async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`)
    await new Promise((r) => setTimeout(r, 25))
  }
}
