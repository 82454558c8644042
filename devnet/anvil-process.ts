import { type ChildProcess, spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import { createServer } from 'node:net'
import { RetryableError } from '../lib/errors.js'

const require = createRequire(import.meta.url)

/** Absolute path of the anvil binary shipped by `@foundry-rs/anvil` (env `ANVIL_BIN` overrides). */
export function anvilBinary(): string {
  return process.env.ANVIL_BIN ?? require.resolve('@foundry-rs/anvil-linux-amd64/bin/anvil')
}

/** Options of one anvil process. */
export type AnvilOptions = {
  port: number
  chainId: number
  /** Plain JSON state file (`anvil --load-state`); omitted = empty chain. */
  loadState?: string
  /** Print anvil's own output (default: silent). */
  verbose?: boolean
}

/** A running anvil tracked by PID. */
export type AnvilProcess = {
  pid: number
  port: number
  chainId: number
  rpcUrl: string
  /** Sends SIGTERM, then SIGKILL after `graceMs`; resolves when the process has exited. */
  stop(graceMs?: number): Promise<void>
  /** Exit code, or null while running. */
  exitCode(): number | null
  /** Last 2000 characters anvil wrote to stderr. */
  stderrTail(): string
}

/** An anvil process did not answer JSON-RPC in time. */
export class AnvilStartError extends RetryableError {
  override readonly name = 'AnvilStartError'
  readonly rpcUrl: string

  constructor(rpcUrl: string, detail: string) {
    super(`anvil at ${rpcUrl} did not start: ${detail}`, {
      instruction: 'Check that the port is free (`ss -ltnp`) or set SLL_DEVNET_PORT_BASE to other ports.',
    })
    this.rpcUrl = rpcUrl
  }
}

/** A devnet port is already taken (another devnet, or any other server). */
export class PortInUseError extends RetryableError {
  override readonly name = 'PortInUseError'
  readonly port: number

  constructor(port: number) {
    super(`port ${port} on 127.0.0.1 is already in use`, {
      instruction:
        'Stop the other devnet (or whatever listens there: `ss -ltnp`), or set SLL_DEVNET_PORT_BASE to free ports.',
    })
    this.port = port
  }
}

/** Throws {@link PortInUseError} unless `port` can be bound on 127.0.0.1 right now. */
export async function assertPortFree(port: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const server = createServer()
    server.once('error', () => reject(new PortInUseError(port)))
    server.listen(port, '127.0.0.1', () => server.close(() => resolve()))
  })
}

/** Spawns the anvil binary directly (no npx wrapper, so the PID is the node itself). */
export function spawnAnvil(options: AnvilOptions): AnvilProcess {
  const args = [
    '--host',
    '127.0.0.1',
    '--port',
    String(options.port),
    '--chain-id',
    String(options.chainId),
    '--disable-code-size-limit',
    '--gas-limit',
    '100000000',
  ]
  if (!options.verbose) args.push('--silent')
  if (options.loadState) args.push('--load-state', options.loadState)
  const child: ChildProcess = spawn(anvilBinary(), args, {
    stdio: options.verbose ? 'inherit' : ['ignore', 'ignore', 'pipe'],
  })
  let stderr = ''
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-2000)
  })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  if (child.pid === undefined) throw new AnvilStartError(`port ${options.port}`, 'spawn failed')
  const rpcUrl = `http://127.0.0.1:${options.port}`
  return {
    pid: child.pid,
    port: options.port,
    chainId: options.chainId,
    rpcUrl,
    exitCode: () => child.exitCode ?? (child.signalCode ? -1 : null),
    async stop(graceMs = 2000) {
      if (child.exitCode !== null || child.signalCode !== null) return
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs)
      await exited
      clearTimeout(timer)
    },
    stderrTail: () => stderr,
  }
}

/** Polls `eth_chainId` until anvil answers with the expected id, or throws after `timeoutMs`. */
export async function waitForAnvil(anvil: AnvilProcess, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  let lastError = 'no answer'
  while (Date.now() < deadline) {
    if (anvil.exitCode() !== null)
      throw new AnvilStartError(anvil.rpcUrl, `exited early: ${anvil.stderrTail()}`)
    try {
      const response = await fetch(anvil.rpcUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }),
        signal: AbortSignal.timeout(1000),
      })
      const body = (await response.json()) as { result?: string }
      if (body.result && Number(body.result) === anvil.chainId) return
      lastError = `eth_chainId returned ${body.result}`
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error)
    }
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  throw new AnvilStartError(anvil.rpcUrl, lastError)
}
