import { expect, test } from 'vitest'
import { type BlockAtTimeClient, CLOCK_SKEW_MARGIN_SECONDS, firstBlockAfter } from './block-at-time.js'

/** A chain of `count` blocks, block n at `start + 2n` seconds; counts header reads. */
function chain(count: number, start = 1_000_000n) {
  const reads: bigint[] = []
  const client = {
    getBlockNumber: async () => BigInt(count - 1),
    getBlock: async ({ blockNumber }: { blockNumber: bigint }) => {
      reads.push(blockNumber)
      return { timestamp: start + 2n * blockNumber }
    },
  } as unknown as BlockAtTimeClient
  return { client, reads }
}

test('behavior: finds the first block at or after the send time minus the skew margin, in log2 reads', async () => {
  const { client, reads } = chain(1_000_000)
  const sentAt = 1_000_000n + 2n * 700_000n
  const from = await firstBlockAfter(client, sentAt)
  expect(from).toBe(700_000n - CLOCK_SKEW_MARGIN_SECONDS / 2n)
  expect(reads.length).toBeLessThanOrEqual(21)
})

test('behavior: a send older than the chain starts at block 0; one newer than the head at the head', async () => {
  expect(await firstBlockAfter(chain(100).client, 5n)).toBe(0n)
  expect(await firstBlockAfter(chain(100).client, 10_000_000n)).toBe(99n)
})

test('behavior: blocks the node does not have (booted from a state dump) count as older', async () => {
  const { client } = chain(1_000)
  const getBlock = client.getBlock
  const pruned = {
    ...client,
    getBlock: async (args: { blockNumber: bigint }) => {
      if (args.blockNumber < 500n)
        throw Object.assign(new Error('Block at number could not be found'), { name: 'BlockNotFoundError' })
      return getBlock(args as never)
    },
  } as unknown as BlockAtTimeClient
  expect(await firstBlockAfter(pruned, 1_000_000n + 2n * 900n)).toBe(600n)
  expect(await firstBlockAfter(pruned, 5n)).toBe(500n)
})
