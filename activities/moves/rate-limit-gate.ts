/**
 * The executor's rate-limit gate: right before a step's first signature, each key the controller call
 * draws on is read again on chain and compared, at the chain's latest block time, with what the call
 * draws. A key another actor (a backstop relayer, a spell) consumed since planning does not lead to a
 * send that reverts: the step throws {@link RateLimitShortfallError} with the exact regeneration wait,
 * and the move workflow waits (durable timer) or parks (`workflows/execute-move.ts`).
 *
 * @module
 */
import type { Chain, Hex, PublicClient, Transport } from 'viem'
import type { SllChainDeployment } from '../../chains/sll-deployment.js'
import { NonRetryableError } from '../../lib/errors.js'
import { rateLimitsAbi } from '../../sll/abis.js'
import { parseRateLimitMaxWait, rateLimitShortfall } from '../../sll/rate-limit-wait.js'
import type { RateLimitData } from '../../sll/rate-limits.js'
import { RateLimitKeyUnsetError } from '../tx/sll-errors.js'
import type { ControllerCall } from './controller.js'

/** What the move workflow needs to wait for a key or park with a reason (decimal strings: JSON-safe). */
export type RateLimitShortfallContext = {
  chain: string
  controller: string
  rateLimits: string
  key: string
  /** What the key guards, e.g. `AAVE_DEPOSIT(base/aave/USDC)`. */
  label: string
  functionName: string
  /** Capacity at `blockTime`, token base units. */
  capacity: string
  needed: string
  slope: string
  maxAmount: string
  /** `ceil((needed - capacity) / slope)`; `null` when the key never regenerates enough. */
  waitSeconds: string | null
  blockTime: string
  /** The bound of the move's total wait (`SLL_RATE_LIMIT_MAX_WAIT` of the worker that checked). */
  maxWaitSeconds: number
}

/**
 * A step draws more than a key's current capacity (another actor used it since planning): nothing was
 * signed. Final for the activity; the move workflow waits for regeneration up to its bound, else parks
 * the move `rate-limited`.
 */
export class RateLimitShortfallError extends NonRetryableError {
  override readonly name = 'RateLimitShortfallError'
  constructor(readonly context: RateLimitShortfallContext) {
    const wait =
      context.waitSeconds === null
        ? 'it never regenerates enough (slope 0 or amount above maxAmount)'
        : `regenerates enough in ${context.waitSeconds} s`
    super(
      `${context.chain}: rate limit ${context.label} (${context.key}) has capacity ${context.capacity}, ` +
        `${context.functionName} needs ${context.needed} (slope ${context.slope}/s, maxAmount ${context.maxAmount}): ${wait}; nothing was sent`,
      {
        instruction:
          'Another actor drew on this key since planning. The move waits for regeneration up to SLL_RATE_LIMIT_MAX_WAIT, ' +
          'else parks where its money is; the next cycle plans the rest within the capacity it reads.',
      },
    )
  }
}

/**
 * Reads every key of `call` (one `getRateLimitData` each) and throws the first refusal: a key not set
 * ({@link RateLimitKeyUnsetError}), or a drawn key whose capacity at the latest block is below the sum the
 * call draws on it ({@link RateLimitShortfallError}). Resolves when every key fits.
 */
export async function checkRateLimits(args: {
  client: PublicClient<Transport, Chain>
  chain: string
  sll: SllChainDeployment
  controller: string
  call: ControllerCall
}): Promise<void> {
  const { client, chain, sll, controller, call } = args
  const drawn = new Map<Hex, bigint>()
  const labels = new Map<Hex, string>()
  for (const limit of [...call.limits, ...(call.gateAlso ?? [])]) {
    labels.set(limit.key, labels.get(limit.key) ?? limit.label)
    if (limit.kind === 'decrease') drawn.set(limit.key, (drawn.get(limit.key) ?? 0n) + limit.amount)
  }
  if (labels.size === 0) return
  const timestamp = await nextBlockTime(client)
  for (const [key, label] of labels) {
    const data = (await client.readContract({
      address: sll.rateLimits,
      abi: rateLimitsAbi,
      functionName: 'getRateLimitData',
      args: [key],
    })) as RateLimitData
    const where = {
      chain,
      controller,
      rateLimits: sll.rateLimits,
      key,
      label,
      functionName: call.functionName,
    }
    if (data.maxAmount === 0n) throw new RateLimitKeyUnsetError(where)
    const needed = drawn.get(key)
    const short = needed === undefined ? undefined : rateLimitShortfall(data, needed, timestamp)
    if (short)
      throw new RateLimitShortfallError({
        ...where,
        capacity: short.capacity.toString(),
        needed: short.needed.toString(),
        slope: short.slope.toString(),
        maxAmount: short.maxAmount.toString(),
        waitSeconds: short.waitSeconds === null ? null : short.waitSeconds.toString(),
        blockTime: timestamp.toString(),
        maxWaitSeconds: rateLimitMaxWaitSeconds(),
      })
  }
}

/**
 * The time the call's block will have at the earliest: the pending block's timestamp where the node gives
 * one (anvil and geth do; an idle devnet's latest block can be minutes old), else the latest block's.
 * Capacity only grows with time, so a later inclusion never finds less.
 */
async function nextBlockTime(client: PublicClient<Transport, Chain>): Promise<bigint> {
  const latest = await client.getBlock({ blockTag: 'latest' })
  const pending = await client.getBlock({ blockTag: 'pending' }).catch(() => undefined)
  return pending?.timestamp !== undefined && pending.timestamp > latest.timestamp
    ? pending.timestamp
    : latest.timestamp
}

/** The environment variable that bounds a move's total wait for rate-limit regeneration. */
export const RATE_LIMIT_MAX_WAIT_ENV = 'SLL_RATE_LIMIT_MAX_WAIT'

/**
 * The configured bound of a move's total rate-limit wait, in seconds (default 15 minutes).
 * @throws {RateLimitWaitConfigError} naming the variable when it is not a duration.
 */
export function rateLimitMaxWaitSeconds(env: NodeJS.ProcessEnv = process.env): number {
  return parseRateLimitMaxWait(env[RATE_LIMIT_MAX_WAIT_ENV], RATE_LIMIT_MAX_WAIT_ENV)
}
