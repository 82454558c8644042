import { type ChildProcess, spawn } from 'node:child_process'
import { expect, test } from 'vitest'
import { PortInUseError } from '../ops/anvil-process.js'
import { startDevnet } from './anvil-cluster.js'
import { testPortBase } from './test-helpers.js'

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/** Starts `devnet/main.ts` (node + tsx loader, so the PID is the script itself) and reads the anvil PIDs. */
async function startMain(
  portBase: number,
): Promise<{ child: ChildProcess; pids: number[]; output: () => string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'devnet/main.ts'], {
    env: {
      ...process.env,
      SLL_DEVNET_PORT_BASE: String(portBase),
      SLL_RELAYER_CONTROL_PORT: '0',
      SLL_CCTP_ATTESTATION_PORT: '0',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString()
  })
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString()
  })
  const deadline = Date.now() + 30_000
  while (!output.includes('Ctrl-C stops')) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`devnet did not start:\n${output}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  // The table's last column is the anvil PID.
  const pids = output
    .split('\n')
    .filter((line) => line.includes('│') && line.includes('http://127.0.0.1:'))
    .map((line) =>
      Number(
        line
          .split('│')
          .filter((cell) => cell.trim() !== '')
          .at(-1),
      ),
    )
  return { child, pids, output: () => output }
}

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  test(`behavior: ${signal} stops every anvil started by npm run devnet`, async () => {
    const portBase = testPortBase() + (signal === 'SIGTERM' ? 100 : 200)
    const { child, pids, output } = await startMain(portBase)
    expect(pids).toHaveLength(6)
    for (const pid of pids) expect(isAlive(pid)).toBe(true)
    expect(output()).toContain(`http://127.0.0.1:${portBase + 5}`)
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
    child.kill(signal)
    expect(await exited).toBe(0)
    for (const pid of pids) expect(isAlive(pid), `anvil ${pid} still running`).toBe(false)
  })
}

test('error: a second devnet on the same ports fails with PortInUseError and leaves the first running', async () => {
  const portBase = testPortBase() + 400
  const first = await startDevnet({ portBase, quiet: true })
  try {
    await expect(startDevnet({ portBase, quiet: true })).rejects.toThrow(PortInUseError)
    for (const pid of Object.values(first.pids)) expect(isAlive(pid)).toBe(true)
  } finally {
    await first.stop()
  }
  for (const pid of Object.values(first.pids)) expect(isAlive(pid)).toBe(false)
})
