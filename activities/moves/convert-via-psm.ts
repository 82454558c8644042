import { psmDepositKey, psmWithdrawKey, usdsToUsdcKey } from '../../sll/keys.js'
import { chainController } from './controller.js'
import type { StepContext, StepInput, StepResult } from './step-context.js'

/**
 * Converts USDS <-> USDC in the ALMProxy through the chain's controller. On Ethereum (MainnetController,
 * LitePSM 1:1, amounts in USDC units): `swapUSDSToUSDC(usdcOut)` (USDS_TO_USDC down) or
 * `swapUSDCToUSDS(usdcIn)` (USDS_TO_USDC up: the two cancel). On an L2 (ForeignController, PSM3):
 * `depositPSM(fromAsset, amountIn)` (PSM_DEPOSIT(from) down; the proxy gets PSM3 shares), then
 * `withdrawPSM(toAsset, amountOut)` (PSM_WITHDRAW(to) down), two transactions under two step keys.
 * `amounts` (a conversion on the destination) replaces the planned amounts by what arrived
 * (`policies/arrival.ts`).
 */
export function createConvertViaPsm(ctx: StepContext) {
  const { network, token } = ctx
  return async function convertViaPsm({
    moveKey,
    route,
    amounts,
  }: StepInput & { amounts?: { amountIn: string; amountOut: string } }): Promise<StepResult> {
    const convert = route.convert
    if (!convert) return { txHashes: [], rateLimits: [] }
    const chain = convert.chain
    const c = chainController(network, chain)
    const amountIn = BigInt(amounts?.amountIn ?? convert.amountIn)
    const amountOut = BigInt(amounts?.amountOut ?? convert.amountOut)
    if (c.sll.controllerVersion === 'mainnet-v1.10') {
      const toUsdc = convert.fromAsset === 'USDS'
      const usdcAmount = toUsdc ? amountOut : amountIn
      const { tx, rateLimits } = await c.relay(`${moveKey}/convert`, {
        functionName: toUsdc ? 'swapUSDSToUSDC' : 'swapUSDCToUSDS',
        args: [usdcAmount],
        limits: [
          {
            key: usdsToUsdcKey,
            label: 'USDS_TO_USDC',
            kind: toUsdc ? 'decrease' : 'increase',
            amount: usdcAmount,
          },
        ],
      })
      return { txHashes: [tx.hash], rateLimits }
    }
    const from = token(chain, convert.fromAsset)
    const to = token(chain, convert.toAsset)
    const withdrawLimits = [
      {
        key: psmWithdrawKey(to),
        label: `PSM_WITHDRAW(${chain}/${convert.toAsset})`,
        kind: 'decrease' as const,
        amount: amountOut,
      },
    ]
    const deposit = await c.relay(`${moveKey}/convert-deposit-psm`, {
      functionName: 'depositPSM',
      args: [from, amountIn],
      limits: [
        {
          key: psmDepositKey(from),
          label: `PSM_DEPOSIT(${chain}/${convert.fromAsset})`,
          kind: 'decrease',
          amount: amountIn,
        },
      ],
      // Both keys are gated before the deposit: the step never stops holding PSM3 shares for lack of capacity.
      gateAlso: withdrawLimits,
    })
    const withdraw = await c.relay(`${moveKey}/convert-withdraw-psm`, {
      functionName: 'withdrawPSM',
      args: [to, amountOut],
      limits: withdrawLimits,
    })
    return {
      txHashes: [deposit.tx.hash, withdraw.tx.hash],
      rateLimits: [...deposit.rateLimits, ...withdraw.rateLimits],
    }
  }
}
