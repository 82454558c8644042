import { getVenue } from '../../chains/lookup.js'
import { activityTransactions } from './activity-tx.js'
import type { StepContext, StepInput, StepResult } from './step-context.js'
import { withdrawCall } from './venue-calls.js'

/** Withdraws the source amount from the source market to the signer (no-op for an idle source). */
export function createWithdrawFromMarket(ctx: StepContext) {
  const { network, registry, owner } = ctx
  return async function withdrawFromMarket({ moveKey, route }: StepInput): Promise<StepResult> {
    if (route.from.kind !== 'market') return { txHashes: [] }
    const { venue } = getVenue(route.from.marketId, registry)
    const call = withdrawCall(venue, BigInt(route.source.amount), owner)
    const tx = await activityTransactions(network).send(route.from.chain, `${moveKey}/withdraw`, call)
    return { txHashes: [tx.hash] }
  }
}
