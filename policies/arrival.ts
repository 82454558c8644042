import type { MoveRoute, Stablecoin } from './route.js'

// Workflow code imports this module: it stays free of value imports (route.ts pulls in the registries).
const decimals: Record<Stablecoin, bigint> = { USDS: 18n, USDC: 6n }

/** `amount` of `from` in base units of `to` (1:1 in value; rounds down when `to` has fewer decimals). */
function convertAmount(amount: bigint, from: Stablecoin, to: Stablecoin): bigint {
  const [a, b] = [decimals[from], decimals[to]]
  return b >= a ? amount * 10n ** (b - a) : amount / 10n ** (a - b)
}

/** What the steps after a bridge use: the destination conversion (if any) and the deposit, in base units. */
export type ArrivalAmounts = {
  /** Conversion on the destination chain of what arrived (units of its `fromAsset` / `toAsset`). */
  convert?: { amountIn: string; amountOut: string }
  /** What the deposit puts into the destination market (units of `route.destination.asset`). */
  deposit: string
}

/**
 * The amounts after delivery (pure), from what actually arrived (`OFTReceived` / the send's
 * `amountReceivedLD`, in units of the bridged asset), not from the plan: OFT dust removal or a fee may
 * deliver less. When the destination converts (the source chain had no PSM), the conversion takes what
 * arrived and the deposit takes the conversion's output in the destination asset's units (a USDC -> USDS
 * route deposits 18-decimal USDS, not the 6-decimal USDC amount). Otherwise the deposit is what arrived.
 */
export function arrivalAmounts(route: MoveRoute, arrived: string): ArrivalAmounts {
  const convert = route.convert
  if (!convert || convert.chain === route.source.chain) return { deposit: arrived }
  const amountOut = convertAmount(BigInt(arrived), convert.fromAsset, convert.toAsset).toString()
  return { convert: { amountIn: arrived, amountOut }, deposit: amountOut }
}
