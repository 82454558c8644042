/**
 * `npm run devnet`: starts the six local chains from the committed state, prints their ports and stays up
 * until SIGINT / SIGTERM, then stops every anvil by PID.
 */
import { devnetChainIds, devnetEids } from '../chains/devnet.js'
import { chainNames } from '../chains/names.js'
import { describeError } from '../lib/errors.js'
import { startDevnet } from './anvil-cluster.js'

async function main(): Promise<void> {
  const devnet = await startDevnet({ quiet: true })
  console.log(`devnet up in ${devnet.bootMs} ms (state: devnet/state/, registry: devnet/state/registry.json)`)
  console.table(
    chainNames.map((chain) => ({
      chain,
      chainId: devnetChainIds[chain],
      eid: devnetEids[chain],
      rpc: devnet.rpcUrls[chain],
      pid: devnet.pids[chain],
    })),
  )
  console.log('Ctrl-C stops all chains.')
  let stopping = false
  const shutdown = (signal: string) => {
    if (stopping) return
    stopping = true
    console.log(`${signal}: stopping devnet`)
    devnet.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(describeError(error))
        process.exit(1)
      },
    )
  }
  process.on('SIGINT', () => shutdown('SIGINT'))
  process.on('SIGTERM', () => shutdown('SIGTERM'))
  process.on('SIGHUP', () => shutdown('SIGHUP'))
}

main().catch((error: unknown) => {
  console.error(describeError(error))
  process.exit(1)
})
