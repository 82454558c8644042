import type { ChainName } from '../../chains/names.js'
import { type BridgeKind, type MoveRoute, planRoute, resolveRouteEnd } from '../../policies/route.js'
import type { StepContext } from './step-context.js'
import { validateRoute } from './validate-route.js'

/**
 * Decides the route of a move (recorded in history); for an idle source it reads the ALMProxy's
 * balances there (see `planRoute`). Then validates the whole route ({@link validateRoute}) before any
 * step sends a transaction.
 */
export function createPrepareMove(ctx: StepContext) {
  const { registry, balanceOf } = ctx
  return async function prepareMove(input: {
    from: string
    to: string
    amountUsd: string
    /** The plan's bridge (`cctp` / `layerzero`; `none` or absent = LayerZero when cross-chain). */
    bridge?: BridgeKind | 'none'
    /** The chain the plan converts on, when not the default (`planRoute`). */
    convertOn?: ChainName
  }): Promise<MoveRoute> {
    const from = resolveRouteEnd(registry, input.from)
    const to = resolveRouteEnd(registry, input.to)
    const idle =
      from.kind === 'idle'
        ? { USDS: await balanceOf(from.chain, 'USDS'), USDC: await balanceOf(from.chain, 'USDC') }
        : undefined
    const route = planRoute({
      registry,
      from,
      to,
      amountUsd: input.amountUsd,
      ...(idle ? { idle } : {}),
      ...(input.bridge === 'cctp' ? { via: 'cctp' as const } : {}),
      ...(input.convertOn ? { convertOn: input.convertOn } : {}),
    })
    await validateRoute(ctx, route)
    return route
  }
}
