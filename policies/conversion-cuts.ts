import { type ChainName, chainNames } from '../chains/names.js'
import { type BridgeCaps, keepsCut } from './bridge-cuts.js'
import { ConversionRoom, type Stablecoin, stablecoinOf } from './conversion-room.js'
import type { AllocationRow } from './optimizer/optimize.js'
import type { RateLimitsSection } from './rate-limit-snapshot.js'
import type { SnapshotMarket } from './snapshot.js'

/**
 * PSM / swap rate-limit keys as rows of the optimization (pure).
 *
 * Money sits in (chain, stablecoin) nodes: a market holds the stablecoin it takes (`USDC`, or `USDS` for
 * USDS and sUSDS), the snapshot's idle money may be spent as either on its chain (`conversion-room.ts`).
 * USDC reaches a chain's USDC markets from its USDC markets, its idle balance, a conversion on that chain
 * (within the room of the keys it draws: Ethereum's `USDS_TO_USDC`, an L2's `PSM_DEPOSIT(USDS)` and
 * `PSM_WITHDRAW(USDC)`) or a bridge from another chain; USDS likewise. The move planner converts a
 * move's own money on its source or destination chain, so what a chain a outside T sends into T is at
 * most the smaller of the pairs' capacities a -> T (`bridge-cuts.ts`) and the money a holds. So for
 * every set T of chains and stablecoin k the money the plan puts into T's k-markets is at most
 *
 *   k-positions(T) + idle(T) + conversion room into k (T) + sum over a outside T of min(cap(a -> T), H_a)
 *
 * (the cut of the node set "k on every chain of T", with the chains outside T giving only their own
 * money). A binding conversion key then makes the optimizer place the rest in the next-best market of the
 * same stablecoin instead of planning a conversion `fitConversions` would have to leave idle. A row exists
 * only where every chain of T lists a limited key for the conversion. A row can only make the plan more
 * cautious (a relay through a third chain's idle balance, which the pairing may make, is counted only
 * as money that chain holds); `fitConversions` still holds
 * every key whatever the rows.
 * Rows left out (as for the bridge cuts): one no allocation within the market ceilings can reach, one the
 * budget row implies (budget less the other markets' floors), one implied by the rows of a split of T
 * into two parts; a cap below the members' floors is raised to them (money that cannot leave is held).
 *
 * Not modelled: sets mixing both stablecoins of one chain (money converted on one chain, bridged and
 * converted back elsewhere); `fitConversions` still holds every key for those plans.
 *
 * @module
 */

/** A conversion cut row: the stablecoin it limits and the chains of its set T (what the plan names). */
export type ConversionRow = AllocationRow & { coin: Stablecoin; chains: ChainName[] }

/** Input of {@link conversionRows}. */
export type ConversionCutInput = {
  section: RateLimitsSection | undefined
  /** Per market (snapshot order): chain, asset, position and bounds (USD). */
  markets: ReadonlyArray<{
    chain: ChainName
    asset: SnapshotMarket['asset']
    position: number
    lo: number
    hi: number
  }>
  idle: Partial<Record<ChainName, number>>
  /** Bridge capacities per directed pair (`from>to`); absent: every pair unlimited. */
  caps: BridgeCaps | undefined
  /** The budget row's cap (money managed less buffers): a row it already implies is left out. */
  budget?: number
}

const other = (k: Stablecoin): Stablecoin => (k === 'USDC' ? 'USDS' : 'USDC')

/** The conversion cut rows that can bind (see the module notes), one per distinct member set. */
export function conversionRows(input: ConversionCutInput): ConversionRow[] {
  const { section, markets, idle, caps } = input
  if (!section?.keys.some((k) => isConversionAction(k.guards.action))) return []
  const room = new ConversionRoom(section)
  const n = chainNames.length
  const byMembers = new Map<string, ConversionRow>()
  const holdings = chainNames.map((c) => idle[c] ?? 0)
  for (const m of markets) holdings[chainNames.indexOf(m.chain)]! += m.position
  const floorsAll = markets.reduce((sum, m) => sum + m.lo, 0)
  const budget = input.budget ?? Number.POSITIVE_INFINITY
  // Per chain and stablecoin: its markets (snapshot order) and their positions, floors and ceilings.
  const blank = () => ({ members: [] as number[], position: 0, lo: 0, hi: 0 })
  const byChain = chainNames.map(() => ({ USDC: blank(), USDS: blank() }))
  markets.forEach((m, i) => {
    const agg = byChain[chainNames.indexOf(m.chain)]![stablecoinOf(m.asset)]
    agg.members.push(i)
    agg.position += m.position
    agg.lo += m.lo
    agg.hi += m.hi
  })
  for (const coin of ['USDC', 'USDS'] as const) {
    const roomInto = chainNames.map((c) => room.room(c, other(coin), coin))
    const limited = chainNames.map((_, i) => roomInto[i] !== undefined)
    if (!limited.some(Boolean)) continue
    // best[T]: the tightest bound on T's k-markets that the rows of T's parts already imply.
    const best = new Float64Array(1 << n)
    for (let mask = 1; mask < 1 << n; mask++) {
      const inT = (c: number) => (mask & (1 << c)) !== 0
      if (chainNames.some((_, c) => inT(c) && !limited[c])) continue
      const chains = chainNames.filter((_, c) => inT(c))
      let cap = 0
      for (let a = 0; a < n && Number.isFinite(cap); a++) {
        if (inT(a)) {
          cap += (idle[chainNames[a]!] ?? 0) + roomInto[a]!
          continue
        }
        let bridged = 0
        for (let b = 0; b < n; b++) {
          if (inT(b)) bridged += caps?.get(`${chainNames[a]}>${chainNames[b]}`) ?? Number.POSITIVE_INFINITY
        }
        cap += Math.min(bridged, holdings[a]!)
      }
      let count = 0
      let floors = 0
      let ceilings = 0
      for (let c = 0; c < n; c++) {
        if (!inT(c)) continue
        const agg = byChain[c]![coin]
        count += agg.members.length
        cap += agg.position
        floors += agg.lo
        ceilings += agg.hi
      }
      const bound = Number.isFinite(cap) ? Math.max(cap, floors) : Number.POSITIVE_INFINITY
      const kept = keepsCut(best, mask, Math.min(ceilings, budget - (floorsAll - floors)), bound)
      if (count === 0 || !kept) continue
      const members = chainNames
        .flatMap((_, c) => (inT(c) ? byChain[c]![coin].members : []))
        .sort((a, b) => a - b)
      const key = `${coin}:${members.join(',')}`
      const same = byMembers.get(key)
      if (!same || bound < same.cap) byMembers.set(key, { members, cap: bound, coin, chains })
    }
  }
  return [...byMembers.values()]
}

function isConversionAction(action: string): boolean {
  return action === 'usds-to-usdc' || action === 'psm-deposit' || action === 'psm-withdraw'
}
