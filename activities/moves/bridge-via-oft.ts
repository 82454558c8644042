import { encodeFunctionData, pad, parseEventLogs } from 'viem'
import { oftAbi, oftSentEventAbi } from '../../layerzero/oft-abi.js'
import { executorLzReceiveOptions } from '../../layerzero/options.js'
import { getPublicClient } from '../clients.js'
import { activityTransactions } from './activity-tx.js'
import { MissingDeploymentError, type StepContext, type StepInput, type StepResult } from './step-context.js'

/** Gas the destination executor gets for `lzReceive` (what the SLL controller uses). */
export const LZ_RECEIVE_GAS = 200_000n

/** Result of the bridge step. */
export type BridgeResult = StepResult & { guid: string; amountSent: string; amountReceived: string }

/**
 * Sends the bridged amount through the LayerZero OFT: approve (adapters only, exact amount), `quoteOFT`
 * for `minAmountLD`, `quoteSend` for the fee, `send` with executor options for `lzReceive`. Returns the
 * GUID from the `OFTSent` event of the (journaled) send.
 */
export function createBridgeViaOft(ctx: StepContext) {
  const { network, registry, owner, token, oftOf } = ctx
  return async function bridgeViaOft({ moveKey, route }: StepInput): Promise<BridgeResult> {
    const bridge = route.bridge
    if (!bridge) throw new MissingDeploymentError('bridge step called for a same-chain move')
    const oft = oftOf(bridge.fromChain, bridge.asset)
    const dstEid = registry[bridge.toChain].eid
    const client = getPublicClient(network.endpoint(bridge.fromChain))
    const txs = activityTransactions(network)
    const hashes: string[] = []
    if (oft.kind === 'adapter') {
      const approval = await txs.approve(bridge.fromChain, `${moveKey}/approve-oft`, {
        token: token(bridge.fromChain, bridge.asset),
        spender: oft.address,
        amount: BigInt(bridge.amount),
      })
      if (approval.approved) hashes.push(approval.tx.hash)
    }
    const sendParam = {
      dstEid,
      to: pad(owner),
      amountLD: BigInt(bridge.amount),
      minAmountLD: 0n,
      extraOptions: executorLzReceiveOptions(LZ_RECEIVE_GAS),
      composeMsg: '0x' as const,
      oftCmd: '0x' as const,
    }
    const [, , receipt] = await client.readContract({
      address: oft.address,
      abi: oftAbi,
      functionName: 'quoteOFT',
      args: [sendParam],
    })
    sendParam.minAmountLD = receipt.amountReceivedLD
    const fee = await client.readContract({
      address: oft.address,
      abi: oftAbi,
      functionName: 'quoteSend',
      args: [sendParam, false],
    })
    const data = encodeFunctionData({ abi: oftAbi, functionName: 'send', args: [sendParam, fee, owner] })
    const tx = await txs.send(bridge.fromChain, `${moveKey}/bridge`, {
      to: oft.address,
      data,
      value: fee.nativeFee,
    })
    hashes.push(tx.hash)
    const mined = await client.getTransactionReceipt({ hash: tx.hash })
    const [sent] = parseEventLogs({ abi: oftSentEventAbi, logs: mined.logs, eventName: 'OFTSent' })
    if (!sent) throw new MissingDeploymentError(`send ${tx.hash} on ${bridge.fromChain} emitted no OFTSent`)
    return {
      txHashes: hashes,
      guid: sent.args.guid,
      amountSent: sent.args.amountSentLD.toString(),
      amountReceived: sent.args.amountReceivedLD.toString(),
    }
  }
}
