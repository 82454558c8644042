import { Context } from '@temporalio/activity'
import { ApplicationFailure, ApplicationFailureCategory } from '@temporalio/common'
import type { ChainName } from '../../chains/names.js'
import { type ReadDeliveryStatusReturnType, readDeliveryStatus } from '../../layerzero/delivery-status.js'
import type { MoveRoute } from '../../policies/route.js'
import { getPublicClient } from '../clients.js'
import { DeliveryFailedError, fetchScanMessage, terminalScanStatuses } from '../layerzero/scan.js'
import { crashIfChaos } from '../tx/chaos.js'
import { resolveJournalDir } from '../tx/journal.js'
import { MissingDeploymentError, type StepContext } from './step-context.js'

/** How long one delivery check keeps polling before it reports "not yet" to the retry policy. */
const DELIVERY_LONG_POLL_MS = 5_000
const DELIVERY_POLL_INTERVAL_MS = 200

function heartbeatIfActivity(): void {
  try {
    Context.current().heartbeat()
  } catch {
    // not inside an activity (direct call in a script or test)
  }
}

/** The retryable, benign failure that makes the retry policy poll a delivery again. */
function deliveryPending(guid: string, chain: ChainName, status: string): ApplicationFailure {
  const detail = status === 'PAYLOAD_STORED' ? ' (lzReceive failed; waiting for the executor to retry)' : ''
  return ApplicationFailure.create({
    type: 'DeliveryPending',
    message: `LayerZero message ${guid} to ${chain}: ${status}${detail}`,
    nonRetryable: false,
    category: ApplicationFailureCategory.BENIGN,
  })
}

/** Result of a delivery check. */
export type DeliveryResult = { status: 'DELIVERED'; amountReceived: string; txHash: string }

/**
 * Checks whether the OFT transfer `guid` arrived at the destination ALMProxy: on the devnet by `OFTReceived`
 * logs from `fromBlock` on (long-polled for a few seconds), in production by LayerZero Scan, then the `OFTReceived` log for
 * the amount. Not yet: throws a retryable, benign failure naming the status (INFLIGHT, CONFIRMING, or
 * PAYLOAD_STORED when `lzReceive` failed and the payload waits for a retry); the retry policy polls.
 * Scan's FAILED / BLOCKED is final ({@link DeliveryFailedError}): the move parks in flight.
 */
export function createCheckOftDelivery(ctx: StepContext) {
  const { network, registry, oftOf } = ctx
  return async function checkOftDelivery(input: {
    route: MoveRoute
    guid: `0x${string}`
    /** First destination block to search (the bridge step's `deliveryFromBlock`); 0 for old histories. */
    fromBlock?: string
  }): Promise<DeliveryResult> {
    const bridge = input.route.bridge
    if (!bridge) throw new MissingDeploymentError('delivery check for a same-chain move')
    crashIfChaos('awaiting-delivery', `${input.guid}/delivery`, resolveJournalDir(network.journalDir))
    const oft = oftOf(bridge.toChain, bridge.asset)
    const client = getPublicClient(network.endpoint(bridge.toChain))
    const fromBlock = BigInt(input.fromBlock ?? '0')
    const query = {
      endpoint: registry[bridge.toChain].layerZero.endpoint,
      receiver: oft.address,
      guid: input.guid,
      fromBlock,
    }
    const proxy = ctx.proxyOf(bridge.toChain)
    const delivered = ({ arrival }: ReadDeliveryStatusReturnType) => {
      if (!arrival) return undefined
      if (arrival.toAddress && arrival.toAddress.toLowerCase() !== proxy.toLowerCase()) {
        throw new DeliveryFailedError(
          `LayerZero message ${input.guid} credited ${arrival.toAddress} on ${bridge.toChain}, not its ALMProxy ${proxy}`,
          {
            instruction:
              "The controller's layerZeroRecipients for this destination is not the ALMProxy: recover the money by hand and fix the recipient.",
          },
        )
      }
      return {
        status: 'DELIVERED' as const,
        amountReceived: arrival.amountReceivedLD.toString(),
        txHash: arrival.txHash,
      }
    }
    if (network.delivery.kind === 'layerzero-scan') {
      const message = await fetchScanMessage(input.guid, { baseUrl: network.delivery.baseUrl })
      const scanStatus = message.scanStatus ?? message.status
      if (terminalScanStatuses.has(message.status)) {
        throw new DeliveryFailedError(
          `LayerZero Scan reports message ${input.guid} to ${bridge.toChain} as ${scanStatus}${message.detail ? ` (${message.detail})` : ''}`,
          {
            instruction:
              'The money is in flight: inspect the message on LayerZero Scan and recover it by hand.',
          },
        )
      }
      const arrival =
        message.status === 'DELIVERED'
          ? delivered(
              await readDeliveryStatus(client, {
                ...query,
                fromBlock: message.destinationBlock ?? fromBlock,
              }),
            )
          : undefined
      if (arrival) return arrival
      throw deliveryPending(input.guid, bridge.toChain, scanStatus)
    }
    // Long poll within one attempt (heartbeating), so an arrival is seen within ~200 ms; the retry
    // policy only takes over for slow deliveries.
    const deadline = Date.now() + DELIVERY_LONG_POLL_MS
    for (;;) {
      const state = await readDeliveryStatus(client, query)
      const arrival = delivered(state)
      if (arrival) return arrival
      if (Date.now() >= deadline) throw deliveryPending(input.guid, bridge.toChain, state.status)
      heartbeatIfActivity()
      await new Promise((resolve) => setTimeout(resolve, DELIVERY_POLL_INTERVAL_MS))
    }
  }
}
