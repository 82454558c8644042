import { type Hex, type LocalAccount, parseTransaction } from 'viem'
import { bumpFeesWithin, type Eip1559Fees } from '../../lib/fee-caps.js'

/** What a replacement needs from the node: its current fee estimate. */
export type FeeEstimator = { estimateFeesPerGas: () => Promise<Eip1559Fees> }

/** A replacement signed at the same nonce, or why none was signed. */
export type Replacement =
  | { kind: 'signed'; raw: Hex; fees: Eip1559Fees }
  | { kind: 'at-cap'; fees: Eip1559Fees }

/** The fees a signed EIP-1559 transaction pays at most. */
export function feesOf(raw: Hex): Eip1559Fees {
  const tx = parseTransaction(raw)
  if (tx.type !== 'eip1559' || tx.maxFeePerGas === undefined || tx.maxPriorityFeePerGas === undefined) {
    throw new Error(`feesOf: ${raw.slice(0, 12)}… is not an EIP-1559 transaction`)
  }
  return { maxFeePerGas: tx.maxFeePerGas, maxPriorityFeePerGas: tx.maxPriorityFeePerGas }
}

/**
 * Signs the SAME call as `newest` (chain, nonce, to, data, value, gas limit, access list: all taken from
 * its signed bytes, never from the caller) with bumped fees: at least +12 % on both and at least the node's
 * estimate, never above `cap` (wei per gas; `undefined`: uncapped). Nothing is sent or recorded here.
 */
export async function signReplacement(
  signer: LocalAccount,
  node: FeeEstimator,
  newest: Hex,
  cap: bigint | undefined,
): Promise<Replacement> {
  const tx = parseTransaction(newest)
  const signedFees = feesOf(newest)
  const fees = bumpFeesWithin(cap, signedFees, await node.estimateFeesPerGas())
  if (!fees) return { kind: 'at-cap', fees: signedFees }
  if (tx.chainId === undefined || tx.nonce === undefined || tx.gas === undefined) {
    throw new Error('signReplacement: the recorded transaction has no chain id, nonce or gas limit')
  }
  const raw = await signer.signTransaction({
    type: 'eip1559',
    chainId: tx.chainId,
    nonce: tx.nonce,
    ...(tx.to ? { to: tx.to } : {}),
    data: tx.data ?? '0x',
    value: tx.value ?? 0n,
    gas: tx.gas,
    ...(tx.accessList?.length ? { accessList: tx.accessList } : {}),
    ...fees,
  })
  return { kind: 'signed', raw, fees }
}
