import { type ChainName, chainNames, isChainName } from '../chains/names.js'
import { NonRetryableError } from '../lib/errors.js'

/**
 * The one owner of the move-end format: where a move takes money from or puts it, as written in plans,
 * workflow inputs and outcomes (`idle:<chain>`, or a market id `<chain>/<protocol>/<name>`).
 * Pure: workflows, the planner, activities and the CLI all format and parse ends here.
 */

/** Prefix of an idle end: money we hold on a chain, not deployed. */
const IDLE_PREFIX = 'idle:'

/** One end of a move, typed: the idle balance on a chain, or a market (venue) on a chain. */
export type MoveEnd =
  | { kind: 'idle'; chain: ChainName }
  | { kind: 'market'; marketId: string; chain: ChainName }

/** A move end that is neither `idle:<chain>` nor a market id on a known chain. */
export class InvalidMoveEndError extends NonRetryableError {
  override readonly name = 'InvalidMoveEndError'
  constructor(
    readonly id: string,
    problem: string,
  ) {
    super(`${problem} in move end ${JSON.stringify(id)}`, {
      instruction: `Use idle:<chain> or a market id <chain>/<protocol>/<name>, with a chain among ${chainNames.join(', ')}.`,
    })
  }
}

/**
 * The string of an idle end.
 *
 * @example
 * idleEnd('base') // 'idle:base'
 */
export function idleEnd(chain: ChainName): string {
  return `${IDLE_PREFIX}${chain}`
}

/**
 * The string of a move end: `idle:<chain>` or the market id.
 *
 * @example
 * formatMoveEnd({ kind: 'idle', chain: 'base' }) // 'idle:base'
 */
export function formatMoveEnd(end: MoveEnd): string {
  return end.kind === 'idle' ? idleEnd(end.chain) : end.marketId
}

/**
 * The chain segment of a market id as written (`ethereum/sparklend/USDS` -> `ethereum`), not validated:
 * for registry lookups that report an unknown chain themselves.
 */
export function marketIdChain(marketId: string): string {
  const slash = marketId.indexOf('/')
  return slash < 0 ? marketId : marketId.slice(0, slash)
}

/**
 * Parses a move end.
 *
 * @returns the idle end of a chain, or the market with the chain its id names.
 * @throws {InvalidMoveEndError} for an unknown chain or a string that is no market id.
 * @example
 * parseMoveEnd('idle:base') // { kind: 'idle', chain: 'base' }
 * parseMoveEnd('ethereum/sparklend/USDS') // { kind: 'market', marketId: 'ethereum/sparklend/USDS', chain: 'ethereum' }
 */
export function parseMoveEnd(id: string): MoveEnd {
  if (id.startsWith(IDLE_PREFIX)) {
    const chain = id.slice(IDLE_PREFIX.length)
    if (!isChainName(chain)) throw new InvalidMoveEndError(id, `unknown chain ${JSON.stringify(chain)}`)
    return { kind: 'idle', chain }
  }
  if (!id.includes('/')) throw new InvalidMoveEndError(id, 'no chain segment')
  const chain = marketIdChain(id)
  if (!isChainName(chain)) throw new InvalidMoveEndError(id, `unknown chain ${JSON.stringify(chain)}`)
  return { kind: 'market', marketId: id, chain }
}

/**
 * The chain of a move end (`idle:base` -> `base`, `ethereum/sparklend/USDS` -> `ethereum`).
 *
 * @throws {InvalidMoveEndError} as {@link parseMoveEnd}.
 */
export function moveEndChain(id: string): ChainName {
  return parseMoveEnd(id).chain
}
