import type { LocalAccount } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { devnetAccounts } from '../chains/devnet-accounts.js'
import type { ChainName, NetworkKind } from '../chains/names.js'
import type { Registry } from '../chains/types.js'
import { NonRetryableError } from '../lib/errors.js'
import type { ChainEndpoint } from './clients.js'
import { LAYERZERO_SCAN_URL } from './layerzero/scan.js'
import { networkFromEnv, resolveSources } from './markets/sources.js'
import { loadSigner } from './tx/signer.js'

/** A network setting the worker cannot use. */
export class NetworkConfigError extends NonRetryableError {
  override readonly name = 'NetworkConfigError'
}

/** Which chains the worker talks to, and as whom. Built once per worker process. */
export type Network = {
  kind: NetworkKind
  registry: Registry
  endpoint: (chain: ChainName) => ChainEndpoint
  /** The signer that holds the SLL's money (ALMProxy stand-in on the devnet). */
  signer: LocalAccount
  /** Receipt depth awaited after each transaction. */
  confirmations: number
  /** Directory of the transaction journal (sign once per step). */
  journalDir: string | undefined
  /**
   * How bridge deliveries are followed: `chain-logs` (OFTReceived by GUID on the destination; the devnet)
   * or LayerZero Scan (production; `SLL_LAYERZERO_SCAN_URL` overrides the API base).
   */
  delivery: { kind: 'chain-logs' } | { kind: 'layerzero-scan'; baseUrl: string }
}

/**
 * Reads `SLL_NETWORK` (`devnet` by default, or `production`); registry and RPC URLs resolve as for the
 * market readers (`activities/markets/sources.ts`: `SLL_RPC_<CHAIN>` overrides, devnet ports otherwise).
 * The devnet signs with the devnet operator key unless `SLL_SIGNER_KEY` / `SLL_SIGNER_KEY_FILE` is set;
 * production needs one of them. Positions are read for the signer.
 *
 * @throws {NetworkConfigError} | MarketsConfigError | SignerKeyMissingError
 */
export function loadNetwork(env: NodeJS.ProcessEnv = process.env): Network {
  const kind = networkFromEnv(env)
  const confirmations = Number(env.SLL_CONFIRMATIONS ?? (kind === 'devnet' ? 1 : 3))
  if (!Number.isInteger(confirmations) || confirmations < 1) {
    throw new NetworkConfigError(
      `SLL_CONFIRMATIONS=${JSON.stringify(env.SLL_CONFIRMATIONS)} is not an integer >= 1.`,
      {
        instruction: 'Set SLL_CONFIRMATIONS to the receipt depth to wait for, e.g. 3.',
      },
    )
  }
  const hasKey = Boolean(env.SLL_SIGNER_KEY || env.SLL_SIGNER_KEY_FILE)
  const signer =
    kind === 'devnet' && !hasKey ? privateKeyToAccount(devnetAccounts.operator.privateKey) : loadSigner(env)
  const { sources } = resolveSources({ env, network: kind, operator: signer.address })
  const registry = Object.fromEntries(sources.map((s) => [s.chain, s.deployment])) as Registry
  const urls = Object.fromEntries(sources.map((s) => [s.chain, s.rpcUrl])) as Record<ChainName, string>
  return {
    kind,
    registry,
    endpoint: (chain) => ({ name: chain, chainId: registry[chain].chainId, rpcUrl: urls[chain] }),
    signer,
    confirmations,
    journalDir: env.SLL_TX_JOURNAL_DIR,
    delivery:
      kind === 'production'
        ? { kind: 'layerzero-scan', baseUrl: env.SLL_LAYERZERO_SCAN_URL ?? LAYERZERO_SCAN_URL }
        : { kind: 'chain-logs' },
  }
}
