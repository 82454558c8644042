/**
 * Crash-test child sending through the nonce owner, as a worker on another host would:
 * `node --import tsx owned-submit-child.ts '<SubmitTransactionInput JSON>'`. Env: `SLL_SIGNER_KEY`,
 * `SLL_TX_JOURNAL_DIR` (chaos markers only), `TEMPORAL_ADDRESS`, `TEMPORAL_NAMESPACE`, `SLL_TEST_TASK_QUEUE`
 * (whose worker hosts the nonce owner), `SLL_TEST_STUCK_AFTER_MS`, `SLL_MAX_GAS_PRICE_GWEI_<CHAIN>`;
 * `SLL_CHAOS_CRASH_AT` may kill it. Prints the `SubmittedTransaction` JSON on stdout; on failure the
 * failure JSON on stderr and exit 1.
 */
import { Client, Connection } from '@temporalio/client'
import { parseFeeCaps } from '../../../lib/fee-caps.js'
import { toActivityFailure } from '../../failure.js'
import { temporalNonceLedger } from '../nonce-ledger.js'
import { loadSigner } from '../signer.js'
import { type SubmitTransactionInput, submitTransaction } from '../submit.js'

const input = JSON.parse(process.argv[2] ?? '{}') as SubmitTransactionInput
const connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS as string })
try {
  const client = new Client({ connection, namespace: process.env.TEMPORAL_NAMESPACE as string })
  const signer = loadSigner()
  const result = await submitTransaction(input, {
    signer,
    nonces: temporalNonceLedger(
      client,
      process.env.SLL_TEST_TASK_QUEUE as string,
      input.chain.chainId,
      signer.address,
    ),
    feeCaps: parseFeeCaps(process.env),
    stuckAfterMs: Number(process.env.SLL_TEST_STUCK_AFTER_MS ?? '30000'),
  })
  process.stdout.write(`${JSON.stringify(result)}\n`)
} catch (error) {
  const failure = toActivityFailure(error)
  process.stderr.write(`${JSON.stringify({ type: failure.type, message: failure.message })}\n`)
  process.exitCode = 1
} finally {
  await connection.close()
}
