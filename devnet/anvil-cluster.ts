import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { devnetChainIds, devnetPortBase, devnetRpcUrl } from '../chains/devnet.js'
import { type ChainName, chainNames } from '../chains/names.js'
import { NonRetryableError } from '../lib/errors.js'
import { type AnvilProcess, assertPortFree, spawnAnvil, waitForAnvil } from '../ops/anvil-process.js'
import { devnetStateFile } from './state-files.js'

/** A running six-chain devnet. */
export type Devnet = {
  rpcUrls: Record<ChainName, string>
  /** PIDs of the anvil processes, by chain. */
  pids: Record<ChainName, number>
  /** Milliseconds from the call until every chain answered. */
  bootMs: number
  /** Stops every anvil (SIGTERM, then SIGKILL) and removes the unpacked state. */
  stop(): Promise<void>
}

/** Options of {@link startDevnet}. */
export type StartDevnetOptions = {
  /** Port of ethereum; the other chains follow. Default: `SLL_DEVNET_PORT_BASE` or 8545. */
  portBase?: number
  /** No log lines on stdout. */
  quiet?: boolean
  /** Start empty chains instead of the built state (used by the build). */
  empty?: boolean
}

async function rpc<T>(rpcUrl: string, method: string, params: unknown[]): Promise<T> {
  const response = await fetch(rpcUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
    signal: AbortSignal.timeout(5_000),
  })
  const body = (await response.json()) as { result?: T; error?: { message?: string } }
  if (body.error || body.result === undefined)
    throw new Error(`${method} on ${rpcUrl} failed: ${body.error?.message}`)
  return body.result
}

/** Sets the chain's clock (`evm_setTime`) to one second after its latest block: time runs on from there. */
async function resumeClock(rpcUrl: string): Promise<void> {
  const latest = await rpc<{ timestamp: string }>(rpcUrl, 'eth_getBlockByNumber', ['latest', false])
  await rpc(rpcUrl, 'evm_setTime', [Number(latest.timestamp) + 1])
}

/** The committed devnet state is missing: the devnet was never built. */
export class DevnetStateMissingError extends NonRetryableError {
  override readonly name = 'DevnetStateMissingError'
  readonly file: string

  constructor(file: string, cause: unknown) {
    super(`devnet state ${file} is missing or unreadable`, {
      instruction: 'Run `npm run devnet:build` to build devnet/state/ from source.',
      cause,
    })
    this.file = file
  }
}

const running = new Set<AnvilProcess>()
let exitHookInstalled = false

function installExitHook(): void {
  if (exitHookInstalled) return
  exitHookInstalled = true
  // Last resort: a crashing parent must not leave anvils behind.
  process.once('exit', () => {
    for (const anvil of running) {
      try {
        process.kill(anvil.pid, 'SIGKILL')
      } catch {
        // already gone
      }
    }
  })
}

/**
 * Starts the six devnet anvils (real chain ids, ports `portBase..portBase+5`) from the committed state
 * (`anvil --load-state`), waits until all answer and returns their URLs and a `stop()`.
 */
export async function startDevnet(options: StartDevnetOptions = {}): Promise<Devnet> {
  const started = Date.now()
  const portBase = options.portBase ?? devnetPortBase()
  const stateDir = mkdtempSync(join(tmpdir(), 'sll-devnet-'))
  const anvils: Partial<Record<ChainName, AnvilProcess>> = {}
  installExitHook()
  const stopAll = async () => {
    await Promise.all(
      Object.values(anvils).map(async (anvil) => {
        await anvil.stop()
        running.delete(anvil)
      }),
    )
    rmSync(stateDir, { recursive: true, force: true })
  }
  try {
    // Otherwise a devnet already on these ports would answer our readiness probe.
    await Promise.all(chainNames.map((_, index) => assertPortFree(portBase + index)))
    for (const [index, chain] of chainNames.entries()) {
      let loadState: string | undefined
      if (!options.empty) {
        const gz = devnetStateFile(chain)
        let json: Buffer
        try {
          json = gunzipSync(readFileSync(gz))
        } catch (error) {
          throw new DevnetStateMissingError(gz, error)
        }
        loadState = join(stateDir, `${chain}.json`)
        writeFileSync(loadState, json)
      }
      const anvil = spawnAnvil({
        port: portBase + index,
        chainId: devnetChainIds[chain],
        ...(loadState ? { loadState } : {}),
      })
      anvils[chain] = anvil
      running.add(anvil)
    }
    await Promise.all(Object.values(anvils).map((anvil) => waitForAnvil(anvil)))
    // The state was dumped at build time. Resume each chain's clock from its last block, not from the wall
    // clock: otherwise the first transaction after boot would accrue all interest since the build at once
    // (and what a devnet shows would depend on the state's age).
    if (!options.empty) await Promise.all(Object.values(anvils).map((anvil) => resumeClock(anvil.rpcUrl)))
  } catch (error) {
    await stopAll()
    throw error
  }
  const rpcUrls = Object.fromEntries(
    chainNames.map((chain) => [chain, devnetRpcUrl(chain, portBase)]),
  ) as Record<ChainName, string>
  const pids = Object.fromEntries(chainNames.map((chain) => [chain, anvils[chain]!.pid])) as Record<
    ChainName,
    number
  >
  const bootMs = Date.now() - started
  if (!options.quiet) console.log(`devnet: 6 chains up in ${bootMs} ms`)
  return { rpcUrls, pids, bootMs, stop: stopAll }
}
