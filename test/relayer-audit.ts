import { type Address, erc20Abi, type Hex, parseAbiItem } from 'viem'
import { getPublicClient } from '../activities/clients.js'
import type { RateLimitPrediction } from '../activities/moves/controller.js'
import type { Network } from '../activities/network.js'
import { type ChainName, chainNames } from '../chains/names.js'
import { rateLimitsAbi } from '../sll/abis.js'

const transferEvent = parseAbiItem('event Transfer(address indexed from, address indexed to, uint256 value)')

/** The latest block of every chain (where an audit starts from). */
export async function blockHeights(network: Network): Promise<Record<ChainName, bigint>> {
  const heights = {} as Record<ChainName, bigint>
  for (const chain of chainNames) {
    heights[chain] = await getPublicClient(network.endpoint(chain)).getBlockNumber()
  }
  return heights
}

/**
 * What the RELAYER (the signer) did after `from` on every chain: every transaction it sent (block by block),
 * and every ERC-20 `Transfer` log with it as sender or recipient (any token contract).
 */
export async function auditRelayer(network: Network, from: Record<ChainName, bigint>) {
  const relayer = network.signer.address.toLowerCase()
  const sent: Array<{ chain: ChainName; hash: Hex; to: Address | null }> = []
  const transfers: Array<{ chain: ChainName; token: Address; from: Address; to: Address }> = []
  for (const chain of chainNames) {
    const client = getPublicClient(network.endpoint(chain))
    const latest = await client.getBlockNumber()
    for (let n = from[chain] + 1n; n <= latest; n++) {
      const block = await client.getBlock({ blockNumber: n, includeTransactions: true })
      for (const tx of block.transactions) {
        if (tx.from.toLowerCase() === relayer) sent.push({ chain, hash: tx.hash, to: tx.to })
      }
    }
    if (latest <= from[chain]) continue
    for (const args of [{ from: network.signer.address }, { to: network.signer.address }]) {
      const logs = await client.getLogs({
        event: transferEvent,
        args,
        fromBlock: from[chain] + 1n,
        toBlock: latest,
      })
      for (const log of logs) {
        transfers.push({ chain, token: log.address, from: log.args.from!, to: log.args.to! })
      }
    }
  }
  return { sent, transfers }
}

/** `getRateLimitData` of each predicted key at the prediction's block, next to the prediction. */
export async function checkPredictions(network: Network, predictions: RateLimitPrediction[]) {
  return Promise.all(
    predictions.map(async (p) => {
      const onChain = (await getPublicClient(network.endpoint(p.chain)).readContract({
        address: network.sll(p.chain).rateLimits,
        abi: rateLimitsAbi,
        functionName: 'getRateLimitData',
        args: [p.key],
        blockNumber: BigInt(p.blockNumber),
      })) as { maxAmount: bigint; slope: bigint; lastAmount: bigint; lastUpdated: bigint }
      return {
        label: `${p.chain} ${p.label} @${p.blockNumber}`,
        predicted: p.predicted,
        actual: {
          maxAmount: onChain.maxAmount.toString(),
          slope: onChain.slope.toString(),
          lastAmount: onChain.lastAmount.toString(),
          lastUpdated: onChain.lastUpdated.toString(),
        },
      }
    }),
  )
}

/** Balances of `who` in every stablecoin and every venue's position token, per chain (non-zero only). */
export async function heldTokens(network: Network, who: Address) {
  const held: Array<{ chain: ChainName; token: Address; balance: bigint }> = []
  for (const chain of chainNames) {
    const d = network.registry[chain]
    const client = getPublicClient(network.endpoint(chain))
    const tokens = [
      ...Object.values(d.tokens),
      ...d.venues.map((v) => ('aToken' in v ? v.aToken : v.vault)),
    ] as Address[]
    for (const token of tokens) {
      const balance = await client.readContract({
        address: token,
        abi: erc20Abi,
        functionName: 'balanceOf',
        args: [who],
      })
      if (balance !== 0n) held.push({ chain, token, balance })
    }
  }
  return held
}
