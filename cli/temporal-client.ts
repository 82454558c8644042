import { Client, Connection } from '@temporalio/client'
import { describeError } from '../lib/errors.js'
import { TemporalUnreachableError } from '../lib/temporal-errors.js'
import { temporalTlsFromEnv } from '../lib/temporal-tls.js'
import { loadTemporalConfig, type TemporalConfig } from '../temporal.config.js'

/**
 * Connects a client to the configured Temporal server, or fails with one line saying how to start it.
 * Call `close()` when done.
 */
export async function connectClient(
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ client: Client; connection: Connection; config: TemporalConfig; close: () => Promise<void> }> {
  const config = loadTemporalConfig(env)
  const tls = temporalTlsFromEnv(env)
  let connection: Connection
  try {
    connection = await Connection.connect({
      address: config.address,
      connectTimeout: 3_000,
      ...(tls ? { tls } : {}),
    })
  } catch (error) {
    const reason = /ECONNREFUSED|Connection refused|connect/i.test(describeError(error))
      ? 'connection refused'
      : describeError(error)
    throw new TemporalUnreachableError(`cannot reach Temporal at ${config.address} (${reason}).`, {
      instruction:
        'Start everything with `npm start` (or the server alone with `npm run temporal`), or set TEMPORAL_ADDRESS.',
    })
  }
  const client = new Client({ connection, namespace: config.namespace })
  return { client, connection, config, close: () => connection.close() }
}

/** Extracts the readable reason of a Temporal client error (update refusals carry it in `cause`). */
export function temporalReason(error: unknown): string {
  const cause = (error as { cause?: { message?: string } } | null)?.cause
  return cause?.message ?? describeError(error)
}
