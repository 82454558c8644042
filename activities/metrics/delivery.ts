import { Context } from '@temporalio/activity'
import { recordBridgeDelivery } from './registry.js'

/**
 * Runs one delivery check and, when it sees the delivery, records `sll_bridge_delivery_seconds`: the time
 * since the workflow first scheduled the delivery check (right after the send's receipt; Temporal keeps
 * that time across retries, so it is the same on whichever worker sees the arrival). Outside an activity
 * nothing is recorded.
 */
export async function timedDelivery<T>(
  bridge: { fromChain: string; toChain: string; asset: string } | undefined,
  check: () => Promise<T>,
): Promise<T> {
  const result = await check()
  let scheduledMs: number | undefined
  try {
    scheduledMs = Context.current().info.scheduledTimestampMs
  } catch {
    scheduledMs = undefined
  }
  if (scheduledMs !== undefined) recordBridgeDelivery(bridge, (Date.now() - scheduledMs) / 1000)
  return result
}
