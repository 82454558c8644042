import { getVenue } from '../../chains/lookup.js'
import { aaveDepositKey, aaveWithdrawKey, erc4626DepositKey, erc4626WithdrawKey } from '../../sll/keys.js'
import { chainController } from './controller.js'
import type { StepContext, StepInput, StepResult } from './step-context.js'

/**
 * Withdraws the source amount from the source market into the ALMProxy through the chain's controller
 * (no-op for an idle source): `withdrawAave(aToken, amount)` (AAVE_WITHDRAW down, AAVE_DEPOSIT up) or
 * `withdrawERC4626(vault, amount[, maxSharesIn])` (4626_WITHDRAW down, 4626_DEPOSIT up).
 */
export function createWithdrawFromMarket(ctx: StepContext) {
  const { network, registry } = ctx
  return async function withdrawFromMarket({ moveKey, route }: StepInput): Promise<StepResult> {
    if (route.from.kind !== 'market') return { txHashes: [], rateLimits: [] }
    const { venue } = getVenue(route.from.marketId, registry)
    const chain = route.from.chain
    const amount = BigInt(route.source.amount)
    const c = chainController(network, chain)
    const key = `${moveKey}/withdraw`
    if ('aToken' in venue) {
      const { tx, rateLimits } = await c.relay(key, {
        functionName: 'withdrawAave',
        args: [venue.aToken, amount],
        limits: [
          {
            key: aaveWithdrawKey(venue.aToken),
            label: `AAVE_WITHDRAW(${venue.id})`,
            kind: 'decrease',
            amount,
          },
          { key: aaveDepositKey(venue.aToken), label: `AAVE_DEPOSIT(${venue.id})`, kind: 'increase', amount },
        ],
      })
      return { txHashes: [tx.hash], rateLimits }
    }
    const vault = venue.vault
    const args = await c.erc4626Args('withdraw', vault, amount)
    const { tx, rateLimits } = await c.relay(key, {
      functionName: 'withdrawERC4626',
      args,
      limits: [
        { key: erc4626WithdrawKey(vault), label: `4626_WITHDRAW(${venue.id})`, kind: 'decrease', amount },
        { key: erc4626DepositKey(vault), label: `4626_DEPOSIT(${venue.id})`, kind: 'increase', amount },
      ],
    })
    return { txHashes: [tx.hash], rateLimits }
  }
}
