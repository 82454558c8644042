import type { ChainName } from '../chains/names.js'
import { floatToMicroFloor, type Micro, microToNumber } from '../lib/amounts.js'
import { idleEnd } from './move-end.js'
import type { DraftMove } from './move-planner.js'
import { keyAmountUsd, keyCapacityAt, type RateLimitsSection } from './rate-limit-snapshot.js'
import type { SnapshotMarket } from './snapshot.js'

/**
 * PSM and swap rate-limit keys as a constraint of the plan's moves (pure). A market -> market move whose
 * stablecoins differ converts once, on its source chain when that chain lists conversion keys, else on
 * the destination (`policies/route.ts` `planRoute`; a cross-chain move whose default chain lacks the room
 * converts on its other end when that has more, `convertOn`), and draws the keys `sll/key-draws.ts` names:
 * Ethereum's USDS -> USDC `USDS_TO_USDC` (USDC -> USDS refills it: no draw counted), an L2's
 * `PSM_DEPOSIT(from)` and `PSM_WITHDRAW(to)`, each about the moved USD. An idle source spends the
 * stablecoin its destination takes (no conversion). Capacities are projected like every key
 * (`rate-limit-capacity.ts`): read time plus `leadSeconds`, floored to micro-USD, one micro-USD kept back.
 *
 * Moves of one plan share the keys in plan order. The part of a move that does not fit is sent to the
 * source chain's idle balance instead (no conversion, no key drawn there): the source gives what the
 * optimizer planned, the destination gets less, so every bound, group cap and buffer still holds and no
 * key is overdrawn; the next cycle plans the rest within the room it reads then.
 *
 * @module
 */

/** The stablecoin a market takes or a conversion moves between. */
export type Stablecoin = 'USDS' | 'USDC'

/** The stablecoin of a market's asset (sUSDS is bought with USDS); `undefined` for an idle end. */
export function stablecoinOf(asset: SnapshotMarket['asset']): Stablecoin
export function stablecoinOf(asset: SnapshotMarket['asset'] | undefined): Stablecoin | undefined
export function stablecoinOf(asset: SnapshotMarket['asset'] | undefined): Stablecoin | undefined {
  return asset === undefined ? undefined : asset === 'USDC' ? 'USDC' : 'USDS'
}

/** What each conversion key of a section has left (USD), by `chain|guard action|asset`. */
export class ConversionRoom {
  private readonly left = new Map<string, number>()
  private readonly chains = new Set<ChainName>()

  constructor(section: RateLimitsSection | undefined, leadSeconds = 0n) {
    for (const k of section?.keys ?? []) {
      const g = k.guards
      if (g.action !== 'usds-to-usdc' && g.action !== 'psm-deposit' && g.action !== 'psm-withdraw') continue
      this.chains.add(g.chain)
      const cap = keyCapacityAt(k, BigInt(k.readAt) + leadSeconds)
      if (cap === undefined) continue
      const usd = Math.max(0, Math.floor(keyAmountUsd(k, cap) * 1e6) / 1e6 - 1e-6)
      const id = `${g.chain}|${g.action}|${'asset' in g ? g.asset : ''}`
      this.left.set(id, Math.min(this.left.get(id) ?? Number.POSITIVE_INFINITY, usd))
    }
  }

  /** The keys a conversion `from` -> `to` on `chain` draws (ids into the room map). */
  private keysOf(chain: ChainName, from: Stablecoin, to: Stablecoin): string[] {
    if (chain === 'ethereum') return from === 'USDS' ? [`${chain}|usds-to-usdc|`] : []
    return [`${chain}|psm-deposit|${from}`, `${chain}|psm-withdraw|${to}`]
  }

  /** Where a move from `fromChain` to `toChain` converts by default: the source when it lists conversion keys. */
  convertsOn(fromChain: ChainName, toChain: ChainName): ChainName {
    return this.chains.has(fromChain) || !this.chains.has(toChain) ? fromChain : toChain
  }

  /** Whether `chain` lists conversion keys (it has a PSM / swap the plan may convert on). */
  converts(chain: ChainName): boolean {
    return this.chains.has(chain)
  }

  /** Room (USD) of a conversion; `undefined` when no listed key limits it. */
  room(chain: ChainName, from: Stablecoin, to: Stablecoin): number | undefined {
    let room: number | undefined
    for (const id of this.keysOf(chain, from, to)) {
      const v = this.left.get(id)
      if (v !== undefined) room = room === undefined ? v : Math.min(room, v)
    }
    return room
  }

