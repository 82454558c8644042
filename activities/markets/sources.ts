/**
 * Where a live snapshot reads from: the network (devnet by default, `SLL_NETWORK=production`), its registry,
 * one RPC URL per chain (`SLL_RPC_<CHAIN>` overrides; the local devnet ports otherwise) and the operator
 * whose positions are read (`SLL_OPERATOR_ADDRESS`, else the chain's ALMProxy from the registry).
 *
 * @module
 */
import { existsSync } from 'node:fs'
import { type Address, getAddress, isAddress } from 'viem'
import { devnetPortBase, devnetRpcUrl, loadDevnetRegistry } from '../../chains/devnet.js'
import { devnetAccounts } from '../../chains/devnet-accounts.js'
import { devnetSllFile, loadDevnetSll } from '../../chains/devnet-sll.js'
import { type ChainName, chainNames, type NetworkKind } from '../../chains/names.js'
import { productionRegistry, productionSll as productionRegistrySll } from '../../chains/production.js'
import { productionSll, type SllChainDeployment, type SllDeployments } from '../../chains/sll-deployment.js'
import type { ChainDeployment, Registry } from '../../chains/types.js'
import { devnetCctpFile } from '../../devnet/cctp/deployment.js'
import { NonRetryableError } from '../../lib/errors.js'
import { isHubSpokePair, type PreflightTarget } from './preflight-plan.js'
import type { IdlePsm3 } from './vault-plans.js'

/**
 * One chain to read (`psm3`: the chain's PSM3, whose shares count as idle money, when known;
 * `preflight`: the chain's SLL controller to check, see `sll/preflight.ts`).
 */
export type ChainSource = {
  chain: ChainName
  rpcUrl: string
  deployment: ChainDeployment
  operator: Address
  psm3?: IdlePsm3
  preflight?: PreflightTarget
}

/** Overrides of the environment-derived configuration (tests, benchmarks). */
export type SourceOptions = {
  env?: NodeJS.ProcessEnv
  network?: NetworkKind
  registry?: Registry
  rpcUrls?: Partial<Record<ChainName, string>>
  operator?: Address
  /** SLL deployments (PSM3 per chain); default `devnet/state/sll.json` on the devnet when present. */
  sll?: SllDeployments
  /** Whose RELAYER role the pre-flight checks (default `SLL_RELAYER_ADDRESS`, else the devnet RELAYER). */
  relayer?: Address
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

function devnetSllIfBuilt(): SllDeployments {
  return existsSync(devnetSllFile) ? loadDevnetSll() : {}
}

function relayerFrom(env: NodeJS.ProcessEnv, network: NetworkKind): Address | undefined {
  const raw = env.SLL_RELAYER_ADDRESS?.trim()
  if (raw) {
    if (!isAddress(raw, { strict: false }))
      throw new MarketsConfigError(
        'SLL_RELAYER_ADDRESS',
        `not an address: ${JSON.stringify(raw)}`,
        'Set SLL_RELAYER_ADDRESS to the 0x address of the RELAYER (the signer), or unset it.',
      )
    return getAddress(raw)
  }
  // The devnet RELAYER is a well-known public test account (anvil mnemonic): only its address is used.
  return network === 'devnet' ? devnetAccounts.operator.address : undefined
}

/** The pre-flight target of a chain's SLL deployment (none without one). */
function preflightTarget(
  sll: SllChainDeployment | undefined,
  relayer: Address | undefined,
  cctpDestinations: readonly ChainName[] | undefined,
): PreflightTarget | undefined {
  if (!sll) return undefined
  return {
    ...(cctpDestinations ? { cctpDestinations } : {}),
    controllerVersion: sll.controllerVersion,
    controller: sll.controller,
    rateLimits: sll.rateLimits,
    psm: { kind: sll.psm.kind, address: sll.psm.address },
    ...(relayer ? { relayer } : {}),
  }
}

/**
 * The CCTP destinations of `chain`'s controller (hub and spoke pairs), or undefined without CCTP: on the
 * devnet when its CCTP stack is built (`devnet/state/cctp.json`), in production where the registry records
 * the chain's CCTP domain (on both ends).
 */
export function cctpDestinationsOf(network: NetworkKind, chain: ChainName): ChainName[] | undefined {
  const has = (c: ChainName) =>
    network === 'devnet' ? existsSync(devnetCctpFile) : productionRegistrySll[c].cctpDomain !== undefined
  if (!has(chain)) return undefined
  return chainNames.filter((to) => isHubSpokePair(chain, to) && has(to))
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
  const sll = options.sll ?? (network === 'devnet' && !options.registry ? devnetSllIfBuilt() : productionSll)
  const relayer = options.relayer ?? relayerFrom(env, network)
  // Pre-flight only against SLL deployments that belong to the registry read (a test's own registry has none).
  const preflightSll = options.sll ?? (options.registry ? {} : sll)
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
    const chainOperator = operator ?? deployment.almProxy
    if (!chainOperator)
      throw new MarketsConfigError(
        'SLL_OPERATOR_ADDRESS',
        `no operator address for ${chain} (the registry lists no ALMProxy)`,
        'Set SLL_OPERATOR_ADDRESS to the address whose positions to read.',
      )
    const psm = sll[chain]?.psm
    const psm3 = psm?.kind === 'psm3' ? { address: psm.address, rateProvider: psm.rateProvider } : undefined
    const preflight = preflightTarget(preflightSll[chain], relayer, cctpDestinationsOf(network, chain))
    return {
      chain,
      rpcUrl: url,
      deployment,
      operator: chainOperator,
      ...(psm3 ? { psm3 } : {}),
      ...(preflight ? { preflight } : {}),
    }
  })
  return { network, sources }
}
