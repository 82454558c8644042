/**
 * Measures the 6-chain LayerZero mesh deployment on fresh anvils (started and stopped here):
 *
 *   npx tsx devnet/layerzero/measure-deploy.ts
 */
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { privateKeyToAccount } from 'viem/accounts'
import { chainNames } from '../../chains/names.js'
import { layerZeroArtifacts } from './artifacts.js'
import { deployLayerZeroMesh } from './deploy.js'
import { anvilKey0, anvilKey1, anvilKey2, startTestAnvils, stopTestAnvils } from './test-anvils.js'
import { TxPipeline } from './tx-pipeline.js'

const meshChains = [
  { chainId: 1, eid: 30101 },
  { chainId: 8453, eid: 30184 },
  { chainId: 42161, eid: 30110 },
  { chainId: 10, eid: 30111 },
  { chainId: 130, eid: 30320 },
  { chainId: 43114, eid: 30106 },
]

/** Deploys the mesh on six fresh anvils and prints the wall time; returns it in ms. */
export async function measureMeshDeploy(): Promise<number> {
  const anvils = await startTestAnvils(meshChains.map((c) => c.chainId))
  try {
    const art = layerZeroArtifacts()
    const home = await TxPipeline.open({ name: 'ethereum', chainId: 1, rpcUrl: anvils[0]!.rpcUrl }, anvilKey2)
    const homeTokens = {
      USDS: home.deploy('USDS', art.mockToken, ['USDS', 'USDS', 18]),
      sUSDS: home.deploy('sUSDS', art.mockToken, ['sUSDS', 'sUSDS', 18]),
      USDC: home.deploy('USDC', art.mockToken, ['USDC', 'USDC', 6]),
    }
    await home.flush()
    const started = Date.now()
    await deployLayerZeroMesh({
      chains: chainNames.map((name, i) => ({
        name,
        chainId: meshChains[i]!.chainId,
        eid: meshChains[i]!.eid,
        rpcUrl: anvils[i]!.rpcUrl,
      })),
      deployerKey: anvilKey0,
      dvnSignerAddress: privateKeyToAccount(anvilKey1).address,
      homeTokens,
    })
    const elapsed = Date.now() - started
    console.log(`layerzero mesh deploy (6 chains, 30 pathways): ${elapsed} ms`)
    return elapsed
  } finally {
    stopTestAnvils(anvils)
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  measureMeshDeploy().catch((error: unknown) => {
    console.error(error)
    process.exitCode = 1
  })
}
