/**
 * Where a live snapshot reads from: the network (devnet by default, `SLL_NETWORK=production`), its registry,
 * one RPC URL per chain (`SLL_RPC_<CHAIN>` overrides; the local devnet ports otherwise) and the operator
 * whose positions are read (`SLL_OPERATOR_ADDRESS`, else the chain's ALMProxy in production, else the
 * devnet operator account).
 *
 * @module
 */
import { type Address, getAddress, isAddress } from 'viem'
import { devnetPortBase, devnetRpcUrl, loadDevnetRegistry } from '../../chains/devnet.js'
// The devnet operator is a well-known public test key (anvil mnemonic): only its address is used here.
import { devnetAccounts } from '../../chains/devnet-accounts.js'
import { type ChainName, chainNames, type NetworkKind } from '../../chains/names.js'
import { productionRegistry } from '../../chains/production.js'
import type { ChainDeployment, Registry } from '../../chains/types.js'
import { NonRetryableError } from '../../lib/errors.js'

/** One chain to read. */
export type ChainSource = { chain: ChainName; rpcUrl: string; deployment: ChainDeployment; operator: Address }

/** Overrides of the environment-derived configuration (tests, benchmarks). */
export type SourceOptions = {
  env?: NodeJS.ProcessEnv
  network?: NetworkKind
  registry?: Registry
  rpcUrls?: Partial<Record<ChainName, string>>
  operator?: Address
}

/** A configuration value of the market readers is missing or malformed. */
export class MarketsConfigError extends NonRetryableError {
  override readonly name = 'MarketsConfigError'
  constructor(
    readonly variable: string,
    detail: string,
    instruction: string,
  ) {
    super(`${variable}: ${detail}`, { instruction })
  }
}

/** The env variable holding the RPC URL of `chain`, e.g. `SLL_RPC_BASE`. */
export function rpcEnvVar(chain: ChainName): string {
  return `SLL_RPC_${chain.toUpperCase()}`
}

/** The network from `SLL_NETWORK` (default devnet). */
export function networkFromEnv(env: NodeJS.ProcessEnv = process.env): NetworkKind {
  const value = env.SLL_NETWORK?.trim() || 'devnet'
  if (value === 'devnet' || value === 'production') return value
  throw new MarketsConfigError(
    'SLL_NETWORK',
    `unknown network "${value}"`,
    'Set SLL_NETWORK to devnet or production.',
  )
}

function operatorFrom(env: NodeJS.ProcessEnv): Address | undefined {
  const raw = env.SLL_OPERATOR_ADDRESS?.trim()
  if (!raw) return undefined
  if (!isAddress(raw, { strict: false }))
    throw new MarketsConfigError(
      'SLL_OPERATOR_ADDRESS',
      `not an address: ${JSON.stringify(raw)}`,
      'Set SLL_OPERATOR_ADDRESS to the 0x address whose positions to read (the ALMProxy), or unset it.',
    )
  return getAddress(raw)
}

/** Resolves the chains to read, in {@link chainNames} order. */
export function resolveSources(options: SourceOptions = {}): {
  network: NetworkKind
  sources: ChainSource[]
} {
  const env = options.env ?? process.env
  const network = options.network ?? networkFromEnv(env)
  const registry = options.registry ?? (network === 'devnet' ? loadDevnetRegistry() : productionRegistry)
  const operator = options.operator ?? operatorFrom(env)
  const sources = chainNames.map((chain): ChainSource => {
    const deployment = registry[chain]
    const rpcUrl = options.rpcUrls?.[chain] ?? env[rpcEnvVar(chain)]?.trim() ?? ''
    const url = rpcUrl || (network === 'devnet' ? devnetRpcUrl(chain, devnetPortBase(env)) : '')
    if (!url)
      throw new MarketsConfigError(
        rpcEnvVar(chain),
        `no RPC URL for ${chain} (SLL_NETWORK=production)`,
        `Set ${rpcEnvVar(chain)} to an RPC URL of chain id ${deployment.chainId}.`,
      )
    const chainOperator =
      operator ?? (network === 'devnet' ? devnetAccounts.operator.address : deployment.almProxy)
    if (!chainOperator)
      throw new MarketsConfigError(
        'SLL_OPERATOR_ADDRESS',
        `no operator address for ${chain} (the registry lists no ALMProxy)`,
        'Set SLL_OPERATOR_ADDRESS to the address whose positions to read.',
      )
    return { chain, rpcUrl: url, deployment, operator: chainOperator }
  })
  return { network, sources }
}
