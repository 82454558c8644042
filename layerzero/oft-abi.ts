/**
 * The OFT (LayerZero V2 `IOFT` + `OFTCore`) ABI fragments the orchestrator calls or watches, as `as const`
 * so viem infers argument and return types. Source: `@layerzerolabs/oft-evm` `contracts/interfaces/IOFT.sol`.
 */

const sendParamComponents = [
  { name: 'dstEid', type: 'uint32' },
  { name: 'to', type: 'bytes32' },
  { name: 'amountLD', type: 'uint256' },
  { name: 'minAmountLD', type: 'uint256' },
  { name: 'extraOptions', type: 'bytes' },
  { name: 'composeMsg', type: 'bytes' },
  { name: 'oftCmd', type: 'bytes' },
] as const

const messagingFeeComponents = [
  { name: 'nativeFee', type: 'uint256' },
  { name: 'lzTokenFee', type: 'uint256' },
] as const

const oftReceiptComponents = [
  { name: 'amountSentLD', type: 'uint256' },
  { name: 'amountReceivedLD', type: 'uint256' },
] as const

/** `quoteOFT(SendParam)`: limits, fee details and the amounts sent / received (dust removed). */
export const quoteOftAbi = [
  {
    type: 'function',
    name: 'quoteOFT',
    stateMutability: 'view',
    inputs: [{ name: '_sendParam', type: 'tuple', components: sendParamComponents }],
    outputs: [
      {
        name: 'oftLimit',
        type: 'tuple',
        components: [
          { name: 'minAmountLD', type: 'uint256' },
          { name: 'maxAmountLD', type: 'uint256' },
        ],
      },
      {
        name: 'oftFeeDetails',
        type: 'tuple[]',
        components: [
          { name: 'feeAmountLD', type: 'int256' },
          { name: 'description', type: 'string' },
        ],
      },
      { name: 'oftReceipt', type: 'tuple', components: oftReceiptComponents },
    ],
  },
] as const

/** `quoteSend(SendParam, bool payInLzToken)`: the messaging fee to pass to `send`. */
export const quoteSendAbi = [
  {
    type: 'function',
    name: 'quoteSend',
    stateMutability: 'view',
    inputs: [
      { name: '_sendParam', type: 'tuple', components: sendParamComponents },
      { name: '_payInLzToken', type: 'bool' },
    ],
    outputs: [{ name: 'msgFee', type: 'tuple', components: messagingFeeComponents }],
  },
] as const

/** `send(SendParam, MessagingFee, refundAddress)` (payable with `nativeFee`). */
export const sendAbi = [
  {
    type: 'function',
    name: 'send',
    stateMutability: 'payable',
    inputs: [
      { name: '_sendParam', type: 'tuple', components: sendParamComponents },
      { name: '_fee', type: 'tuple', components: messagingFeeComponents },
      { name: '_refundAddress', type: 'address' },
    ],
    outputs: [
      {
        name: 'msgReceipt',
        type: 'tuple',
        components: [
          { name: 'guid', type: 'bytes32' },
          { name: 'nonce', type: 'uint64' },
          { name: 'fee', type: 'tuple', components: messagingFeeComponents },
        ],
      },
      { name: 'oftReceipt', type: 'tuple', components: oftReceiptComponents },
    ],
  },
] as const

/** `OFTSent(guid indexed, dstEid, fromAddress indexed, amountSentLD, amountReceivedLD)` on the source OFT. */
export const oftSentEventAbi = [
  {
    type: 'event',
    name: 'OFTSent',
    inputs: [
      { name: 'guid', type: 'bytes32', indexed: true },
      { name: 'dstEid', type: 'uint32', indexed: false },
      { name: 'fromAddress', type: 'address', indexed: true },
      { name: 'amountSentLD', type: 'uint256', indexed: false },
      { name: 'amountReceivedLD', type: 'uint256', indexed: false },
    ],
  },
] as const

/** `OFTReceived(guid indexed, srcEid, toAddress indexed, amountReceivedLD)` on the destination OFT. */
export const oftReceivedEventAbi = [
  {
    type: 'event',
    name: 'OFTReceived',
    inputs: [
      { name: 'guid', type: 'bytes32', indexed: true },
      { name: 'srcEid', type: 'uint32', indexed: false },
      { name: 'toAddress', type: 'address', indexed: true },
      { name: 'amountReceivedLD', type: 'uint256', indexed: false },
    ],
  },
] as const

/** `approvalRequired()`: true for an adapter (lockbox) that pulls the underlying token with `transferFrom`. */
export const approvalRequiredAbi = [
  {
    type: 'function',
    name: 'approvalRequired',
    stateMutability: 'view',
    inputs: [],
    outputs: [{ name: '', type: 'bool' }],
  },
] as const

/** `token()`: the ERC-20 the OFT moves (itself for an OFT, the underlying for an adapter). */
export const tokenAbi = [
  {
    type: 'function',
    name: 'token',
    stateMutability: 'view',
    inputs: [],
    outputs: [{ name: '', type: 'address' }],
  },
] as const

/** Every OFT fragment above in one ABI. */
export const oftAbi = [
  ...quoteOftAbi,
  ...quoteSendAbi,
  ...sendAbi,
  ...oftSentEventAbi,
  ...oftReceivedEventAbi,
  ...approvalRequiredAbi,
  ...tokenAbi,
] as const
