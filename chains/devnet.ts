import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { NonRetryableError } from '../lib/errors.js'
import { type ChainName, chainIdentities, chainNames } from './names.js'
import { type Registry, registrySchema } from './types.js'

/** Default port of the first devnet chain (ethereum); the others follow in {@link chainNames} order. */
export const DEFAULT_DEVNET_PORT_BASE = 8545

/** Chain ids of the devnet anvils: the real ones ({@link chainIdentities}). */
export const devnetChainIds: Record<ChainName, number> = mapChains((chain) => chainIdentities[chain].chainId)

/** LayerZero V2 endpoint ids of the devnet: the real ones ({@link chainIdentities}). */
export const devnetEids: Record<ChainName, number> = mapChains((chain) => chainIdentities[chain].eid)

function mapChains<T>(value: (chain: ChainName) => T): Record<ChainName, T> {
  return Object.fromEntries(chainNames.map((chain) => [chain, value(chain)])) as Record<ChainName, T>
}

/** Directory holding the committed devnet state, `registry.json` and `deployment.json`. */
export const devnetStateDir: string = join(dirname(fileURLToPath(import.meta.url)), '..', 'devnet', 'state')

/** The devnet registry file is missing or does not match the `Registry` shape. */
export class DevnetRegistryError extends NonRetryableError {
  override readonly name = 'DevnetRegistryError'
  readonly file: string

  constructor(file: string, detail: string, cause?: unknown) {
    super(`devnet registry ${file} is invalid: ${detail}`, {
      instruction: 'Rebuild the devnet state with `npm run devnet:build` (it rewrites devnet/state/).',
      cause,
    })
    this.file = file
  }
}

/** The port base from `SLL_DEVNET_PORT_BASE`, else {@link DEFAULT_DEVNET_PORT_BASE}. */
export function devnetPortBase(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.SLL_DEVNET_PORT_BASE
  if (raw === undefined || raw === '') return DEFAULT_DEVNET_PORT_BASE
  const port = Number(raw)
  if (!Number.isInteger(port) || port < 1 || port > 65535 - chainNames.length) {
    throw new DevnetPortError(raw)
  }
  return port
}

/** `SLL_DEVNET_PORT_BASE` is not a usable port number. */
export class DevnetPortError extends NonRetryableError {
  override readonly name = 'DevnetPortError'
  readonly value: string

  constructor(value: string) {
    super(`SLL_DEVNET_PORT_BASE=${value} is not a valid port base`, {
      instruction: `Set SLL_DEVNET_PORT_BASE to an integer between 1 and ${65535 - chainNames.length}, or unset it.`,
    })
    this.value = value
  }
}

/** Local port of `chain`: `portBase` + its index in {@link chainNames}. */
export function devnetPort(chain: ChainName, portBase: number = devnetPortBase()): number {
  return portBase + chainNames.indexOf(chain)
}

/** HTTP RPC URL of `chain` on the local devnet. */
export function devnetRpcUrl(chain: ChainName, portBase: number = devnetPortBase()): string {
  return `http://127.0.0.1:${devnetPort(chain, portBase)}`
}

/** Parses and validates an unknown value as a {@link Registry}; `file` names the source in errors. */
export function parseRegistry(value: unknown, file = 'registry'): Registry {
  const result = registrySchema.safeParse(value)
  if (!result.success) {
    const first = result.error.issues[0]
    const detail = first ? `${first.path.join('.') || '(root)'}: ${first.message}` : 'invalid'
    throw new DevnetRegistryError(file, detail, result.error)
  }
  for (const name of chainNames) {
    if (result.data[name].name !== name) {
      throw new DevnetRegistryError(file, `${name}.name is ${result.data[name].name}`)
    }
  }
  return result.data
}

/** Loads `devnet/state/registry.json` (written by `npm run devnet:build`) and validates it. */
export function loadDevnetRegistry(file: string = join(devnetStateDir, 'registry.json')): Registry {
  let raw: unknown
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'))
  } catch (error) {
    throw new DevnetRegistryError(file, 'cannot read or parse the file', error)
  }
  return parseRegistry(raw, file)
}
