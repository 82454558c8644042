import { getVenue } from '../../chains/lookup.js'
import { aaveDepositKey, erc4626DepositKey } from '../../sll/keys.js'
import { crashIfChaos } from '../tx/chaos.js'
import { resolveJournalDir } from '../tx/journal.js'
import { chainController } from './controller.js'
import type { StepContext, StepInput, StepResult } from './step-context.js'

/**
 * Deposits `amount` (base units of the destination asset) from the ALMProxy into the destination market
 * through the chain's controller: `depositAave(aToken, amount)` (AAVE_DEPOSIT down) or
 * `depositERC4626(vault, amount[, minSharesOut])` (4626_DEPOSIT down). The controller approves the venue.
 */
export function createDepositToMarket(ctx: StepContext) {
  const { network, registry } = ctx
  return async function depositToMarket(input: StepInput & { amount: string }): Promise<StepResult> {
    const { moveKey, route } = input
    crashIfChaos('before-deposit', `${moveKey}/deposit`, resolveJournalDir(network.journalDir))
    if (route.to.kind !== 'market') return { txHashes: [], rateLimits: [] }
    const { venue } = getVenue(route.to.marketId, registry)
    const amount = BigInt(input.amount)
    const c = chainController(network, route.to.chain)
    const key = `${moveKey}/deposit`
    if ('aToken' in venue) {
      const { tx, rateLimits } = await c.relay(key, {
        functionName: 'depositAave',
        args: [venue.aToken, amount],
        limits: [
          { key: aaveDepositKey(venue.aToken), label: `AAVE_DEPOSIT(${venue.id})`, kind: 'decrease', amount },
        ],
      })
      return { txHashes: [tx.hash], rateLimits }
    }
    const vault = venue.vault
    const args = await c.erc4626Args('deposit', vault, amount)
    const { tx, rateLimits } = await c.relay(key, {
      functionName: 'depositERC4626',
      args,
      limits: [
        { key: erc4626DepositKey(vault), label: `4626_DEPOSIT(${venue.id})`, kind: 'decrease', amount },
      ],
    })
    return { txHashes: [tx.hash], rateLimits }
  }
}
