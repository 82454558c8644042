import {
  type Account,
  type Chain,
  createPublicClient,
  createWalletClient,
  http,
  type PublicClient,
  type Transport,
  type WalletClient,
} from 'viem'
import { type ChainEndpoint, endpointChain } from '../chains/viem-chains.js'
import { NonRetryableError } from '../lib/errors.js'
import { redactUrl } from './tx/redact.js'

export type { ChainEndpoint } from '../chains/viem-chains.js'

/** Timeout of every single JSON-RPC request (ms). */
export const RPC_TIMEOUT_MS = 10_000

/** Where a {@link WrongChainError} was found: the chain, its (redacted) RPC URL and both chain ids. */
export type WrongChainContext = {
  chain: string
  rpcUrl: string
  expectedChainId: number
  actualChainId: number
}

/**
 * The node behind a chain's RPC URL serves a different chain id than the registry says (final). The one
 * wrong-chain error of the orchestrator: thrown by the transaction clients and by the market reads.
 */
export class WrongChainError extends NonRetryableError {
  override readonly name = 'WrongChainError'
  /** Chain name in the registry (e.g. `base`). */
  readonly chain: string
  /** The RPC URL with its secret parts removed. */
  readonly rpcUrl: string
  readonly expectedChainId: number
  readonly actualChainId: number
  constructor(readonly context: WrongChainContext) {
    super(
      `chain ${context.chain}: RPC ${context.rpcUrl} serves chain id ${context.actualChainId}, expected ${context.expectedChainId}`,
      {
        instruction: `Point the RPC URL of ${context.chain} (SLL_RPC_${context.chain.toUpperCase()}) at a node of chain id ${context.expectedChainId}.`,
      },
    )
    this.chain = context.chain
    this.rpcUrl = context.rpcUrl
    this.expectedChainId = context.expectedChainId
    this.actualChainId = context.actualChainId
  }
}

/** True for loopback URLs (local anvil): poll fast there. */
export function isLocalRpcUrl(rpcUrl: string): boolean {
  try {
    const host = new URL(rpcUrl).hostname
    return host === 'localhost' || host === '127.0.0.1' || host === '[::1]' || host === '::1'
  } catch {
    return false
  }
}

/** Polling interval for receipts and blocks: 50 ms on local nodes, 1 s elsewhere. */
export function pollingIntervalFor(rpcUrl: string): number {
  return isLocalRpcUrl(rpcUrl) ? 50 : 1_000
}

const publicClients = new Map<string, PublicClient<Transport, Chain>>()
const walletClients = new Map<string, WalletClient<Transport, Chain, Account>>()
const verifiedChains = new Map<string, Promise<void>>()

const cacheKey = (endpoint: ChainEndpoint) => `${endpoint.chainId}|${endpoint.rpcUrl}`

function transportFor(endpoint: ChainEndpoint): Transport {
  return http(endpoint.rpcUrl, { timeout: RPC_TIMEOUT_MS, retryCount: 2 })
}

/** The cached public client of an endpoint (every request times out after {@link RPC_TIMEOUT_MS}). */
export function getPublicClient(endpoint: ChainEndpoint): PublicClient<Transport, Chain> {
  const key = cacheKey(endpoint)
  let client = publicClients.get(key)
  if (!client) {
    client = createPublicClient({
      chain: endpointChain(endpoint),
      transport: transportFor(endpoint),
      pollingInterval: pollingIntervalFor(endpoint.rpcUrl),
      cacheTime: 0,
    })
    publicClients.set(key, client)
  }
  return client
}

/** The cached wallet client of an endpoint for one local account. */
export function getWalletClient(
  endpoint: ChainEndpoint,
  account: Account,
): WalletClient<Transport, Chain, Account> {
  const key = `${cacheKey(endpoint)}|${account.address.toLowerCase()}`
  let client = walletClients.get(key)
  if (!client) {
    client = createWalletClient({
      account,
      chain: endpointChain(endpoint),
      transport: transportFor(endpoint),
      pollingInterval: pollingIntervalFor(endpoint.rpcUrl),
      cacheTime: 0,
    })
    walletClients.set(key, client)
  }
  return client
}

/**
 * Checks once per (chain id, URL) and process that the node serves the expected chain.
 * A network failure is not cached (the next call checks again); a mismatch throws {@link WrongChainError}.
 */
export function verifyChainId(endpoint: ChainEndpoint): Promise<void> {
  const key = cacheKey(endpoint)
  let check = verifiedChains.get(key)
  if (!check) {
    check = (async () => {
      const actual = await getPublicClient(endpoint).getChainId()
      if (actual !== endpoint.chainId) {
        throw new WrongChainError({
          chain: endpoint.name,
          rpcUrl: redactUrl(endpoint.rpcUrl),
          expectedChainId: endpoint.chainId,
          actualChainId: actual,
        })
      }
    })()
    verifiedChains.set(key, check)
    check.catch(() => verifiedChains.delete(key))
  }
  return check
}

/** The public client of an endpoint after {@link verifyChainId} succeeded. */
export async function getVerifiedPublicClient(
  endpoint: ChainEndpoint,
): Promise<PublicClient<Transport, Chain>> {
  await verifyChainId(endpoint)
  return getPublicClient(endpoint)
}

/** Drops every cached client and chain check (tests that simulate a process restart). */
export function resetClientCache(): void {
  publicClients.clear()
  walletClients.clear()
  verifiedChains.clear()
}
