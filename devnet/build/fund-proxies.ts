/**
 * The SLL keeps its money in the ALMProxy of each chain. Seeding gives the operator account the SLL's
 * positions (it is the depositor the venue seeds know); this step, the last of the build, hands every
 * token it holds to its chain's ALMProxy with plain ERC-20 transfers: aTokens, ERC-4626 vault / savings
 * shares, idle USDS / USDC / sUSDS. Afterwards the operator (the RELAYER) holds gas only.
 */
import { type Address, erc20Abi } from 'viem'
import { devnetAccounts } from '../../chains/devnet-accounts.js'
import type { DevnetSll } from '../../chains/devnet-sll.js'
import type { ChainName } from '../../chains/names.js'
import type { ChainClient } from './chain-client.js'
import type { ChainBuild } from './deploy-chain.js'

const { operator } = devnetAccounts

/** Every ERC-20 the operator may hold on a chain: the three stablecoins and each venue's position token. */
export function positionTokens(build: ChainBuild): Address[] {
  const tokens: Address[] = [build.tokens.USDS, build.tokens.USDC, build.tokens.sUSDS]
  for (const venue of build.venues) tokens.push('aToken' in venue ? venue.aToken : venue.vault)
  const seen = new Set<string>()
  return tokens.filter((token) => {
    const key = token.toLowerCase()
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}

/** Transfers everything the operator holds on each chain to that chain's ALMProxy; returns what moved. */
export async function fundProxies(args: {
  clients: Record<ChainName, ChainClient>
  builds: ChainBuild[]
  sll: DevnetSll
  log: (line: string) => void
}): Promise<void> {
  await Promise.all(
    args.builds.map(async (build) => {
      const client = args.clients[build.chain]
      const proxy = args.sll[build.chain].almProxy
      let moved = 0
      for (const token of positionTokens(build)) {
        // aTokens accrue between the read and the mined transfer: sweep the interest of that block again.
        for (let attempt = 1; ; attempt++) {
          const balance = await client.read<bigint>(token, erc20Abi, 'balanceOf', [operator.address])
          if (balance === 0n) break
          if (attempt > 5) throw new Error(`${build.chain}: operator still holds ${balance} of ${token}`)
          await client.write(operator, token, erc20Abi, 'transfer', [proxy, balance])
          if (attempt === 1) moved++
        }
      }
      args.log(`sll: ${build.chain}: ${moved} tokens moved from the operator to the ALMProxy ${proxy}`)
    }),
  )
}
