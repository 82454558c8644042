import type { PublicClient } from 'viem'

/** The client calls {@link firstBlockAfter} makes (any viem `PublicClient` fits). */
export type BlockAtTimeClient = Pick<PublicClient, 'getBlock' | 'getBlockNumber'>

/**
 * Seconds a destination chain's clock may run ahead of a source chain's: a delivery is searched from the
 * destination block this much before the send's timestamp.
 */
export const CLOCK_SKEW_MARGIN_SECONDS = 600n

/**
 * The first block of a chain whose timestamp is at or after `timestamp - CLOCK_SKEW_MARGIN_SECONDS`
 * (binary search, ~log2(head) header reads): where delivery log queries for a message sent at `timestamp`
 * on another chain start, instead of block 0 (production RPCs refuse such ranges). Nothing the message
 * does on the destination can be in an earlier block. Blocks the node does not have (state dump,
 * pruning) count as older. Returns the head when every block is older.
 */
export async function firstBlockAfter(client: BlockAtTimeClient, timestamp: bigint): Promise<bigint> {
  const target = timestamp > CLOCK_SKEW_MARGIN_SECONDS ? timestamp - CLOCK_SKEW_MARGIN_SECONDS : 0n
  const head = await client.getBlockNumber({ cacheTime: 0 })
  let low = 0n
  let high = head + 1n
  while (low < high) {
    const mid = (low + high) / 2n
    const block = await client.getBlock({ blockNumber: mid }).catch((error: unknown) => {
      // A node booted from a state dump (anvil --load-state) or pruned has no early blocks: older.
      if ((error as { name?: string }).name === 'BlockNotFoundError') return undefined
      throw error
    })
    if (block && block.timestamp >= target) high = mid
    else low = mid + 1n
  }
  return low > head ? head : low
}
