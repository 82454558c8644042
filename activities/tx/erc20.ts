import { type Address, erc20Abi } from 'viem'
import { type ChainEndpoint, getVerifiedPublicClient } from '../clients.js'

/** ERC-20 balance of `owner`, in base units as a decimal string. */
export async function readErc20Balance(input: {
  chain: ChainEndpoint
  token: Address
  owner: Address
}): Promise<string> {
  const client = await getVerifiedPublicClient(input.chain)
  const balance = await client.readContract({
    address: input.token,
    abi: erc20Abi,
    functionName: 'balanceOf',
    args: [input.owner],
  })
  return balance.toString()
}
