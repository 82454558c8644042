import type { LocalAccount } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { devnetChainIds, devnetPortBase, devnetRpcUrl, loadDevnetRegistry } from '../chains/devnet.js'
import { type ChainName, chainNames } from '../chains/names.js'
import { productionRegistry } from '../chains/production.js'
import type { Registry } from '../chains/types.js'
import { devnetAccounts } from '../devnet/accounts.js'
import { NonRetryableError } from '../lib/errors.js'
import type { ChainEndpoint } from './clients.js'
import { loadSigner } from './tx/signer.js'

/** A network setting the worker cannot use. */
export class NetworkConfigError extends NonRetryableError {
  override readonly name = 'NetworkConfigError'
}

/** Which chains the worker talks to, and as whom. Built once per worker process. */
export type Network = {
  kind: 'devnet' | 'production'
  registry: Registry
  endpoint: (chain: ChainName) => ChainEndpoint
  /** The signer that holds the SLL's money (ALMProxy stand-in on the devnet). */
  signer: LocalAccount
  /** Receipt depth awaited after each transaction. */
  confirmations: number
  /** Directory of the transaction journal (sign once per step). */
  journalDir: string | undefined
}

/**
 * Reads `SLL_NETWORK` (`devnet` by default, or `production`). The devnet uses the committed registry and
 * the devnet operator key unless `SLL_SIGNER_KEY` / `SLL_SIGNER_KEY_FILE` is set; production needs
 * `SLL_RPC_<CHAIN>` for every chain and a signer key from env or key file.
 *
 * @throws {NetworkConfigError}
 */
export function loadNetwork(env: NodeJS.ProcessEnv = process.env): Network {
  const kind = env.SLL_NETWORK ?? 'devnet'
  const confirmations = Number(env.SLL_CONFIRMATIONS ?? (kind === 'devnet' ? 1 : 3))
  if (!Number.isInteger(confirmations) || confirmations < 1) {
    throw new NetworkConfigError(
      `SLL_CONFIRMATIONS=${JSON.stringify(env.SLL_CONFIRMATIONS)} is not an integer >= 1.`,
      {
        instruction: 'Set SLL_CONFIRMATIONS to the receipt depth to wait for, e.g. 3.',
      },
    )
  }
  const journalDir = env.SLL_TX_JOURNAL_DIR
  if (kind === 'devnet') {
    const registry = loadDevnetRegistry()
    const portBase = devnetPortBase(env)
    const hasKey = Boolean(env.SLL_SIGNER_KEY || env.SLL_SIGNER_KEY_FILE)
    return {
      kind,
      registry,
      endpoint: (chain) => ({
        name: chain,
        chainId: devnetChainIds[chain],
        rpcUrl: devnetRpcUrl(chain, portBase),
      }),
      signer: hasKey ? loadSigner(env) : privateKeyToAccount(devnetAccounts.operator.privateKey),
      confirmations,
      journalDir,
    }
  }
  if (kind !== 'production') {
    throw new NetworkConfigError(`SLL_NETWORK=${JSON.stringify(kind)} is not a network.`, {
      instruction: 'Set SLL_NETWORK to "devnet" (default) or "production".',
    })
  }
  const missing = chainNames.filter((c) => !env[`SLL_RPC_${c.toUpperCase()}`])
  if (missing.length > 0) {
    throw new NetworkConfigError(
      `SLL_NETWORK=production needs an RPC URL per chain; missing ${missing.map((c) => `SLL_RPC_${c.toUpperCase()}`).join(', ')}.`,
      { instruction: 'Set the missing SLL_RPC_<CHAIN> variables (https URLs of your RPC provider).' },
    )
  }
  return {
    kind,
    registry: productionRegistry,
    endpoint: (chain) => ({
      name: chain,
      chainId: productionRegistry[chain].chainId,
      rpcUrl: env[`SLL_RPC_${chain.toUpperCase()}`] as string,
    }),
    signer: loadSigner(env),
    confirmations,
    journalDir,
  }
}
