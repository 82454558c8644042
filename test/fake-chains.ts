import type { ChainName } from '../chains/names.js'
import type { MoveRoute } from '../policies/route.js'
import type { SnapshotMarket } from '../policies/snapshot.js'

const fixed = (rate: number) => ({ kind: 'fixed' as const, rate })

/**
 * Chain reads for workflow tests that do not need the devnet: ethereum moves 5M from savings (3%) to a 5%
 * market (auto-approved), base moves 50M from savings (3%) to a 5.5% market (needs approval above 10M).
 */
export const fakeMarkets: Record<ChainName, SnapshotMarket[]> = {
  ethereum: [
    market('ethereum/savings/sUSDS', 'ethereum', 'savings', 'sUSDS', '5000000', 0.03),
    market('ethereum/sparklend/USDS', 'ethereum', 'sparklend', 'USDS', '0', 0.05),
  ],
  base: [
    market('base/savings/sUSDS', 'base', 'savings', 'sUSDS', '50000000', 0.03),
    market('base/aave/USDC', 'base', 'aave', 'USDC', '0', 0.055),
  ],
  arbitrum: [],
  optimism: [],
  unichain: [],
  avalanche: [],
}

function market(
  id: string,
  chain: ChainName,
  protocol: SnapshotMarket['protocol'],
  asset: SnapshotMarket['asset'],
  position: string,
  rate: number,
): SnapshotMarket {
  return {
    id,
    chain,
    protocol,
    asset,
    totalSupply: String(Number(position) + 1_000_000_000),
    totalBorrow: '0',
    position,
    supplyCap: null,
    rateModel: fixed(rate),
  }
}

/** A fake `readChainMarkets` activity over {@link fakeMarkets}. */
export async function fakeReadChainMarkets(input: { chain: ChainName }) {
  return { chain: input.chain, markets: fakeMarkets[input.chain], idle: '0' }
}

/** Move steps that record what they were asked to do instead of sending transactions. */
export function recordingSteps() {
  const calls: string[] = []
  const route = (input: { from: string; to: string; amountUsd: string }): MoveRoute => ({
    amountUsd: input.amountUsd,
    from: { kind: 'idle', chain: 'ethereum' },
    to: { kind: 'idle', chain: 'ethereum' },
    source: { chain: 'ethereum', asset: 'USDS', amount: input.amountUsd },
    destination: { chain: 'ethereum', asset: 'USDS', amount: input.amountUsd },
  })
  const overrides = {
    readChainMarkets: fakeReadChainMarkets,
    readControlState: async () => ({ paused: false }),
    prepareMove: async (input: { from: string; to: string; amountUsd: string }) => {
      calls.push(`prepare ${input.from} -> ${input.to} ${input.amountUsd}`)
      return route(input)
    },
    withdrawFromMarket: async ({ moveKey }: { moveKey: string }) => {
      calls.push(`withdraw ${moveKey}`)
      return { txHashes: [`0xw-${moveKey}`] }
    },
    convertViaPsm: async () => ({ txHashes: [] }),
    depositToMarket: async ({ moveKey }: { moveKey: string }) => {
      calls.push(`deposit ${moveKey}`)
      return { txHashes: [`0xd-${moveKey}`] }
    },
  }
  return { calls, overrides }
}
