import type { Address } from 'viem'
import { getVenue } from '../chains/lookup.js'
import type { ChainName } from '../chains/names.js'
import type { ChainDeployment, Registry, Venue } from '../chains/types.js'
import { usdToUnits } from '../lib/amounts.js'
import { NonRetryableError } from '../lib/errors.js'
import { type MoveEnd, parseMoveEnd } from './move-end.js'
import {
  keyAmountUsd,
  keyCapacityAt,
  type RateLimitGuard,
  type RateLimitsSection,
} from './rate-limit-snapshot.js'

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
  /**
   * The cross-chain transfer, when the chains differ: LayerZero OFT, or Circle CCTP when `via` is `cctp`
   * (USDC only; absent `via` = LayerZero, as in histories recorded before CCTP).
   */
  bridge?: { fromChain: ChainName; toChain: ChainName; asset: Stablecoin; amount: string; via?: BridgeKind }
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
  /** The bridge the plan chose (`cctp` needs USDC travelling); default LayerZero. */
  via?: BridgeKind
  /**
   * The chain the plan converts on (its source or destination chain, with a PSM); default the source
   * chain when it has a PSM, else the destination. The plan names it when the source's keys lack room.
   */
  convertOn?: ChainName
}): MoveRoute {
  const { registry, from, to, amountUsd } = args
  if (args.convertOn !== undefined && args.convertOn !== from.chain && args.convertOn !== to.chain) {
    throw new RouteUnavailableError(
      `the plan converts ${amountUsd} USD from ${from.chain} to ${to.chain} on ${args.convertOn}, which is neither end`,
      { instruction: 'Re-plan the move: a conversion runs on its source or its destination chain.' },
    )
  }
  if (args.via === 'cctp') {
    const { via: _via, ...rest } = args
    const route = planRoute(rest)
    if (route.bridge?.asset !== 'USDC') {
      throw new RouteUnavailableError(
        `the plan routes ${amountUsd} USD from ${from.chain} to ${to.chain} over CCTP, but ${route.bridge ? `${route.bridge.asset} travels` : 'it stays on one chain'}`,
        {
          instruction:
            'CCTP carries USDC between chains only: plan this move over LayerZero (bridge "layerzero").',
        },
      )
    }
    route.bridge.via = 'cctp'
    return route
  }
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
  const onSource =
    args.convertOn === undefined ? psmChain(from.chain) !== undefined : args.convertOn === from.chain
  if (needsConversion && onSource) {
    if (!psmChain(from.chain)) {
      throw new RouteUnavailableError(
        `the plan converts ${amountUsd} USD from ${sourceAsset} to ${targetAsset} on ${from.chain}, which has no PSM`,
        { instruction: 'Re-plan the move: it converts on a chain with a PSM.' },
      )
    }
    convertOn(from.chain)
  }
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

/** The bridge a cross-chain move takes: LayerZero OFT (any stablecoin) or Circle CCTP (USDC only). */
export type BridgeKind = 'layerzero' | 'cctp'

/**
 * What a bridge costs (snapshot `costs`): LayerZero's `bridgeUsd` fee and `bridgeHours` transit, and the
 * CCTP extension `cctpUsd` / `cctpHours`. CCTP is offered only when the snapshot gives one of the two.
 */
export type BridgeCosts = {
  bridgeUsd?: number
  bridgeHours?: number
  cctpUsd?: number | undefined
  cctpHours?: number | undefined
}

/** What {@link routeBridgeCosts} looks up: the snapshot-wide costs and the optional per-pair entries. */
export type CostsWithRoutes = BridgeCosts & {
  routes?: ReadonlyArray<{ from: ChainName; to: ChainName } & BridgeCosts> | undefined
}

/**
 * The bridge costs of moves from `from` to `to` (pure): the pair's `costs.routes` entry when the snapshot
 * has one (the live snapshot: CCTP offered only where the entry names it), else the snapshot-wide fields.
 */
export function routeBridgeCosts(
  costs: CostsWithRoutes | undefined,
  from: ChainName,
  to: ChainName,
): BridgeCosts | undefined {
  const entry = costs?.routes?.find((r) => r.from === from && r.to === to)
  if (!entry) return costs
  const { from: _from, to: _to, ...pair } = entry
  return pair
}

/** Room left on each bridge for one move (USD); `undefined` = not known to bind. */
export type BridgeCapacity = Partial<Record<BridgeKind, number>>

/** A bridge offered for one move, with its cost (fee + interest lost in transit) and transit time. */
export type BridgeOption = { bridge: BridgeKind; costUsd: number; hours: number }

/**
 * The bridges a move may take and what each costs (pure). `gainPerYearUsd` is the yearly income the
 * moved amount earns at its destination (lost for the transit time). CCTP is offered only for USDC and
 * only when the costs name it (`cctpUsd` / `cctpHours`).
 */
export function bridgeOptions(args: {
  travelsAsUsdc: boolean
  gainPerYearUsd: number
  costs: BridgeCosts | undefined
}): BridgeOption[] {
  const { costs } = args
  const gain = Math.max(0, args.gainPerYearUsd)
  const option = (bridge: BridgeKind, fee: number, hours: number): BridgeOption => ({
    bridge,
    hours,
    costUsd: fee + (gain * hours) / 8760,
  })
  const options = [option('layerzero', costs?.bridgeUsd ?? 0, costs?.bridgeHours ?? 0)]
  const cctpOffered = costs?.cctpUsd !== undefined || costs?.cctpHours !== undefined
  if (args.travelsAsUsdc && cctpOffered) {
    options.push(option('cctp', costs?.cctpUsd ?? 0, costs?.cctpHours ?? 0))
  }
  return options
}

/**
 * Chooses the bridge of one cross-chain move (pure): among the options whose rate-limit room holds the
 * whole amount (LayerZero when none does: its keys bound the plan's flow already; an option with no room at
 * all, e.g. a zero USDC_TO_DOMAIN, is thus never chosen), the cheapest; on equal cost the faster; then CCTP
 * (native USDC: burned and minted, no OFT liquidity locked).
 */
export function chooseBridge(args: {
  options: BridgeOption[]
  amountUsd: number
  capacity?: BridgeCapacity
}): BridgeOption {
  const fits = (o: BridgeOption) => {
    const room = args.capacity?.[o.bridge]
    return room === undefined || room >= args.amountUsd
  }
  const fitting = args.options.filter(fits)
  // CCTP is never chosen beyond its room: LayerZero's keys are rows of the optimization (bridge cuts).
  const pool = fitting.length > 0 ? fitting : args.options.filter((o) => o.bridge !== 'cctp')
  const ranked = [...pool].sort(
    (a, b) =>
      a.costUsd - b.costUsd ||
      a.hours - b.hours ||
      (a.bridge === 'cctp' ? -1 : 0) - (b.bridge === 'cctp' ? -1 : 0),
  )
  const best = ranked[0]
  if (!best) throw new RouteUnavailableError('no bridge offered for a cross-chain move')
  return best
}

/**
 * Room (USD) of each bridge from `fromChain` to `toChain` for USDC in a snapshot's `rateLimits` section, at
 * each key's read time: LayerZero `LAYERZERO(USDC OFT, eid)`, CCTP the smaller of `USDC_TO_CCTP` and
 * `USDC_TO_DOMAIN(domain)`. A key the section does not list is not known to bind (absent from the result);
 * an unset CCTP route (maxAmount 0) has room 0, so it is never chosen.
 */
export function bridgeCapacityUsd(
  section: RateLimitsSection | undefined,
  fromChain: ChainName,
  toChain: ChainName,
): BridgeCapacity {
  if (!section) return {}
  // Every move of a plan asks again (the planner values each draft): one scan of the keys per pair.
  let perPair = capacityCache.get(section)
  if (!perPair) {
    perPair = new Map()
    capacityCache.set(section, perPair)
  }
  const id = `${fromChain}>${toChain}`
  let capacity = perPair.get(id)
  if (!capacity) {
    capacity = Object.freeze(scanBridgeCapacity(section, fromChain, toChain))
    perPair.set(id, capacity)
  }
  return capacity
}

/** {@link bridgeCapacityUsd} per section and pair (sections are not changed once parsed). */
const capacityCache = new WeakMap<RateLimitsSection, Map<string, BridgeCapacity>>()

function scanBridgeCapacity(
  section: RateLimitsSection,
  fromChain: ChainName,
  toChain: ChainName,
): BridgeCapacity {
  const roomOf = (match: (g: RateLimitGuard) => boolean): number | undefined => {
    let room: number | undefined
    for (const k of section.keys) {
      if (!match(k.guards)) continue
      const capacity = keyCapacityAt(k, BigInt(k.readAt))
      if (capacity === undefined) continue
      const usd = keyAmountUsd(k, capacity)
      room = room === undefined ? usd : Math.min(room, usd)
    }
    return room
  }
  const layerzero = roomOf(
    (g) => g.action === 'layerzero' && g.chain === fromChain && g.toChain === toChain && g.asset === 'USDC',
  )
  const cctp = roomOf(
    (g) =>
      (g.action === 'cctp' && g.chain === fromChain) ||
      (g.action === 'cctp-domain' && g.chain === fromChain && g.toChain === toChain),
  )
  return {
    ...(layerzero === undefined ? {} : { layerzero }),
    ...(cctp === undefined ? {} : { cctp }),
  }
}
