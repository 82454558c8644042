/**
 * Failures of the market readers. Each names the chain (and venue) so an operator knows where to look;
 * none of them lets a snapshot go out with a silently missing or zero market.
 *
 * @module
 */
import { describeError, NonRetryableError, RetryableError, SllError } from '../../lib/errors.js'

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
    super(`chain ${chain}: RPC ${rpcUrl} is unreachable or refused the request (${detail})`, {
      instruction:
        "Start the node or fix its URL: SLL_RPC_<CHAIN> sets a chain's RPC URL; the default devnet starts with `npm run devnet`.",
      cause,
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
    const lines = failures.map(
      ({ error }) => `  - ${error instanceof SllError ? error.shortMessage : describeError(error)}`,
    )
    const instructions = [
      ...new Set(
        failures.flatMap(({ error }) =>
          error instanceof SllError && error.instruction ? [error.instruction] : [],
        ),
      ),
    ]
    super(
      `snapshot failed on ${failures.length} chains (no partial snapshot is produced):\n${lines.join('\n')}`,
      {
        instruction: instructions.length > 0 ? instructions.join('\n  -> ') : 'Fix the chains listed above.',
      },
    )
  }
}

/** The deployment passed for a chain belongs to another chain (a wiring mistake of the caller). */
export class DeploymentMismatchError extends NonRetryableError {
  override readonly name = 'DeploymentMismatchError'
  constructor(
    readonly chain: string,
    readonly deploymentChain: string,
  ) {
    super(`chain ${chain}: got the registry entry of ${deploymentChain}`, {
      instruction: 'Pass registry[chain] for the chain being read.',
    })
  }
}
