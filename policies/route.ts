import type { Address } from 'viem'
import { getVenue } from '../chains/lookup.js'
import type { ChainName } from '../chains/names.js'
import type { ChainDeployment, Registry, Venue } from '../chains/types.js'
import { usdToUnits } from '../lib/amounts.js'
import { NonRetryableError } from '../lib/errors.js'
import { type MoveEnd, parseMoveEnd } from './move-end.js'

/** A move the plan asks for cannot be carried out with what the chains offer. */
export class RouteUnavailableError extends NonRetryableError {
  override readonly name = 'RouteUnavailableError'
}

/** A stablecoin that travels (held idle, converted by a PSM, bridged). */
export type Stablecoin = 'USDS' | 'USDC'

/** Decimals of the travelling stablecoins. */
export const stablecoinDecimals: Record<Stablecoin, number> = { USDS: 18, USDC: 6 }

/**
 * One end of a route: the signer's idle balance on a chain, or a market (venue) with the stablecoin it
 * takes. A {@link MoveEnd} resolved against a registry by {@link resolveRouteEnd}.
 */
export type RouteEnd =
  | (Extract<MoveEnd, { kind: 'market' }> & { asset: Stablecoin })
  | Extract<MoveEnd, { kind: 'idle' }>

/**
 * How a move is carried out, decided once by an activity and recorded in the workflow history.
 * Amounts are base units (decimal strings) of the asset named next to them.
 */
export type MoveRoute = {
  amountUsd: string
  from: RouteEnd
  to: RouteEnd
  /** What leaves the source (withdrawn from the market, or taken from idle). */
  source: { chain: ChainName; asset: Stablecoin; amount: string }
  /** PSM conversion on one chain, when the assets differ. */
  convert?: {
    chain: ChainName
    fromAsset: Stablecoin
    toAsset: Stablecoin
    amountIn: string
    amountOut: string
  }
  /** LayerZero OFT transfer, when the chains differ. */
  bridge?: { fromChain: ChainName; toChain: ChainName; asset: Stablecoin; amount: string }
  /** What arrives at the destination. */
  destination: { chain: ChainName; asset: Stablecoin; amount: string }
}

/** The stablecoin a venue takes: its underlying (USDS for the sUSDS savings vault). */
export function venueStablecoin(deployment: ChainDeployment, venue: Venue): Stablecoin {
  const underlying = venue.underlying.toLowerCase()
  for (const asset of ['USDS', 'USDC'] as const) {
    if (deployment.tokens[asset].toLowerCase() === underlying) return asset
  }
  throw new RouteUnavailableError(
    `venue ${venue.id} takes ${venue.underlying}, which is neither USDS nor USDC`,
    {
      instruction: 'Only USDS and USDC travel between markets; remove the market from the policy.',
    },
  )
}

/**
 * Parses a move end (`idle:<chain>` or a market id, see `move-end.ts`) and resolves a market against the
 * registry: which stablecoin its venue takes.
 *
 * @throws {InvalidMoveEndError} for a string that is no move end.
 * @throws {UnsupportedVenueError} for a market the registry does not list.
 * @throws {RouteUnavailableError} for a venue that takes neither USDS nor USDC.
 */
export function resolveRouteEnd(registry: Registry, id: string): RouteEnd {
  const end = parseMoveEnd(id)
  if (end.kind === 'idle') return end
  const { deployment, venue } = getVenue(end.marketId, registry)
  return { ...end, chain: deployment.name, asset: venueStablecoin(deployment, venue) }
}

function convertAmount(amount: bigint, from: Stablecoin, to: Stablecoin): bigint {
  const [a, b] = [stablecoinDecimals[from], stablecoinDecimals[to]]
  return b >= a ? amount * 10n ** BigInt(b - a) : amount / 10n ** BigInt(a - b)
}

/** The signer's idle stablecoins on the source chain, base units. */
export type IdleBalances = Record<Stablecoin, bigint>

const otherStablecoin = (asset: Stablecoin): Stablecoin => (asset === 'USDC' ? 'USDS' : 'USDC')

