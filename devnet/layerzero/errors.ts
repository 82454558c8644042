import { NonRetryableError } from '../../lib/errors.js'

/** A devnet deployment or configuration transaction reverted. */
export class DevnetTransactionRevertedError extends NonRetryableError {
  override readonly name = 'DevnetTransactionRevertedError'
  readonly chain: string
  readonly label: string
  readonly hash: string

  constructor(context: { chain: string; label: string; hash: string }) {
    super(`devnet transaction "${context.label}" reverted on ${context.chain} (${context.hash})`, {
      instruction: `Replay it with \`cast run ${context.hash}\` against that anvil to see the revert reason; the devnet build must be fixed.`,
    })
    this.chain = context.chain
    this.label = context.label
    this.hash = context.hash
  }
}

/** The mesh description passed to the deployer is unusable. */
export class InvalidMeshConfigError extends NonRetryableError {
  override readonly name = 'InvalidMeshConfigError'
  readonly detail: string

  constructor(detail: string) {
    super(`invalid LayerZero mesh config: ${detail}`, {
      instruction: 'Pass each chain once with its own eid, and include the home chain "ethereum".',
    })
    this.detail = detail
  }
}
