import { oftAbi } from '../../layerzero/oft-abi.js'
import { NonRetryableError, RetryableError } from '../../lib/errors.js'
import { assertLzFeeWithinCap, defaultFeeCaps } from '../../lib/fee-caps.js'
import { drawEffects } from '../../sll/guard-key.js'
import { stepKeyDraws } from '../../sll/key-draws.js'
import { controllerSendParam } from '../../sll/layerzero.js'
import { type BridgeSent, bridgeSentFromReceipt } from './bridge-receipt.js'
import { chainController } from './controller.js'
import { RateLimitShortfallError, rateLimitMaxWaitSeconds } from './rate-limit-gate.js'
import { findSignedSend } from './signed-send.js'
import { MissingDeploymentError, type StepContext, type StepInput, type StepResult } from './step-context.js'
import { layerZeroRecipient } from './validate-route.js'

/** Result of the bridge step. */
export type BridgeResult = StepResult & BridgeSent

/**
 * A bridge send was signed but this attempt could not settle it (RPC down, receipt not seen yet): the money
 * may be in flight. Retryable; when the attempts run out, the workflow locates the send by the `hash` in
 * this failure's details and follows it to delivery instead of reporting the money on the source.
 */
export class BridgeSendUnsettledError extends RetryableError {
  override readonly name = 'BridgeSendUnsettledError'
  constructor(
    readonly context: { chain: string; step: string; hash: string; cause: string },
    cause?: unknown,
  ) {
    super(
      `bridge send ${context.step} on ${context.chain} is signed (tx ${context.hash}) but not settled: ${context.cause}`,
      {
        instruction:
          'The money may be in flight: the move follows the transaction to delivery; do not send it again by hand.',
        cause,
      },
    )
  }
}

/**
 * Bridges the travelling amount from the source ALMProxy to the destination ALMProxy through the source
 * controller's `transferTokenLayerZero(oft, amount, dstEid)` (LAYERZERO(oft, dstEid) down).
 *
 * A send already signed under the step key (journal, or an earlier attempt's heartbeat) is settled with
 * its own bytes and fee, never re-quoted: a fee that changed since must not make the retry conflict with
 * the journaled call. Only a first attempt quotes: `quoteSend` of exactly the SendParam the controller
 * builds (`to` = its `layerZeroRecipients[dstEid]`, its fixed lzReceive option, `minAmountLD` from
 * `quoteOFT`), refused above the chain's fee cap (`SLL_MAX_LZ_FEE_WEI_<CHAIN>`), sent as `msg.value`.
 * Returns the GUID from the `OFTSent` event and the destination block its delivery is searched from.
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
    const key = `${moveKey}/bridge`
    const signed = await findSignedSend(network, bridge.fromChain, key)
    const value = signed ? signed.value : await quoteFee()
    try {
      const { tx, rateLimits } = await c.relay(key, {
        functionName: 'transferTokenLayerZero',
        args: [oft.address, amount, dstEid],
        value,
        limits: drawEffects(stepKeyDraws(route, 'bridge'), registry),
      })
      const mined = await c.client.getTransactionReceipt({ hash: tx.hash })
      return { txHashes: [tx.hash], rateLimits, ...(await bridgeSentFromReceipt(ctx, bridge, mined)) }
    } catch (error) {
      // A final error says what happened to the signed bytes (reverted, nonce taken, no OFTSent); any
      // other failure after signing leaves the money possibly in flight: say so, with the hash.
      const after = signed ?? (await findSignedSend(network, bridge.fromChain, key))
      if (!after || error instanceof NonRetryableError) throw error
      throw new BridgeSendUnsettledError(
        {
          chain: bridge.fromChain,
          step: key,
          hash: after.hash,
          cause: error instanceof Error ? (error.message.split('\n')[0] ?? error.name) : String(error),
        },
        error,
      )
    }

    async function quoteFee(): Promise<bigint> {
      const recipient = await layerZeroRecipient(ctx, bridge as NonNullable<typeof bridge>)
      const sendParam = controllerSendParam({ recipient, amount, dstEid })
      const [oftLimit, , receipt] = await c.client.readContract({
        address: oft.address,
        abi: oftAbi,
        functionName: 'quoteOFT',
        args: [sendParam],
      })
      await assertWithinOftRoom(oftLimit.maxAmountLD)
      sendParam.minAmountLD = receipt.amountReceivedLD
      const fee = await c.client.readContract({
        address: oft.address,
        abi: oftAbi,
        functionName: 'quoteSend',
        args: [sendParam, false],
      })
      assertLzFeeWithinCap(
        network.feeCaps ?? defaultFeeCaps,
        bridge?.fromChain ?? route.source.chain,
        fee.nativeFee,
        key,
      )
      return fee.nativeFee
    }

    /**
     * The OFT's own outbound limit (an OFT with a rate limiter reports its room as `quoteOFT`'s
     * `maxAmountLD`): a send above it would revert, so the step refuses before signing. Its regeneration is
     * the OFT's own (not known here): the move parks `rate-limited` and the next cycle plans within the room.
     */
    async function assertWithinOftRoom(room: bigint): Promise<void> {
      if (amount <= room) return
      const block = await c.client.getBlock({ blockTag: 'latest' })
      const from = bridge?.fromChain ?? route.source.chain
      throw new RateLimitShortfallError({
        chain: from,
        controller: c.sll.controller,
        rateLimits: oft.address,
        key: oft.address,
        label: `the ${bridge?.asset} OFT's own outbound limit to ${bridge?.toChain} (eid ${dstEid}, quoteOFT maxAmountLD)`,
        functionName: 'transferTokenLayerZero',
        capacity: room.toString(),
        needed: amount.toString(),
        slope: '0',
        maxAmount: room.toString(),
        waitSeconds: null,
        blockTime: block.timestamp.toString(),
        maxWaitSeconds: rateLimitMaxWaitSeconds(),
      })
    }
  }
}
