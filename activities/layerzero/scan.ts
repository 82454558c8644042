import { z } from 'zod'
import { type DeliveryStatusName, isDeliveryStatusName } from '../../layerzero/delivery-status.js'
import { NonRetryableError, RetryableError } from '../../lib/errors.js'

/** Public LayerZero Scan API (mainnet). */
export const LAYERZERO_SCAN_URL = 'https://scan.layerzero-api.com/v1'

/** LayerZero Scan did not answer usefully (HTTP error, timeout, unexpected body). */
export class ScanUnavailableError extends RetryableError {
  override readonly name = 'ScanUnavailableError'
}

/** LayerZero Scan reports the message as failed or blocked: it will not arrive by itself. */
export class DeliveryFailedError extends NonRetryableError {
  override readonly name = 'DeliveryFailedError'
}

const messageSchema = z.object({
  guid: z.string(),
  status: z.object({ name: z.string(), message: z.string().optional() }),
  destination: z
    .object({
      status: z.string().optional(),
      tx: z
        .object({ txHash: z.string().optional(), blockNumber: z.union([z.number(), z.string()]).optional() })
        .optional(),
    })
    .optional(),
})

/**
 * What Scan says about one message, in the vocabulary of `layerzero/delivery-status.ts`. A Scan status
 * outside it (e.g. `APPLICATION_SKIPPED`) is `INFLIGHT` (not delivered, not known to be final) with the
 * raw name in `scanStatus`. `destinationBlock` bounds the log search for the delivery.
 */
export type ScanMessage = {
  status: DeliveryStatusName
  /** Scan's own `status.name`, only when it is not a {@link DeliveryStatusName}. */
  scanStatus?: string
  detail?: string
  destinationTx?: string
  destinationBlock?: bigint
}

/**
 * Reads one message by GUID from LayerZero Scan (`GET /messages/guid/{guid}`). A message Scan does not
 * know yet (very fresh) is reported as `INFLIGHT`.
 *
 * @throws {ScanUnavailableError} on HTTP errors, timeouts or an unexpected body (retryable).
 */
export async function fetchScanMessage(
  guid: string,
  options: { baseUrl?: string; fetch?: typeof fetch; timeoutMs?: number } = {},
): Promise<ScanMessage> {
  const url = `${options.baseUrl ?? LAYERZERO_SCAN_URL}/messages/guid/${guid}`
  const doFetch = options.fetch ?? fetch
  let body: unknown
  try {
    const response = await doFetch(url, { signal: AbortSignal.timeout(options.timeoutMs ?? 10_000) })
    if (response.status === 404) return { status: 'INFLIGHT' }
    if (!response.ok) throw new Error(`HTTP ${response.status}`)
    body = await response.json()
  } catch (error) {
    throw new ScanUnavailableError(`LayerZero Scan ${url} failed: ${(error as Error).message}`, {
      instruction:
        'Retried automatically; check connectivity to LayerZero Scan or set SLL_LAYERZERO_SCAN_URL.',
    })
  }
  const parsed = z.object({ data: z.array(messageSchema) }).safeParse(body)
  if (!parsed.success) {
    throw new ScanUnavailableError(`LayerZero Scan ${url} returned an unexpected body`, {
      instruction:
        'Retried automatically; if it persists, the Scan API changed: update activities/layerzero/scan.ts.',
    })
  }
  const message = parsed.data.data.find((m) => m.guid.toLowerCase() === guid.toLowerCase())
  if (!message) return { status: 'INFLIGHT' }
  const block = message.destination?.tx?.blockNumber
  const name = message.status.name
  return {
    ...(isDeliveryStatusName(name) ? { status: name } : { status: 'INFLIGHT', scanStatus: name }),
    ...(message.status.message ? { detail: message.status.message } : {}),
    ...(message.destination?.tx?.txHash ? { destinationTx: message.destination.tx.txHash } : {}),
    ...(block !== undefined ? { destinationBlock: BigInt(block) } : {}),
  }
}

/** Scan statuses after which the message will not be delivered without an operator. */
export const terminalScanStatuses: ReadonlySet<DeliveryStatusName> = new Set<DeliveryStatusName>([
  'FAILED',
  'BLOCKED',
])
