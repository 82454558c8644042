import type { Address, LocalAccount } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { devnetAccounts } from '../chains/devnet-accounts.js'
import { loadDevnetSll } from '../chains/devnet-sll.js'
import type { ChainName, NetworkKind } from '../chains/names.js'
import { productionSll, type SllChainDeployment, type SllDeployments } from '../chains/sll-deployment.js'
import type { Registry } from '../chains/types.js'
import { NonRetryableError } from '../lib/errors.js'
import { type FeeCaps, parseFeeCaps } from '../lib/fee-caps.js'
import type { ChainEndpoint } from './clients.js'
import { LAYERZERO_SCAN_URL } from './layerzero/scan.js'
import type { PreflightTarget } from './markets/preflight-plan.js'
import { networkFromEnv, resolveSources } from './markets/sources.js'
import type { IdlePsm3 } from './markets/vault-plans.js'
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
  /** The RELAYER: signs controller calls, holds gas only (never tokens). */
  signer: LocalAccount
  /** Whose positions and idle money are read on `chain` (`SLL_OPERATOR_ADDRESS`, default the ALMProxy). */
  holder: (chain: ChainName) => Address
  /** The chain's PSM3 (L2s), whose shares the holder's idle money includes. */
  psm3: (chain: ChainName) => IdlePsm3 | undefined
  /**
   * The SLL deployment of `chain` (ALMProxy, controller + version, RateLimits, PSM): `devnet/state/sll.json`
   * on the devnet, {@link productionSll} in production.
   * @throws {NetworkConfigError} when the chain has none.
   */
  sll: (chain: ChainName) => SllChainDeployment
  /** The chain's pre-flight target (controller, RateLimits, PSM; RELAYER = the signer), when the SLL is known. */
  preflight?: (chain: ChainName) => PreflightTarget | undefined
  /** Receipt depth awaited after each transaction. */
  confirmations: number
  /** Directory of the transaction journal (sign once per step). */
  journalDir: string | undefined
  /**
   * How bridge deliveries are followed: `chain-logs` (OFTReceived by GUID on the destination; the devnet)
   * or LayerZero Scan (production; `SLL_LAYERZERO_SCAN_URL` overrides the API base).
   */
  delivery: { kind: 'chain-logs' } | { kind: 'layerzero-scan'; baseUrl: string }
  /** Per-chain caps on the LayerZero fee and the gas price (`lib/fee-caps.ts`); default caps when absent. */
  feeCaps?: FeeCaps
}

/**
 * Reads `SLL_NETWORK` (`devnet` by default, or `production`); registry and RPC URLs resolve as for the
 * market readers (`activities/markets/sources.ts`: `SLL_RPC_<CHAIN>` overrides, devnet ports otherwise).
 * The devnet signs with the devnet operator key unless `SLL_SIGNER_KEY` / `SLL_SIGNER_KEY_FILE` is set;
 * production needs one of them. The signer is the RELAYER (gas only); positions are read for
 * `SLL_OPERATOR_ADDRESS`, default each chain's ALMProxy, and moves run through each chain's controller.
 *
 * @throws {NetworkConfigError} | MarketsConfigError | SignerKeyMissingError
 */
export function loadNetwork(
  env: NodeJS.ProcessEnv = process.env,
  opts: { sll?: SllDeployments } = {},
): Network {
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
  const { sources } = resolveSources({
    env,
    network: kind,
    relayer: signer.address,
    ...(opts.sll ? { sll: opts.sll } : {}),
  })
  const preflight = Object.fromEntries(sources.map((s) => [s.chain, s.preflight])) as Partial<
    Record<ChainName, PreflightTarget>
  >
  const registry = Object.fromEntries(sources.map((s) => [s.chain, s.deployment])) as Registry
  const urls = Object.fromEntries(sources.map((s) => [s.chain, s.rpcUrl])) as Record<ChainName, string>
  const holders = Object.fromEntries(sources.map((s) => [s.chain, s.operator])) as Record<ChainName, Address>
  const psm3s = Object.fromEntries(sources.map((s) => [s.chain, s.psm3])) as Record<
    ChainName,
    IdlePsm3 | undefined
  >
  let deployments = opts.sll
  const sll = (chain: ChainName): SllChainDeployment => {
    deployments ??= kind === 'devnet' ? loadDevnetSll() : productionSll
    const found = deployments[chain]
    if (!found) {
      throw new NetworkConfigError(
        `no SLL deployment (controller, ALMProxy, RateLimits) known for ${chain}`,
        {
          instruction: `Add ${chain} to the SLL deployments (chains/sll-deployment.ts) before executing moves there.`,
        },
      )
    }
    return found
  }
  return {
    kind,
    registry,
    endpoint: (chain) => ({ name: chain, chainId: registry[chain].chainId, rpcUrl: urls[chain] }),
    signer,
    holder: (chain) => holders[chain],
    psm3: (chain) => psm3s[chain],
    sll,
    preflight: (chain) => preflight[chain],
    confirmations,
    journalDir: env.SLL_TX_JOURNAL_DIR,
    feeCaps: parseFeeCaps(env),
    delivery:
      kind === 'production'
        ? { kind: 'layerzero-scan', baseUrl: env.SLL_LAYERZERO_SCAN_URL ?? LAYERZERO_SCAN_URL }
        : { kind: 'chain-logs' },
  }
}
