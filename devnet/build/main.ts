/**
 * `npm run devnet:build`: rebuilds `devnet/state/` from source. Compiles the devnet contracts, starts six
 * empty anvils (ports `SLL_DEVNET_BUILD_PORT_BASE`, default 18545), deploys Ethereum tokens, the LayerZero
 * mesh, then every chain's markets, seeds them, deploys the SLL, hands the operator's money to the ALMProxies,
 * and dumps each chain with `anvil_dumpState`.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { type Address, getAddress, isAddress } from 'viem'
import { devnetChainIds, devnetEids, devnetStateDir, parseRegistry } from '../../chains/devnet.js'
import { type DevnetSll, devnetSllFile, parseDevnetSll } from '../../chains/devnet-sll.js'
import { type ChainName, chainNames } from '../../chains/names.js'
import type { Registry } from '../../chains/types.js'
import { startDevnet } from '../anvil-cluster.js'
import { devnetCctpFile } from '../cctp/deployment.js'
import { devnetDeploymentFile, devnetRegistryFile, devnetStateFile } from '../state-files.js'
import { deploySavingsVault, deployToken } from './basics.js'
import { deployBridgeAndRemoteTokens, registryLayerZero } from './bridge-step.js'
import { castCctpSpell, deployCctp } from './cctp.js'
import { ChainClient } from './chain-client.js'
import { compileDevnetContracts } from './compile.js'
import { type ChainBuild, deployChainMarkets } from './deploy-chain.js'
import { dumpState } from './dump-state.js'
import { fundProxies } from './fund-proxies.js'
import { savingsVaults } from './plan.js'
import { deploySll } from './sll-spell.js'
import { TokenMinter } from './token-minter.js'

const log = (line: string) => console.log(line)

/** JSON replacer: bigints as decimal strings, addresses checksummed. */
function jsonValue(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString()
  if (typeof value === 'string' && isAddress(value, { strict: false })) return getAddress(value)
  return value
}

async function main(): Promise<void> {
  const started = Date.now()
  compileDevnetContracts(log)
  const portBase = Number(process.env.SLL_DEVNET_BUILD_PORT_BASE ?? 18545)
  const devnet = await startDevnet({ portBase, quiet: true, empty: true })
  try {
    const clients = Object.fromEntries(
      chainNames.map((chain) => [
        chain,
        new ChainClient(chain, devnetChainIds[chain], devnet.rpcUrls[chain]),
      ]),
    ) as Record<ChainName, ChainClient>
    const ethereum = clients.ethereum
    const usds = await deployToken(ethereum, 'USDS Stablecoin', 'USDS', 18)
    const usdc = await deployToken(ethereum, 'USD Coin', 'USDC', 6)
    const savingsApy = savingsVaults.find((plan) => plan.chain === 'ethereum')!.apy
    const susds = await deploySavingsVault(ethereum, usds, savingsApy)
    const bridge = await deployBridgeAndRemoteTokens(
      chainNames.map((chain) => clients[chain]),
      devnetEids,
      { USDS: usds, sUSDS: susds, USDC: usdc },
      log,
    )
    const minter = new TokenMinter(clients, bridge)
    const builds = await Promise.all(
      chainNames.map((chain) => deployChainMarkets(clients[chain], bridge.tokens[chain], minter, log)),
    )
    const backing = await minter.backRemoteSupply()
    log(`layerzero: adapters back remote supply ${JSON.stringify(backing, jsonValue)}`)
    // Last step before the dump, so every address above stays where it was.
    const sll = await deploySll({ clients, builds, bridge, log })
    // The money lives in the ALMProxies; the operator (RELAYER) keeps gas only.
    await fundProxies({ clients, builds, sll, log })
    // CCTP after the SLL: every address deployed before it stays where it was.
    const cctp = await deployCctp(
      clients,
      Object.fromEntries(chainNames.map((chain) => [chain, bridge.tokens[chain].USDC])) as Record<
        ChainName,
        Address
      >,
      log,
    )
    await castCctpSpell(clients, cctp, sll, log)

    const registry = parseRegistry(
      JSON.parse(JSON.stringify(buildRegistry(builds, bridge, sll), jsonValue)),
      'built registry',
    )
    mkdirSync(devnetStateDir, { recursive: true })
    let total = 0
    const blocks: Partial<Record<ChainName, string>> = {}
    for (const chain of chainNames) {
      const size = await dumpState(clients[chain], devnetStateFile(chain))
      blocks[chain] = (await clients[chain].public.getBlockNumber()).toString()
      total += size.gzip
      log(
        `${chain}: state ${(size.gzip / 1024).toFixed(0)} KiB gzip (${(size.json / 1024).toFixed(0)} KiB json)`,
      )
    }
    writeFileSync(devnetRegistryFile, `${JSON.stringify(registry, jsonValue, 2)}\n`)
    writeFileSync(devnetSllFile, `${JSON.stringify(parseDevnetSll(sll, 'built sll'), jsonValue, 2)}\n`)
    const deployment = {
      builtAt: new Date().toISOString(),
      bridgeMode: bridge.mode,
      chains: Object.fromEntries(
        builds.map((build) => [
          build.chain,
          {
            chainId: devnetChainIds[build.chain],
            eid: devnetEids[build.chain],
            blockNumber: blocks[build.chain],
            ...build,
            layerZero: bridge.layerZero[build.chain] ?? null,
          },
        ]),
      ),
    }
    writeFileSync(devnetDeploymentFile, `${JSON.stringify(deployment, jsonValue, 2)}\n`)
    writeFileSync(devnetCctpFile, `${JSON.stringify(cctp, jsonValue, 2)}\n`)
    const gas = builds.reduce((sum, build) => sum + clients[build.chain].gasUsed, 0n)
    log(
      `devnet build done in ${Date.now() - started} ms, ${gas} gas, state ${(total / 1024).toFixed(0)} KiB gzip total`,
    )
  } finally {
    await devnet.stop()
  }
}

function buildRegistry(
  builds: ChainBuild[],
  bridge: Awaited<ReturnType<typeof deployBridgeAndRemoteTokens>>,
  sll: DevnetSll,
): Registry {
  const entries = builds.map((build) => [
    build.chain,
    {
      name: build.chain,
      chainId: devnetChainIds[build.chain],
      eid: devnetEids[build.chain],
      tokens: build.tokens,
      venues: build.venues,
      layerZero: registryLayerZero(bridge, build.chain),
      psm: build.psm,
      multicall3: build.multicall3,
      almProxy: sll[build.chain].almProxy,
    },
  ])
  return Object.fromEntries(entries) as Registry
}

main().catch((error: unknown) => {
  console.error(error)
  process.exitCode = 1
})
