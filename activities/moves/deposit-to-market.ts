import type { Address } from 'viem'
import { getVenue } from '../../chains/lookup.js'
import { crashIfChaos } from '../tx/chaos.js'
import { resolveJournalDir } from '../tx/journal.js'
import { activityTransactions } from './activity-tx.js'
import type { StepContext, StepInput, StepResult } from './step-context.js'
import { depositCall } from './venue-calls.js'

/** Deposits `amount` (base units of the destination asset) into the destination market. */
export function createDepositToMarket(ctx: StepContext) {
  const { network, registry, owner } = ctx
  return async function depositToMarket(input: StepInput & { amount: string }): Promise<StepResult> {
    const { moveKey, route } = input
    crashIfChaos('before-deposit', `${moveKey}/deposit`, resolveJournalDir(network.journalDir))
    if (route.to.kind !== 'market') return { txHashes: [] }
    const { venue } = getVenue(route.to.marketId, registry)
    const amount = BigInt(input.amount)
    const call = depositCall(venue, amount, owner)
    const txs = activityTransactions(network)
    const hashes: string[] = []
    const approval = await txs.approve(route.to.chain, `${moveKey}/approve-deposit`, {
      token: venue.underlying,
      spender: call.spender as Address,
      amount,
    })
    if (approval.approved) hashes.push(approval.tx.hash)
    const tx = await txs.send(route.to.chain, `${moveKey}/deposit`, call)
    hashes.push(tx.hash)
    return { txHashes: hashes }
  }
}
