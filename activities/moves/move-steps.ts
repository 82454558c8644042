import type { Network } from '../network.js'
import { createBridgeViaOft } from './bridge-via-oft.js'
import { createCheckOftDelivery } from './check-oft-delivery.js'
import { createConvertViaPsm } from './convert-via-psm.js'
import { createDepositToMarket } from './deposit-to-market.js'
import { createLocateBridgeSend } from './locate-bridge-send.js'
import { createPrepareMove } from './prepare-move.js'
import { rateLimitMaxWaitSeconds } from './rate-limit-gate.js'
import { createStepContext } from './step-context.js'
import { createWithdrawFromMarket } from './withdraw-from-market.js'

/**
 * The activities that carry out a move, one transaction step each. Every transaction goes through the
 * sign-once path (journal + heartbeat), keyed `${moveKey}/${step}`, so a retried or re-run step never
 * sends a second transaction.
 */
export function createMoveSteps(network: Network) {
  // A bad SLL_RATE_LIMIT_MAX_WAIT fails the worker at start, not a move later.
  rateLimitMaxWaitSeconds()
  const ctx = createStepContext(network)
  return {
    prepareMove: createPrepareMove(ctx),
    withdrawFromMarket: createWithdrawFromMarket(ctx),
    convertViaPsm: createConvertViaPsm(ctx),
    bridgeViaOft: createBridgeViaOft(ctx),
    checkOftDelivery: createCheckOftDelivery(ctx),
    locateBridgeSend: createLocateBridgeSend(ctx),
    depositToMarket: createDepositToMarket(ctx),
  }
}

/** The move step activities as workflows see them. */
export type MoveSteps = ReturnType<typeof createMoveSteps>
