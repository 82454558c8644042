/**
 * viem clients of the market readers: an HTTP (or injected) transport wrapped to count JSON-RPC requests,
 * on a chain object whose `contracts.multicall3` is the registry's Multicall3.
 *
 * @module
 */
import { type Chain, createPublicClient, defineChain, http, type PublicClient, type Transport } from 'viem'
import type { ChainDeployment } from '../../chains/types.js'
import { viemChains } from '../../chains/viem-chains.js'

/** Timeout of one market-read JSON-RPC request (ms). */
export const MARKETS_RPC_TIMEOUT_MS = 10_000

/** A mutable count of JSON-RPC requests sent through a {@link countingTransport}. */
export type RequestCounter = { requests: number }

/** Wraps `inner` so that every JSON-RPC request (every attempt, including retries) increments `counter`. */
export function countingTransport(inner: Transport, counter: RequestCounter): Transport {
  return (params) => {
    const transport = inner(params)
    const request: typeof transport.request = (args, options) => {
      counter.requests += 1
      return transport.request(args, options)
    }
    return { ...transport, request }
  }
}

/** The chain object for a deployment: viem's metadata, the registry's chain id and Multicall3. */
export function marketsChain(deployment: ChainDeployment, rpcUrl: string): Chain {
  const known = viemChains[deployment.name]
  return defineChain({
    ...known,
    id: deployment.chainId,
    rpcUrls: { default: { http: [rpcUrl] } },
    contracts: { multicall3: { address: deployment.multicall3 } },
  })
}

/**
 * A public client for market reads of `deployment`. `transport` overrides the HTTP transport (tests pass
 * viem `custom({ request })`); requests are counted in `counter`.
 */
export function createMarketsClient(options: {
  deployment: ChainDeployment
  rpcUrl: string
  counter: RequestCounter
  transport?: Transport
}): PublicClient<Transport, Chain> {
  const inner = options.transport ?? http(options.rpcUrl, { timeout: MARKETS_RPC_TIMEOUT_MS, retryCount: 1 })
  return createPublicClient({
    chain: marketsChain(options.deployment, options.rpcUrl),
    transport: countingTransport(inner, options.counter),
    cacheTime: 0,
  })
}
