/**
 * Failures of the market readers. Each names the chain (and venue) so an operator knows where to look;
 * none of them lets a snapshot go out with a silently missing or zero market.
 *
 * @module
 */
import { NonRetryableError, RetryableError } from '../../lib/errors.js'

/** The RPC endpoint of a chain did not answer (connection refused, timeout, HTTP error). */
export class ChainUnreachableError extends RetryableError {
  override readonly name = 'ChainUnreachableError'
  constructor(
    readonly chain: string,
    /** The RPC URL with its secret parts (path, query, credentials) removed. */
    readonly rpcUrl: string,
    readonly detail: string,
    cause?: unknown,
  ) {
    super(`chain ${chain}: RPC ${rpcUrl} is unreachable (${detail})`, {
      instruction: `Check that the node behind SLL_RPC_${chain.toUpperCase()} (or the devnet: \`npm run devnet\`) is running and reachable.`,
      cause,
    })
  }
}

/** The node behind a chain's RPC URL serves a different chain id than the registry says. */
export class WrongChainIdError extends NonRetryableError {
  override readonly name = 'WrongChainIdError'
  constructor(
    readonly chain: string,
    readonly rpcUrl: string,
    readonly expectedChainId: number,
    readonly actualChainId: number,
  ) {
    super(`chain ${chain}: RPC ${rpcUrl} serves chain id ${actualChainId}, expected ${expectedChainId}`, {
      instruction: `Point SLL_RPC_${chain.toUpperCase()} at a node of chain id ${expectedChainId}.`,
    })
  }
}

/** A venue's contract did not answer a read (revert, no code at the address, undecodable result). */
export class VenueReadError extends NonRetryableError {
  override readonly name = 'VenueReadError'
  constructor(
    readonly chain: string,
    /** Market id (e.g. `base/aave/USDC`), or what was read (`idle USDS`, `multicall3`). */
    readonly venue: string,
    /** The call that failed, e.g. `Pool.getReserveData(0x...) @ 0x...`. */
    readonly call: string,
    readonly detail: string,
    cause?: unknown,
  ) {
    super(`chain ${chain}, venue ${venue}: ${call} failed (${detail})`, {
      instruction:
        'Check the registry address of this venue against the chain (chains/), and that the contract is deployed there.',
      cause,
    })
  }
}

/** Several chains failed in one snapshot; each failure is listed (the snapshot is not produced). */
export class SnapshotIncompleteError extends RetryableError {
  override readonly name = 'SnapshotIncompleteError'
  constructor(readonly failures: { chain: string; error: unknown }[]) {
    super(
      `snapshot failed on ${failures.length} chains:\n${failures
        .map(({ chain, error }) => `  - ${chain}: ${error instanceof Error ? error.message : String(error)}`)
        .join('\n')}`,
      { instruction: 'Fix the chains listed above; no partial snapshot is produced.' },
    )
  }
}
