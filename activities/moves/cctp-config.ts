import type { Address } from 'viem'
import { tokenMessengerAbi } from '../../cctp/abi.js'
import { cctpDomains } from '../../cctp/domains.js'
import type { ChainName, NetworkKind } from '../../chains/names.js'
import { attestationPortFromEnv } from '../../devnet/cctp/devnet-attestation.js'
import { type Network, NetworkConfigError } from '../network.js'
import { chainController } from './controller.js'

/** Circle's production attestation API (CCTP V1: `GET /v1/attestations/{messageHash}`). */
export const CIRCLE_ATTESTATION_URL = 'https://iris-api.circle.com'

/**
 * The attestation API base URL: `SLL_CCTP_ATTESTATION_URL` when set (validated: http or https, no query),
 * else Circle's API in production and the devnet service on `SLL_CCTP_ATTESTATION_PORT` (default 8561).
 *
 * @throws {NetworkConfigError} naming the variable and the fix.
 */
export function cctpAttestationUrl(env: NodeJS.ProcessEnv, kind: NetworkKind): string {
  const raw = env.SLL_CCTP_ATTESTATION_URL
  if (raw === undefined || raw === '') {
    return kind === 'production' ? CIRCLE_ATTESTATION_URL : `http://127.0.0.1:${attestationPortFromEnv(env)}`
  }
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    url = new URL('invalid:')
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.search || url.hash || !url.host) {
    throw new NetworkConfigError(
      `SLL_CCTP_ATTESTATION_URL=${JSON.stringify(raw)} is not an http(s) base URL without query`,
      {
        instruction: `Set SLL_CCTP_ATTESTATION_URL to the attestation API base, e.g. ${CIRCLE_ATTESTATION_URL} (the worker appends /v1/attestations/<hash>), or unset it.`,
      },
    )
  }
  return url.href.replace(/\/+$/, '')
}

/** The CCTP contracts a chain's SLL controller uses. */
export type ChainCctp = { domain: number; tokenMessenger: Address; messageTransmitter: Address }

/**
 * Reads (once per chain and worker) the CCTP contracts of `chain` from its controller: the TokenMessenger
 * it burns through (`cctp()`) and that messenger's MessageTransmitter (`localMessageTransmitter()`), which
 * also receives messages to this chain. The domain is Circle's (`cctp/domains.ts`).
 */
export function createCctpLookup(network: Network) {
  const cache = new Map<ChainName, Promise<ChainCctp>>()
  const load = async (chain: ChainName): Promise<ChainCctp> => {
    const c = chainController(network, chain)
    const tokenMessenger = await c.read<Address>('cctp')
    if (/^0x0{40}$/i.test(tokenMessenger)) {
      throw new NetworkConfigError(`the ${chain} SLL controller has no CCTP TokenMessenger`, {
        instruction: `Route USDC from ${chain} over LayerZero (snapshot costs without cctpUsd/cctpHours), or have governance set the controller's CCTP messenger.`,
      })
    }
    const messageTransmitter = await c.client.readContract({
      address: tokenMessenger,
      abi: tokenMessengerAbi,
      functionName: 'localMessageTransmitter',
    })
    return { domain: cctpDomains[chain], tokenMessenger, messageTransmitter }
  }
  return (chain: ChainName): Promise<ChainCctp> => {
    let found = cache.get(chain)
    if (!found) {
      found = load(chain)
      found.catch(() => cache.delete(chain))
      cache.set(chain, found)
    }
    return found
  }
}
