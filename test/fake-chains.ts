import type { ChainName } from '../chains/names.js'
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