/** Base units of `from` that convert to at least `amountOut` of `to`, rounding UP (a top-up never falls short). */
function convertInputFor(amountOut: bigint, from: Stablecoin, to: Stablecoin): bigint {
  const [a, b] = [stablecoinDecimals[from], stablecoinDecimals[to]]
  if (a >= b) return amountOut * 10n ** BigInt(a - b)
  const scale = 10n ** BigInt(b - a)
  return (amountOut + scale - 1n) / scale
}

/**
 * Decides the route of a move (pure): which stablecoin leaves, where it is converted (on the source chain
 * when it has a PSM, else on the destination), whether it is bridged. An idle source spends the stablecoin
 * the destination takes; when the signer holds too little of it, the shortfall is first bought with the
 * other stablecoin through the source chain's PSM (idle money is counted in USD across both).
 *
 * @param idle for an idle source, the signer's balances there.
 * @throws {RouteUnavailableError} when a conversion is needed and no chain has a PSM for it.
 */
export function planRoute(args: {
  registry: Registry
  from: RouteEnd
  to: RouteEnd
  amountUsd: string
  idle?: IdleBalances
}): MoveRoute {
  const { registry, from, to, amountUsd } = args
  if (from.kind === 'idle') {
    const wanted: Stablecoin = to.kind === 'market' ? to.asset : 'USDC'
    const needed = usdToUnits(amountUsd, stablecoinDecimals[wanted])
    const held = args.idle?.[wanted] ?? needed
    if (held < needed) {
      const other = otherStablecoin(wanted)
      const amountIn = convertInputFor(needed - held, other, wanted)
      if (!registry[from.chain].psm) {
        throw new RouteUnavailableError(
          `idle ${from.chain} holds too little ${wanted} for ${amountUsd} USD and has no PSM to convert ${other}`,
          { instruction: `Fund the signer with ${wanted} on ${from.chain}, or lower the move.` },
        )
      }
      const route = planRoute({ registry, from, to, amountUsd })
      route.convert = {
        chain: from.chain,
        fromAsset: other,
        toAsset: wanted,
        amountIn: amountIn.toString(),
        amountOut: convertAmount(amountIn, other, wanted).toString(),
      }
      return route
    }
  }
  const sourceAsset: Stablecoin =
    from.kind === 'market' ? from.asset : to.kind === 'market' ? to.asset : 'USDC'
  const targetAsset: Stablecoin = to.kind === 'market' ? to.asset : sourceAsset
  const sourceAmount = usdToUnits(amountUsd, stablecoinDecimals[sourceAsset])
  const route: MoveRoute = {
    amountUsd,
    from,
    to,
    source: { chain: from.chain, asset: sourceAsset, amount: sourceAmount.toString() },
    destination: { chain: to.chain, asset: targetAsset, amount: '0' },
  }
  let travelling = { asset: sourceAsset, amount: sourceAmount }
  const psmChain = (chain: ChainName): Address | undefined => registry[chain].psm
  const convertOn = (chain: ChainName) => {
    const amountOut = convertAmount(travelling.amount, travelling.asset, targetAsset)
    route.convert = {
      chain,
      fromAsset: travelling.asset,
      toAsset: targetAsset,
      amountIn: travelling.amount.toString(),
      amountOut: amountOut.toString(),
    }
    travelling = { asset: targetAsset, amount: amountOut }
  }
  const needsConversion = sourceAsset !== targetAsset
  if (needsConversion && psmChain(from.chain)) convertOn(from.chain)
  if (from.chain !== to.chain) {
    route.bridge = {
      fromChain: from.chain,
      toChain: to.chain,
      asset: travelling.asset,
      amount: travelling.amount.toString(),
    }
  }
  if (travelling.asset !== targetAsset) {
    if (!psmChain(to.chain)) {
      throw new RouteUnavailableError(
        `moving ${amountUsd} USD from ${sourceAsset} on ${from.chain} to ${targetAsset} on ${to.chain} needs a PSM, and neither chain has one`,
        { instruction: 'Remove this route from the policy, or convert by hand on a chain with a PSM.' },
      )
    }
    convertOn(to.chain)
  }
  route.destination = { chain: to.chain, asset: travelling.asset, amount: travelling.amount.toString() }
  return route
}
