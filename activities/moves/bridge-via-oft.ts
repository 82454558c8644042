import { type Hex, parseEventLogs, zeroHash } from 'viem'
import { oftAbi, oftSentEventAbi } from '../../layerzero/oft-abi.js'
import { layerZeroKey } from '../../sll/keys.js'
import { controllerSendParam } from '../../sll/layerzero.js'
import { chainController } from './controller.js'
import { MissingDeploymentError, type StepContext, type StepInput, type StepResult } from './step-context.js'

/** Result of the bridge step. */
export type BridgeResult = StepResult & { guid: string; amountSent: string; amountReceived: string }

/**
 * Bridges the travelling amount from the source ALMProxy to the destination ALMProxy through the source
 * controller's `transferTokenLayerZero(oft, amount, dstEid)` (LAYERZERO(oft, dstEid) down). The fee is
 * `quoteSend` of exactly the SendParam the controller builds (`to` = its `layerZeroRecipients[dstEid]`,
 * its fixed lzReceive option, `minAmountLD` from `quoteOFT`), sent as `msg.value`. Returns the GUID from
 * the `OFTSent` event of the (journaled) transaction.
 */
export function createBridgeViaOft(ctx: StepContext) {
  const { network, registry, oftOf } = ctx
  return async function bridgeViaOft({ moveKey, route }: StepInput): Promise<BridgeResult> {
    const bridge = route.bridge
    if (!bridge) throw new MissingDeploymentError('bridge step called for a same-chain move')
    const oft = oftOf(bridge.fromChain, bridge.asset)
    const dstEid = registry[bridge.toChain].eid
    const amount = BigInt(bridge.amount)
    const c = chainController(network, bridge.fromChain)
    const recipient = await c.read<Hex>('layerZeroRecipients', [dstEid])
    if (recipient === zeroHash) {
      throw new MissingDeploymentError(
        `the ${bridge.fromChain} controller has no LayerZero recipient for ${bridge.toChain} (eid ${dstEid})`,
        {
          instruction: 'Governance must set layerZeroRecipients for this destination before bridging there.',
        },
      )
    }
    const sendParam = controllerSendParam({ recipient, amount, dstEid })
    const [, , receipt] = await c.client.readContract({
      address: oft.address,
      abi: oftAbi,
      functionName: 'quoteOFT',
      args: [sendParam],
    })
    sendParam.minAmountLD = receipt.amountReceivedLD
    const fee = await c.client.readContract({
      address: oft.address,
      abi: oftAbi,
      functionName: 'quoteSend',
      args: [sendParam, false],
    })
    const { tx, rateLimits } = await c.relay(`${moveKey}/bridge`, {
      functionName: 'transferTokenLayerZero',
      args: [oft.address, amount, dstEid],
      value: fee.nativeFee,
      limits: [
        {
          key: layerZeroKey(oft.address, dstEid),
          label: `LAYERZERO(${bridge.fromChain}/${bridge.asset} -> ${bridge.toChain})`,
          kind: 'decrease',
          amount,
        },
      ],
    })
    const mined = await c.client.getTransactionReceipt({ hash: tx.hash })
    const [sent] = parseEventLogs({ abi: oftSentEventAbi, logs: mined.logs, eventName: 'OFTSent' })
    if (!sent) throw new MissingDeploymentError(`send ${tx.hash} on ${bridge.fromChain} emitted no OFTSent`)
    return {
      txHashes: [tx.hash],
      rateLimits,
      guid: sent.args.guid,
      amountSent: sent.args.amountSentLD.toString(),
      amountReceived: sent.args.amountReceivedLD.toString(),
    }
  }
}
