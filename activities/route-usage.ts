import { Context } from '@temporalio/activity'
import type { ChainName } from '../chains/names.js'
import type { RouteUsage } from '../policies/route-usage.js'
import { searchAttributes } from '../temporal.config.js'

type MemoRoute = { from?: { chain?: ChainName }; to?: { chain?: ChainName } }

/**
 * Cross-chain moves started in the last `hours` (default 24) that are running, completed or parked, from
 * Temporal visibility: their chains (the move's memo) and amount (`SllTotalUsd`). Feeds the daily route
 * limits of the next plan.
 */
export async function readRecentRouteUsage(input: { hours?: number } = {}): Promise<RouteUsage[]> {
  const { client } = Context.current()
  const since = new Date(Date.now() - (input.hours ?? 24) * 3_600_000).toISOString()
  const usage: RouteUsage[] = []
  for await (const execution of client.workflow.list({
    query: `WorkflowType = 'executeMove' AND StartTime > '${since}' AND SllStatus IN ('running', 'completed', 'parked')`,
  })) {
    const route = execution.memo?.route as MemoRoute | undefined
    const amountUsd = execution.typedSearchAttributes.get(searchAttributes.totalUsd)
    const fromChain = route?.from?.chain
    const toChain = route?.to?.chain
    if (!fromChain || !toChain || fromChain === toChain || amountUsd === undefined) continue
    usage.push({ fromChain, toChain, amountUsd })
  }
  return usage
}
