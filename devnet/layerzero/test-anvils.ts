import { type ChildProcess, spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import { type AddressInfo, createServer, type Server } from 'node:net'

/** One anvil process started for a test. */
export interface TestAnvil {
  chainId: number
  port: number
  rpcUrl: string
  process: ChildProcess
}

/** The first anvil dev account (funded with 10 000 ETH on every anvil). */
export const anvilKey0 = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80' as const
/** The second anvil dev account. */
export const anvilKey1 = '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d' as const
/** The third anvil dev account. */
export const anvilKey2 = '0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a' as const

/** Reserves `count` distinct free ports (all held open while choosing, so none repeats). */
async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<Server>((resolve, reject) => {
          const server = createServer()
          server.once('error', reject)
          server.listen(0, '127.0.0.1', () => resolve(server))
        }),
    ),
  )
  const ports = servers.map((server) => (server.address() as AddressInfo).port)
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))))
  return ports
}

/** Resolves when the anvil answers `eth_chainId` with `chainId`; rejects if it exits or answers otherwise. */
async function waitForAnvil(anvil: TestAnvil, deadline: number): Promise<void> {
  for (;;) {
    if (anvil.process.exitCode !== null || anvil.process.signalCode !== null) {
      throw new Error(`anvil on port ${anvil.port} exited (port taken?)`)
    }
    try {
      const response = await fetch(anvil.rpcUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }),
      })
      const body = (await response.json()) as { result?: string }
      if (Number(body.result) === anvil.chainId) return
      throw new Error(`port ${anvil.port} answers chain id ${body.result}, not ${anvil.chainId} (port taken)`)
    } catch (error) {
      if (error instanceof Error && error.message.includes('port taken')) throw error
    }
    if (Date.now() > deadline) throw new Error(`anvil at ${anvil.rpcUrl} did not answer`)
    await new Promise((r) => setTimeout(r, 25))
  }
}

function spawnAnvil(binary: string, chainId: number, port: number): TestAnvil {
  const child = spawn(
    binary,
    ['--host', '127.0.0.1', '--port', String(port), '--chain-id', String(chainId), '--silent'],
    { stdio: 'ignore' },
  )
  // safety net: if the test process exits without its afterAll (crash, hook timeout), do not orphan anvils
  const killOnExit = () => child.kill('SIGTERM')
  process.once('exit', killOnExit)
  child.once('exit', () => process.removeListener('exit', killOnExit))
  const anvil = { chainId, port, rpcUrl: `http://127.0.0.1:${port}`, process: child }
  live.add(anvil)
  child.once('exit', () => live.delete(anvil))
  return anvil
}

/** Every test anvil of this process that has not exited yet. */
const live = new Set<TestAnvil>()

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
  const binary = createRequire(import.meta.url).resolve('@foundry-rs/anvil-linux-amd64/bin/anvil')
  const ports = await freePorts(chainIds.length)
  const anvils = chainIds.map((chainId, i) => spawnAnvil(binary, chainId, ports[i]!))
  try {
    await Promise.all(
      anvils.map(async (_, i) => {
        for (let attempt = 1; ; attempt++) {
          try {
            await waitForAnvil(anvils[i]!, Date.now() + 15_000)
            return
          } catch (error) {
            stopTestAnvils([anvils[i]!])
            if (attempt >= 3) throw error
            const [port] = await freePorts(1)
            anvils[i] = spawnAnvil(binary, chainIds[i]!, port!)
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
  for (const anvil of anvils) if (anvil.process.exitCode === null) anvil.process.kill('SIGTERM')
}
