/** Hand-written `as const` fragments of the LayerZero worker contracts the relayer calls. */

import { originComponents } from './endpoint-abi.js'

/** `ReceiveUln302.verify` (called by the DVN) and `commitVerification` (permissionless). */
export const receiveUlnAbi = [
  {
    type: 'function',
    name: 'verify',
    stateMutability: 'nonpayable',
    inputs: [
      { name: '_packetHeader', type: 'bytes' },
      { name: '_payloadHash', type: 'bytes32' },
      { name: '_confirmations', type: 'uint64' },
    ],
    outputs: [],
  },
  {
    type: 'function',
    name: 'commitVerification',
    stateMutability: 'nonpayable',
    inputs: [
      { name: '_packetHeader', type: 'bytes' },
      { name: '_payloadHash', type: 'bytes32' },
    ],
    outputs: [],
  },
] as const

/** `DVN.execute(ExecuteParam[])` (admin only) and `DVN.vid()`. */
export const dvnAbi = [
  {
    type: 'function',
    name: 'execute',
    stateMutability: 'nonpayable',
    inputs: [
      {
        name: '_params',
        type: 'tuple[]',
        components: [
          { name: 'vid', type: 'uint32' },
          { name: 'target', type: 'address' },
          { name: 'callData', type: 'bytes' },
          { name: 'expiration', type: 'uint256' },
          { name: 'signatures', type: 'bytes' },
        ],
      },
    ],
    outputs: [],
  },
  {
    type: 'function',
    name: 'vid',
    stateMutability: 'view',
    inputs: [],
    outputs: [{ name: '', type: 'uint32' }],
  },
] as const

/** `Executor.execute302(ExecutionParams)` (admin only). */
export const executorAbi = [
  {
    type: 'function',
    name: 'execute302',
    stateMutability: 'payable',
    inputs: [
      {
        name: '_executionParams',
        type: 'tuple',
        components: [
          { name: 'receiver', type: 'address' },
          { name: 'origin', type: 'tuple', components: originComponents },
          { name: 'guid', type: 'bytes32' },
          { name: 'message', type: 'bytes' },
          { name: 'extraData', type: 'bytes' },
          { name: 'gasLimit', type: 'uint256' },
        ],
      },
    ],
    outputs: [],
  },
] as const
