import type { Network } from '../network.js'
import { createBridgeViaOft } from './bridge-via-oft.js'
import { createBurnViaCctp } from './burn-via-cctp.js'
import { cctpAttestationUrl, createCctpLookup } from './cctp-config.js'
import { createCheckOftDelivery } from './check-oft-delivery.js'
import { createConvertViaPsm } from './convert-via-psm.js'
import { createDepositToMarket } from './deposit-to-market.js'
import { createFetchCctpAttestations } from './fetch-cctp-attestations.js'
import { createLocateBridgeSend } from './locate-bridge-send.js'
import { createPrepareMove } from './prepare-move.js'
import { rateLimitMaxWaitSeconds } from './rate-limit-gate.js'
import { createReceiveCctpMessage } from './receive-cctp-message.js'
import { createStepContext } from './step-context.js'
import { createWithdrawFromMarket } from './withdraw-from-market.js'

/**
 * The activities that carry out a move, one transaction step each. Every transaction goes through the
 * sign-once path (journal + heartbeat), keyed `${moveKey}/${step}`, so a retried or re-run step never
 * sends a second transaction.
 */
export function createMoveSteps(network: Network, env: NodeJS.ProcessEnv = process.env) {
  // A bad SLL_RATE_LIMIT_MAX_WAIT fails the worker at start, not a move later.
  rateLimitMaxWaitSeconds()
  const ctx = createStepContext(network)
  const cctpOf = createCctpLookup(network)
  let attestationUrl: string | undefined
  return {
    prepareMove: createPrepareMove(ctx),
    withdrawFromMarket: createWithdrawFromMarket(ctx),
    convertViaPsm: createConvertViaPsm(ctx),
    bridgeViaOft: createBridgeViaOft(ctx),
    checkOftDelivery: createCheckOftDelivery(ctx),
    locateBridgeSend: createLocateBridgeSend(ctx),
    depositToMarket: createDepositToMarket(ctx),
    burnViaCctp: createBurnViaCctp(ctx, cctpOf),
    fetchCctpAttestations: createFetchCctpAttestations(ctx, () => {
      attestationUrl ??= cctpAttestationUrl(env, network.kind)
      return attestationUrl
    }),
    receiveCctpMessage: createReceiveCctpMessage(ctx, cctpOf),
  }
}

/** The move step activities as workflows see them. */
export type MoveSteps = ReturnType<typeof createMoveSteps>
