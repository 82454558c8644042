import type { ChainName } from '../chains/names.js'
import { keyAmountUsd, keyCapacityAt, type RateLimitsSection } from './rate-limit-snapshot.js'

/**
 * CCTP rate-limit keys as a constraint of the plan's bridge choice (pure). A USDC move over CCTP draws its
 * source chain's `USDC_TO_CCTP` (shared by every destination) and `USDC_TO_DOMAIN(destination)` (the
 * draws of `sll/key-draws.ts`); the moves of one plan share them, so the room a move sees is what the
 * moves before it in the plan left. Capacities are projected as `rate-limit-capacity.ts` projects every
 * key (the read time plus `leadSeconds`, floored to micro-USD, one micro-USD kept back): never
 * over-estimated. A move that does not fit takes LayerZero, whose keys are in the optimizer's cut rows.
 *
 * @module
 */
export class CctpRoom {
  private readonly left = new Map<string, number>()

  constructor(section: RateLimitsSection | undefined, leadSeconds = 0n) {
    for (const k of section?.keys ?? []) {
      const g = k.guards
      if (g.action !== 'cctp' && g.action !== 'cctp-domain') continue
      const cap = keyCapacityAt(k, BigInt(k.readAt) + leadSeconds)
      if (cap === undefined) continue
      const usd = Math.max(0, Math.floor(keyAmountUsd(k, cap) * 1e6) / 1e6 - 1e-6)
      const id = g.action === 'cctp' ? g.chain : `${g.chain}>${g.toChain}`
      this.left.set(id, Math.min(this.left.get(id) ?? Number.POSITIVE_INFINITY, usd))
    }
  }

  /** Room (USD) for one more CCTP move `from` -> `to`; `undefined` when no listed key limits it. */
  room(from: ChainName, to: ChainName): number | undefined {
    const a = this.left.get(from)
    const b = this.left.get(`${from}>${to}`)
    if (a === undefined) return b
    return b === undefined ? a : Math.min(a, b)
  }

  /** Records a move of `usd` over CCTP: the later moves see what it left. */
  draw(from: ChainName, to: ChainName, usd: number): void {
    for (const id of [from, `${from}>${to}`]) {
      const v = this.left.get(id)
      if (v !== undefined) this.left.set(id, v - usd)
    }
  }
}
