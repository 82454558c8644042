import type { RateLimitGuard } from '../policies/rate-limit-snapshot.js'
import type { MoveRoute, Stablecoin } from '../policies/route.js'

/**
 * What one step of a move does to a rate-limit key: `decrease` draws capacity, `increase` refills it (a
 * withdrawal refills the venue's deposit key; Ethereum's USDC -> USDS swap refills USDS_TO_USDC).
 * `amount` is base units of the token the key counts in (`decimals`).
 */
export type KeyDraw = {
  guards: RateLimitGuard
  kind: 'decrease' | 'increase'
  amount: bigint
  decimals: number
}

const decimalsOf = (asset: Stablecoin) => (asset === 'USDC' ? 6 : 18)

/**
 * The key draws of a move's route (pure), in the order its controller calls trigger them, the same calls the
 * executor's steps send (`activities/moves/`): withdraw (`withdrawAave` / `withdrawERC4626`: withdraw key
 * down, deposit key up), convert (Ethereum: `swapUSDSToUSDC(usdcOut)` down / `swapUSDCToUSDS(usdcIn)` up on
 * USDS_TO_USDC; an L2: `depositPSM(from, in)` and `withdrawPSM(to, out)`, both down), bridge
 * (`transferTokenLayerZero`: the OFT's key to the destination down), deposit (the venue's deposit key down).
 */
export function routeKeyDraws(route: MoveRoute): KeyDraw[] {
  const draws: KeyDraw[] = []
  if (route.from.kind === 'market') {
    const amount = BigInt(route.source.amount)
    const decimals = decimalsOf(route.source.asset)
    draws.push(
      { guards: { action: 'withdraw', market: route.from.marketId }, kind: 'decrease', amount, decimals },
      { guards: { action: 'deposit', market: route.from.marketId }, kind: 'increase', amount, decimals },
    )
  }
  const convert = route.convert
  if (convert) {
    if (convert.chain === 'ethereum') {
      const toUsdc = convert.fromAsset === 'USDS'
      draws.push({
        guards: { action: 'usds-to-usdc', chain: convert.chain },
        kind: toUsdc ? 'decrease' : 'increase',
        amount: BigInt(toUsdc ? convert.amountOut : convert.amountIn),
        decimals: 6,
      })
    } else {
      draws.push(
        {
          guards: { action: 'psm-deposit', chain: convert.chain, asset: convert.fromAsset },
          kind: 'decrease',
          amount: BigInt(convert.amountIn),
          decimals: decimalsOf(convert.fromAsset),
        },
        {
          guards: { action: 'psm-withdraw', chain: convert.chain, asset: convert.toAsset },
          kind: 'decrease',
          amount: BigInt(convert.amountOut),
          decimals: decimalsOf(convert.toAsset),
        },
      )
    }
  }
  const bridge = route.bridge
  if (bridge)
    draws.push({
      guards: { action: 'layerzero', chain: bridge.fromChain, toChain: bridge.toChain, asset: bridge.asset },
      kind: 'decrease',
      amount: BigInt(bridge.amount),
      decimals: decimalsOf(bridge.asset),
    })
  if (route.to.kind === 'market')
    draws.push({
      guards: { action: 'deposit', market: route.to.marketId },
      kind: 'decrease',
      amount: BigInt(route.destination.amount),
      decimals: decimalsOf(route.destination.asset),
    })
  return draws
}
