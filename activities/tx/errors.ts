import { NonRetryableError, RetryableError } from '../../lib/errors.js'

/**
 * A transaction that reverts: either in the pre-send simulation (nothing was signed or broadcast)
 * or on chain after it was mined (the nonce is spent, the state change is not).
 */
export class TransactionRevertedError extends NonRetryableError {
  override readonly name = 'TransactionRevertedError'
  constructor(
    readonly context: {
      chain: string
      idempotencyKey: string
      to: string
      /** Decoded revert reason when available (`Error(string)`, `Panic(uint256)` or a custom error). */
      reason: string | undefined
      /** `simulation`: nothing was sent. `mined`: the tx is on chain with status reverted. */
      stage: 'simulation' | 'mined'
      hash?: string
    },
  ) {
    super(
      `Transaction ${context.idempotencyKey} on ${context.chain} to ${context.to} reverted in ${context.stage}` +
        `${context.reason ? `: ${context.reason}` : ''}${context.hash ? ` (tx ${context.hash})` : ''}`,
      {
        instruction:
          context.stage === 'simulation'
            ? 'Nothing was signed or sent. Check balances, allowances and contract state for this step, then retry the workflow step.'
            : 'The transaction was mined and reverted (gas spent, no state change). Inspect it in a block explorer before retrying the step under a new key.',
      },
    )
  }
}

/**
 * The nonce of a journaled transaction was used by a different transaction: our signed tx can never
 * be mined. Someone else sent from this signer (a second worker, a manual send, a wallet).
 */
export class NonceConsumedByOtherError extends NonRetryableError {
  override readonly name = 'NonceConsumedByOtherError'
  constructor(
    readonly context: { chain: string; signer: string; idempotencyKey: string; nonce: number; hash: string },
  ) {
    super(
      `Nonce ${context.nonce} of signer ${context.signer} on ${context.chain} was consumed by another transaction; ` +
        `our tx ${context.hash} for ${context.idempotencyKey} will never be mined`,
      {
        instruction:
          'Find which transaction used this nonce (block explorer), make sure only one worker owns the signer, ' +
          'check whether the intended effect already happened, then re-run the step under a new idempotency key.',
      },
    )
  }
}

/** Resume details (heartbeat details / journal entry) that do not belong to this step or are corrupt. */
export class InvalidResumeDetailsError extends NonRetryableError {
  override readonly name = 'InvalidResumeDetailsError'
  constructor(readonly context: { idempotencyKey: string; problem: string }) {
    super(`Resume details for ${context.idempotencyKey} are invalid: ${context.problem}`, {
      instruction:
        'The persisted transaction details do not match this step. Inspect the tx journal and the activity heartbeat details before retrying.',
    })
  }
}

/** The receipt did not reach the required depth in time; the tx is journaled and will be found on retry. */
export class ReceiptTimeoutError extends RetryableError {
  override readonly name = 'ReceiptTimeoutError'
  constructor(readonly context: { chain: string; hash: string; confirmations: number; timeoutMs: number }) {
    super(
      `Transaction ${context.hash} on ${context.chain} did not reach ${context.confirmations} confirmation(s) within ${context.timeoutMs} ms`,
      {
        instruction:
          'The tx stays journaled; a retry looks it up on chain and never signs again. If it stays pending, check gas prices and the node.',
      },
    )
  }
}

/** The node refused a raw transaction for a reason other than "already known" / "nonce too low". */
export class BroadcastRejectedError extends RetryableError {
  override readonly name = 'BroadcastRejectedError'
  constructor(readonly context: { chain: string; hash: string; detail: string }) {
    super(`Node rejected transaction ${context.hash} on ${context.chain}: ${context.detail}`, {
      instruction:
        'The signed tx stays journaled and is re-broadcast byte for byte on retry. Fix the cause (e.g. fund the signer for gas).',
    })
  }
}

/** A submit request that cannot be a valid transaction (bad address, data or value). */
export class InvalidTransactionInputError extends NonRetryableError {
  override readonly name = 'InvalidTransactionInputError'
  constructor(readonly context: { idempotencyKey: string; field: string; problem: string }) {
    super(`Transaction ${context.idempotencyKey}: ${context.field} ${context.problem}`, {
      instruction:
        'Fix the activity input (addresses are 0x + 40 hex, data is 0x hex, value a decimal string).',
    })
  }
}

/**
 * The journal records a confirmed tx that the chain does not know: the node was reset (e.g. a devnet
 * restarted from the same state dump) or reorganized deeper than the confirmation depth. Nothing is sent.
 */
export class JournalChainMismatchError extends NonRetryableError {
  override readonly name = 'JournalChainMismatchError'
  constructor(readonly context: { chain: string; journalFile: string; hash: string; blockNumber: string }) {
    super(
      `Tx journal ${context.journalFile} records tx ${context.hash} as confirmed in block ${context.blockNumber}, ` +
        `but chain ${context.chain} does not know it`,
      {
        instruction:
          'If the chain was reset (devnet restart), point SLL_TX_JOURNAL_DIR at a fresh directory for the new chain instance. ' +
          'Otherwise a deep reorg dropped the tx: investigate before moving the journal aside.',
      },
    )
  }
}

/** The tx already signed under this idempotency key is a different call (to, data or value differ). */
export class IdempotencyKeyConflictError extends NonRetryableError {
  override readonly name = 'IdempotencyKeyConflictError'
  constructor(readonly context: { idempotencyKey: string; hash: string; field: 'to' | 'data' | 'value' }) {
    super(
      `Idempotency key ${context.idempotencyKey} already signed tx ${context.hash} with a different ${context.field}`,
      {
        instruction:
          'Two different calls share one idempotency key (a workflow changed a step without changing its key?). ' +
          'Check whether tx ' +
          context.hash +
          ' did what was intended before re-running under a new key.',
      },
    )
  }
}

/**
 * A transaction stayed unmined until the receipt bound after its fees reached the chain's gas price cap:
 * no further version is signed. Every version named here is recorded by the nonce owner and may still be
 * mined (it holds the nonce; nothing after it is mined first).
 */
export class StuckTransactionError extends NonRetryableError {
  override readonly name = 'StuckTransactionError'
  constructor(
    readonly context: {
      chain: string
      idempotencyKey: string
      nonce: number
      /** Every recorded version, oldest first. */
      hashes: string[]
      /** `maxFeePerGas` / `maxPriorityFeePerGas` of the newest version (wei per gas). */
      maxFeePerGas: string
      maxPriorityFeePerGas: string
      /** The cap (wei per gas) and the env variable that sets it. */
      cap: string
      variable: string
      waitedMs: number
    },
  ) {
    super(
      `Transaction ${context.idempotencyKey} on ${context.chain} (nonce ${context.nonce}) is not mined after ${context.waitedMs} ms at the gas price cap: ` +
        `newest version maxFeePerGas ${context.maxFeePerGas}, maxPriorityFeePerGas ${context.maxPriorityFeePerGas} wei, cap ${context.cap} wei (${context.variable}); versions ${context.hashes.join(', ')}`,
      {
        instruction:
          `Nothing above the cap was signed. Any listed version may still be mined when the base fee falls. Either wait ` +
          `and retry the step (the retry settles the recorded versions and never signs another call), or raise ` +
          `${context.variable} and retry (it bumps within the new cap). Later transactions of this signer wait behind this nonce.`,
      },
    )
  }
}
