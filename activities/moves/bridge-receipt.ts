import { type Hex, parseEventLogs, type TransactionReceipt } from 'viem'
import { firstBlockAfter } from '../../layerzero/block-at-time.js'
import { oftSentEventAbi } from '../../layerzero/oft-abi.js'
import type { MoveRoute } from '../../policies/route.js'
import { getPublicClient } from '../clients.js'
import { MissingDeploymentError, type StepContext } from './step-context.js'

/** What a mined bridge send tells: the GUID to follow, the amounts, where on the destination to look. */
export type BridgeSent = {
  guid: string
  amountSent: string
  amountReceived: string
  /** First destination block the delivery can be in (log queries start here, not at block 0). */
  deliveryFromBlock: string
}

/**
 * Reads the `OFTSent` event of a mined, successful bridge send and finds the destination block its
 * delivery is searched from ({@link firstBlockAfter} the send's block timestamp).
 *
 * @throws {MissingDeploymentError} when the transaction emitted no `OFTSent` (not an OFT send).
 */
export async function bridgeSentFromReceipt(
  ctx: StepContext,
  bridge: NonNullable<MoveRoute['bridge']>,
  receipt: TransactionReceipt,
): Promise<BridgeSent> {
  const [sent] = parseEventLogs({ abi: oftSentEventAbi, logs: receipt.logs, eventName: 'OFTSent' })
  if (!sent) {
    throw new MissingDeploymentError(
      `send ${receipt.transactionHash} on ${bridge.fromChain} emitted no OFTSent`,
      {
        instruction:
          'Inspect the transaction: the OFT in the registry may not be the one the controller calls.',
      },
    )
  }
  const source = getPublicClient(ctx.network.endpoint(bridge.fromChain))
  const destination = getPublicClient(ctx.network.endpoint(bridge.toChain))
  const block = await source.getBlock({ blockNumber: receipt.blockNumber })
  return {
    guid: sent.args.guid as Hex,
    amountSent: sent.args.amountSentLD.toString(),
    amountReceived: sent.args.amountReceivedLD.toString(),
    deliveryFromBlock: (await firstBlockAfter(destination, block.timestamp)).toString(),
  }
}
