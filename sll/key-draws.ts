import type { ChainName } from '../chains/names.js'
import type { RateLimitGuard } from '../policies/rate-limit-snapshot.js'
import type { MoveRoute, Stablecoin } from '../policies/route.js'

/**
 * The controller call of a move that draws on rate-limit keys, as the executor's steps send them
 * (`activities/moves/`): `withdraw` (`withdrawAave` / `withdrawERC4626`), `convert` (Ethereum's LitePSM
 * swap), `convert-deposit-psm` / `convert-withdraw-psm` (an L2's PSM3, two calls), `bridge`
 * (`transferTokenLayerZero`), `cctp-burn` (`transferUSDCToCCTP`), `deposit` (`depositAave` /
 * `depositERC4626`).
 */
export type KeyStep =
  | 'withdraw'
  | 'convert'
  | 'convert-deposit-psm'
  | 'convert-withdraw-psm'
  | 'bridge'
  | 'cctp-burn'
  | 'deposit'

/**
 * What one step of a move does to a rate-limit key: `decrease` draws capacity, `increase` refills it (a
 * withdrawal refills the venue's deposit key; Ethereum's USDC -> USDS swap refills USDS_TO_USDC).
 * `amount` is base units of the token the key counts in (`decimals`); `step` is the call that triggers it.
 */
export type KeyDraw = {
  guards: RateLimitGuard
  kind: 'decrease' | 'increase'
  amount: bigint
  decimals: number
  step: KeyStep
}

/**
 * Amounts known only when a step runs, replacing the planned ones: the conversion on the destination of
 * what arrived (`policies/arrival.ts`), the deposit of what the ALMProxy holds after the bridge.
 */
export type ActualAmounts = {
  convert?: { amountIn: bigint; amountOut: bigint } | undefined
  deposit?: bigint | undefined
}

const decimalsOf = (asset: Stablecoin) => (asset === 'USDC' ? 6 : 18)

/**
 * THE source of which keys a move draws and how much (pure), in the order its controller calls trigger
 * them. The executor's steps gate and predict exactly these (`stepKeyDraws`), the planner counts them
 * (`sll/plan-key-usage.ts`, the `sll_rate_limit_planned_usd` gauge) and the optimizer's conversion and
 * CCTP constraints model them (`policies/rate-limit-capacity.ts`):
 * - withdraw: the venue's withdraw key down, its deposit key up;
 * - convert, Ethereum: `swapUSDSToUSDC(usdcOut)` down / `swapUSDCToUSDS(usdcIn)` up on USDS_TO_USDC;
 *   an L2: `depositPSM(from, in)` (PSM_DEPOSIT(from) down) and `withdrawPSM(to, out)` (PSM_WITHDRAW(to) down);
 * - bridge: LayerZero the OFT's key to the destination down; CCTP (`via: 'cctp'`) USDC_TO_CCTP and
 *   USDC_TO_DOMAIN(destination) down;
 * - deposit: the venue's deposit key down.
 */
export function routeKeyDraws(route: MoveRoute, actual: ActualAmounts = {}): KeyDraw[] {
  const draws: KeyDraw[] = []
  if (route.from.kind === 'market') {
    const amount = BigInt(route.source.amount)
    const decimals = decimalsOf(route.source.asset)
    const market = route.from.marketId
    draws.push(
      { guards: { action: 'withdraw', market }, kind: 'decrease', amount, decimals, step: 'withdraw' },
      { guards: { action: 'deposit', market }, kind: 'increase', amount, decimals, step: 'withdraw' },
    )
  }
  const convert = route.convert
  if (convert) {
    const amountIn = actual.convert?.amountIn ?? BigInt(convert.amountIn)
    const amountOut = actual.convert?.amountOut ?? BigInt(convert.amountOut)
    if (convert.chain === 'ethereum') {
      const toUsdc = convert.fromAsset === 'USDS'
      draws.push({
        guards: { action: 'usds-to-usdc', chain: convert.chain },
        kind: toUsdc ? 'decrease' : 'increase',
        amount: toUsdc ? amountOut : amountIn,
        decimals: 6,
        step: 'convert',
      })
    } else {
      draws.push(
        {
          guards: { action: 'psm-deposit', chain: convert.chain, asset: convert.fromAsset },
          kind: 'decrease',
          amount: amountIn,
          decimals: decimalsOf(convert.fromAsset),
          step: 'convert-deposit-psm',
        },
        {
          guards: { action: 'psm-withdraw', chain: convert.chain, asset: convert.toAsset },
          kind: 'decrease',
          amount: amountOut,
          decimals: decimalsOf(convert.toAsset),
          step: 'convert-withdraw-psm',
        },
      )
    }
  }
  const bridge = route.bridge
  if (bridge) {
    const amount = BigInt(bridge.amount)
    const decimals = decimalsOf(bridge.asset)
    const { fromChain: chain, toChain } = bridge
    if (bridge.via === 'cctp')
      draws.push(
        { guards: { action: 'cctp', chain }, kind: 'decrease', amount, decimals, step: 'cctp-burn' },
        {
          guards: { action: 'cctp-domain', chain, toChain },
          kind: 'decrease',
          amount,
          decimals,
          step: 'cctp-burn',
        },
      )
    else
      draws.push({
        guards: { action: 'layerzero', chain, toChain, asset: bridge.asset },
        kind: 'decrease',
        amount,
        decimals,
        step: 'bridge',
      })
  }
  if (route.to.kind === 'market')
    draws.push({
      guards: { action: 'deposit', market: route.to.marketId },
      kind: 'decrease',
      amount: actual.deposit ?? BigInt(route.destination.amount),
      decimals: decimalsOf(route.destination.asset),
      step: 'deposit',
    })
  return draws
}

/** The draws of one step of a route ({@link routeKeyDraws} of that call), what the step gates and predicts. */
export function stepKeyDraws(route: MoveRoute, step: KeyStep, actual: ActualAmounts = {}): KeyDraw[] {
  return routeKeyDraws(route, actual).filter((d) => d.step === step)
}

/** The chain whose RateLimits contract holds the key a guard names. */
export function guardChain(guards: RateLimitGuard): ChainName {
  return 'chain' in guards ? guards.chain : (guards.market.split('/')[0] as ChainName)
}
