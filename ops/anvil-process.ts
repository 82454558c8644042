import { type ChildProcess, spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import { type AddressInfo, createServer, type Server } from 'node:net'
import { RetryableError } from '../lib/errors.js'

/**
 * The platform package `@foundry-rs/anvil` installs its binary from (one optional dependency per
 * platform, e.g. `@foundry-rs/anvil-linux-amd64`), and the binary's path inside it; undefined where
 * foundry ships no binary. Mirrors `@foundry-rs/anvil/const.mjs` (Node's `x64` is foundry's `amd64`).
 */
export function anvilPlatformPackage(
  platform: NodeJS.Platform = process.platform,
  arch: NodeJS.Architecture = process.arch,
): { name: string; binary: string } | undefined {
  const cpu = arch === 'x64' ? 'amd64' : arch === 'arm64' ? 'arm64' : undefined
  if (!cpu || !['linux', 'darwin', 'win32'].includes(platform)) return undefined
  if (platform === 'win32' && cpu !== 'amd64') return undefined
  return {
    name: `@foundry-rs/anvil-${platform}-${cpu}`,
    binary: platform === 'win32' ? 'bin/anvil.exe' : 'bin/anvil',
  }
}

/** No anvil binary for this platform: `@foundry-rs/anvil` did not install one and `ANVIL_BIN` is unset. */
export class AnvilBinaryMissingError extends RetryableError {
  override readonly name = 'AnvilBinaryMissingError'

  constructor(detail: string, cause?: unknown) {
    super(`no anvil binary: ${detail}`, {
      instruction:
        'Run `npm install` (it installs the platform package of @foundry-rs/anvil), or set ANVIL_BIN to an anvil binary.',
      cause,
    })
  }
}

/**
 * Absolute path of the anvil binary: env `ANVIL_BIN`, else the platform package that `@foundry-rs/anvil`
 * installed (resolved from that package, where npm puts its optional dependencies).
 *
 * @throws {AnvilBinaryMissingError} on a platform foundry does not ship, or when the package is missing.
 */
export function anvilBinary(env: NodeJS.ProcessEnv = process.env): string {
  if (env.ANVIL_BIN) return env.ANVIL_BIN
  const platformPackage = anvilPlatformPackage()
  if (!platformPackage) throw new AnvilBinaryMissingError(`platform ${process.platform}/${process.arch}`)
  try {
    const fromAnvil = createRequire(createRequire(import.meta.url).resolve('@foundry-rs/anvil/package.json'))
    return fromAnvil.resolve(`${platformPackage.name}/${platformPackage.binary}`)
  } catch (error) {
    throw new AnvilBinaryMissingError(`${platformPackage.name} is not installed`, error)
  }
}

/** Reserves `count` distinct free ports on 127.0.0.1 (all held open while choosing, so none repeats). */
export async function freePorts(count: number): Promise<number[]> {
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

/** Options of one anvil process. */
export type AnvilOptions = {
  port: number
  chainId: number
  /** Plain JSON state file (`anvil --load-state`); omitted = empty chain. */
  loadState?: string
  /** Print anvil's own output (default: silent). */
  verbose?: boolean
  /**
   * Lift the contract size limit and raise the block gas limit to 100M, as the devnet build needs
   * (default true); test anvils pass false and run with anvil's defaults.
   */
  devnetLimits?: boolean
  /** SIGTERM the anvil when this Node process exits (tests: no orphan after a crashed hook). Default false. */
  killOnExit?: boolean
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
  /** Sends SIGTERM without waiting (no-op once exited). */
  kill(): void
  /** Resolves when the process has exited (for whatever reason). */
  exited: Promise<void>
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
  const args = ['--host', '127.0.0.1', '--port', String(options.port), '--chain-id', String(options.chainId)]
  if (options.devnetLimits ?? true) args.push('--disable-code-size-limit', '--gas-limit', '100000000')
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
  if (options.killOnExit) {
    const killOnExit = () => child.kill('SIGTERM')
    process.once('exit', killOnExit)
    child.once('exit', () => process.removeListener('exit', killOnExit))
  }
  const running = () => child.exitCode === null && child.signalCode === null
  const rpcUrl = `http://127.0.0.1:${options.port}`
  return {
    pid: child.pid,
    port: options.port,
    chainId: options.chainId,
    rpcUrl,
    exitCode: () => child.exitCode ?? (child.signalCode ? -1 : null),
    async stop(graceMs = 2000) {
      if (!running()) return
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs)
      await exited
      clearTimeout(timer)
    },
    stderrTail: () => stderr,
    exited,
    kill: () => {
      if (running()) child.kill('SIGTERM')
    },
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
