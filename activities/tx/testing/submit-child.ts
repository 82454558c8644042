/**
 * Crash-test child: `node --import tsx submit-child.ts '<SubmitTransactionInput JSON>'`.
 * Signer and journal come from env (`SLL_SIGNER_KEY`, `SLL_TX_JOURNAL_DIR`); `SLL_CHAOS_CRASH_AT` may kill it.
 * Prints the `SubmittedTransaction` JSON on stdout; on failure prints the failure JSON on stderr and exits 1.
 */
import { toActivityFailure } from '../../failure.js'
import { type SubmitTransactionInput, submitTransaction } from '../submit.js'

const input = JSON.parse(process.argv[2] ?? '{}') as SubmitTransactionInput
try {
  const result = await submitTransaction(input)
  process.stdout.write(`${JSON.stringify(result)}\n`)
} catch (error) {
  const failure = toActivityFailure(error)
  process.stderr.write(`${JSON.stringify({ type: failure.type, message: failure.message })}\n`)
  process.exitCode = 1
}
