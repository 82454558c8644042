import { devnetAccounts } from '../../chains/devnet-accounts.js'
import { type AnvilProcess, freePorts, spawnAnvil, waitForAnvil } from '../../ops/anvil-process.js'

/** One anvil process started for a test (the devnet's {@link AnvilProcess}). */
export type TestAnvil = AnvilProcess

/** The first anvil dev account (funded with 10 000 ETH on every anvil). */
export const anvilKey0 = devnetAccounts.deployer.privateKey
/** The second anvil dev account. */
export const anvilKey1 = devnetAccounts.operator.privateKey
/** The third anvil dev account. */
export const anvilKey2 = devnetAccounts.dvnSigner.privateKey

/** Every test anvil of this process that has not exited yet. */
const live = new Set<TestAnvil>()

function spawnTestAnvil(chainId: number, port: number): TestAnvil {
  // killOnExit: if the test process exits without its afterAll (crash, hook timeout), do not orphan anvils
  const anvil = spawnAnvil({ port, chainId, devnetLimits: false, killOnExit: true })
  live.add(anvil)
  void anvil.exited.then(() => live.delete(anvil)) // bookkeeping only: nothing waits for it
  return anvil
}

/**
 * Stops every anvil this process started and has not stopped. Call it in `afterAll`: it also covers a
 * `beforeAll` that timed out while still starting or deploying (its handles never reached the test).
 */
export function stopAllTestAnvils(): void {
  stopTestAnvils([...live])
}

/**
 * Starts one anvil per chain id on free ports (binary spawned directly, so the PID is the node). An anvil
 * whose port was grabbed by someone else in between is restarted on a new port (up to 3 times).
 */
export async function startTestAnvils(chainIds: number[]): Promise<TestAnvil[]> {
  const ports = await freePorts(chainIds.length)
  const anvils = chainIds.map((chainId, i) => spawnTestAnvil(chainId, ports[i]!))
  try {
    await Promise.all(
      anvils.map(async (_, i) => {
        for (let attempt = 1; ; attempt++) {
          try {
            await waitForAnvil(anvils[i]!)
            return
          } catch (error) {
            stopTestAnvils([anvils[i]!])
            if (attempt >= 3) throw error
            const [port] = await freePorts(1)
            anvils[i] = spawnTestAnvil(chainIds[i]!, port!)
          }
        }
      }),
    )
    return anvils
  } catch (error) {
    stopTestAnvils(anvils)
    throw error
  }
}

/** Stops test anvils by PID (SIGTERM). */
export function stopTestAnvils(anvils: TestAnvil[]): void {
  for (const anvil of anvils) anvil.kill()
}