  /** Records a conversion of `usd`: later moves see what it left. */
  draw(chain: ChainName, from: Stablecoin, to: Stablecoin, usd: number): void {
    for (const id of this.keysOf(chain, from, to)) {
      const v = this.left.get(id)
      if (v !== undefined) this.left.set(id, v - usd)
    }
  }
}

/** The conversion a draft move makes (chain, from, to), or `undefined` when its stablecoin stays the same. */
export function moveConversion(
  mv: Pick<DraftMove, 'from' | 'to' | 'fromChain' | 'toChain' | 'asset' | 'toAsset' | 'convertOn'>,
  room: ConversionRoom,
): { chain: ChainName; from: Stablecoin; to: Stablecoin } | undefined {
  const from = stablecoinOf(mv.asset)
  const to = stablecoinOf(mv.toAsset)
  if (from === undefined || to === undefined || from === to) return undefined
  return { chain: mv.convertOn ?? room.convertsOn(mv.fromChain, mv.toChain), from, to }
}

/**
 * A cross-chain conversion that does not fit its default chain's room converts on the other end instead
 * when that chain has more room (`convertOn`, which `planRoute` follows); else the move as it is.
 */
function withRoomierEnd(mv: DraftMove, room: ConversionRoom): DraftMove {
  const conversion = moveConversion(mv, room)
  if (!conversion || mv.fromChain === mv.toChain || mv.convertOn !== undefined) return mv
  const left = room.room(conversion.chain, conversion.from, conversion.to)
  if (left === undefined || left >= microToNumber(mv.amount)) return mv
  const other = conversion.chain === mv.fromChain ? mv.toChain : mv.fromChain
  if (!room.converts(other)) return mv
  const there = room.room(other, conversion.from, conversion.to)
  return there === undefined || there > left ? { ...mv, convertOn: other } : mv
}

/**
 * The moves with every conversion within its keys' room (see the module notes): a move that does not fit
 * keeps what fits (floored to micro-USD) and the rest goes to its source chain's idle balance (merged into
 * an existing move there; with `maxMoves` moves already, it stays in the source market instead). Moves stay
 * in order; a move that fits is returned as is.
 */
export function fitConversions(
  moves: DraftMove[],
  section: RateLimitsSection | undefined,
  maxMoves?: number,
  minMoveUsd = 0,
): DraftMove[] {
  const minMove = floatToMicroFloor(minMoveUsd)
  const room = new ConversionRoom(section)
  const out: DraftMove[] = []
  const toIdle = new Map<string, DraftMove>()
  const rests: DraftMove[] = []
  for (const planned of moves) {
    const mv = withRoomierEnd(planned, room)
    const conversion = moveConversion(mv, room)
    if (mv.to === idleEnd(mv.fromChain)) toIdle.set(mv.from, mv)
    if (!conversion) {
      out.push(mv)
      continue
    }
    const left = room.room(conversion.chain, conversion.from, conversion.to)
    const fits: Micro = left === undefined ? mv.amount : floatToMicroFloor(Math.max(0, left))
    // A cut conversion below `minMoveUsd` is not made at all (the whole amount waits idle instead).
    const cut = fits < mv.amount ? fits : mv.amount
    const kept = cut < mv.amount && cut < minMove ? 0n : cut
    room.draw(conversion.chain, conversion.from, conversion.to, microToNumber(kept))
    if (kept === mv.amount) {
      out.push(mv)
      continue
    }
    // Values scale with the amount kept (planning figures); the rest waits idle and earns nothing.
    const share = microToNumber(kept) / microToNumber(mv.amount)
    const scaled = { netBenefitUsd: mv.netBenefitUsd * share, costUsd: mv.costUsd * share }
    if (kept > 0n) out.push({ ...mv, ...scaled, amount: kept })
    const { bridge: _bridge, convertOn: _convertOn, ...rest } = mv
    rests.push({
      ...rest,
      to: idleEnd(mv.fromChain),
      toChain: mv.fromChain,
      toAsset: undefined,
      amount: mv.amount - kept,
      netBenefitUsd: 0,
      costUsd: 0,
    })
  }
  for (const rest of rests) {
    const same = toIdle.get(rest.from)
    if (same) same.amount += rest.amount
    else if ((maxMoves !== undefined && out.length >= maxMoves) || rest.amount < minMove) {
      // no room for another move (or the rest is below `minMoveUsd`): it stays in its source market
      // (targets follow the moves)
    } else {
      out.push(rest)
      toIdle.set(rest.from, rest)
    }
  }
  return out
}
