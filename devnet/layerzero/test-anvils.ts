import { type ChildProcess, spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import { createServer } from 'node:net'

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

async function freePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

async function waitForRpc(rpcUrl: string, deadline: number): Promise<void> {
  for (;;) {
    try {
      const response = await fetch(rpcUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }),
      })
      if (response.ok) return
    } catch {}
    if (Date.now() > deadline) throw new Error(`anvil at ${rpcUrl} did not answer`)
    await new Promise((r) => setTimeout(r, 25))
  }
}

/** Starts one anvil per chain id on free ports (binary spawned directly, so the PID is the node). */
export async function startTestAnvils(chainIds: number[]): Promise<TestAnvil[]> {
  const binary = createRequire(import.meta.url).resolve('@foundry-rs/anvil-linux-amd64/bin/anvil')
  const anvils: TestAnvil[] = []
  try {
    for (const chainId of chainIds) {
      const port = await freePort()
      const child = spawn(
        binary,
        ['--host', '127.0.0.1', '--port', String(port), '--chain-id', String(chainId), '--silent'],
        {
          stdio: 'ignore',
        },
      )
      anvils.push({ chainId, port, rpcUrl: `http://127.0.0.1:${port}`, process: child })
    }
    await Promise.all(anvils.map((a) => waitForRpc(a.rpcUrl, Date.now() + 15_000)))
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
