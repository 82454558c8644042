import { keccak256, parseTransaction } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { expect, test } from 'vitest'
import { feesOf, signReplacement } from './fee-bump.js'

const GWEI = 1_000_000_000n
const signer = privateKeyToAccount(`0x${'11'.repeat(32)}`)
const call = {
  type: 'eip1559',
  chainId: 8453,
  nonce: 41,
  to: '0x00000000000000000000000000000000000000c1',
  data: '0xa9059cbb0000',
  value: 7n,
  gas: 123_456n,
  maxFeePerGas: 2n * GWEI,
  maxPriorityFeePerGas: GWEI,
} as const
const node = (maxFeePerGas: bigint, maxPriorityFeePerGas: bigint) => ({
  estimateFeesPerGas: async () => ({ maxFeePerGas, maxPriorityFeePerGas }),
})

test('behavior: the replacement is the same call at the same nonce, only the fees rise', async () => {
  const newest = await signer.signTransaction(call)
  const next = await signReplacement(signer, node(GWEI, GWEI / 2n), newest, 10n * GWEI)
  if (next.kind !== 'signed') throw new Error('expected a replacement')
  const tx = parseTransaction(next.raw)
  expect(keccak256(next.raw)).not.toBe(keccak256(newest))
  expect({ ...tx, maxFeePerGas: 0n, maxPriorityFeePerGas: 0n, r: 0, s: 0, yParity: 0, v: 0 }).toEqual({
    ...parseTransaction(newest),
    maxFeePerGas: 0n,
    maxPriorityFeePerGas: 0n,
    r: 0,
    s: 0,
    yParity: 0,
    v: 0,
  })
  expect(feesOf(next.raw)).toEqual({ maxFeePerGas: 2_240_000_000n, maxPriorityFeePerGas: 1_120_000_000n })
})

test('behavior: at the cap nothing is signed and the newest fees are reported', async () => {
  const newest = await signer.signTransaction(call)
  await expect(signReplacement(signer, node(50n * GWEI, GWEI), newest, 2n * GWEI)).resolves.toEqual({
    kind: 'at-cap',
    fees: { maxFeePerGas: 2n * GWEI, maxPriorityFeePerGas: GWEI },
  })
})

test('error: a legacy transaction has no EIP-1559 fees to bump', async () => {
  const legacy = await signer.signTransaction({
    ...call,
    type: 'legacy',
    gasPrice: GWEI,
    maxFeePerGas: undefined,
    maxPriorityFeePerGas: undefined,
  })
  expect(() => feesOf(legacy)).toThrow(/not an EIP-1559/)
})
