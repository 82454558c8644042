import { type Address, type Hex, pad } from 'viem'

/**
 * Executor options every controller's `transferTokenLayerZero` sends with:
 * `Options.newOptions().addExecutorLzReceiveOption(200_000, 0).toHex()`.
 */
export const controllerLzReceiveOptions: Hex = '0x00030100110100000000000000000000000000030d40'

/** The OFT `SendParam` fields, as viem encodes the tuple. */
export type SendParam = {
  dstEid: number
  to: Hex
  amountLD: bigint
  minAmountLD: bigint
  extraOptions: Hex
  composeMsg: Hex
  oftCmd: Hex
}

/**
 * The SendParam a controller builds for `transferTokenLayerZero(oft, amount, dstEid)`, before it sets
 * `minAmountLD` from `quoteOFT`. The relayer quotes `quoteOFT` then `quoteSend` on the same value to know
 * the `msg.value` to send. `recipient` is `layerZeroRecipients[dstEid]` (the destination ALMProxy).
 */
export function controllerSendParam(args: {
  recipient: Address | Hex
  amount: bigint
  dstEid: number
}): SendParam {
  return {
    dstEid: args.dstEid,
    to: args.recipient.length === 66 ? (args.recipient as Hex) : pad(args.recipient as Address),
    amountLD: args.amount,
    minAmountLD: 0n,
    extraOptions: controllerLzReceiveOptions,
    composeMsg: '0x',
    oftCmd: '0x',
  }
}
