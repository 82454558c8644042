import {
  type Address,
  createPublicClient,
  encodeFunctionData,
  erc20Abi,
  type Hex,
  http,
  type PublicClient,
} from 'viem'
import { devnetChainIds } from '../chains/devnet.js'
import { type ChainName, chainNames } from '../chains/names.js'
import { endpointChain } from '../chains/viem-chains.js'

/** A port base unlikely to collide with `npm run devnet` or other test runs on this machine. */
export function testPortBase(): number {
  return 20_000 + (process.pid % 400) * 10
}

/** Public clients (polling 50 ms) for every devnet chain, with `contracts.multicall3` set. */
export function devnetClients(
  rpcUrls: Record<ChainName, string>,
  multicall3: Record<ChainName, Address>,
): Record<ChainName, PublicClient> {
  return Object.fromEntries(
    chainNames.map((chain) => {
      const base = endpointChain({
        name: `devnet-${chain}`,
        chainId: devnetChainIds[chain],
        rpcUrl: rpcUrls[chain],
      })
      const withMulticall = { ...base, contracts: { multicall3: { address: multicall3[chain] } } }
      return [
        chain,
        createPublicClient({ chain: withMulticall, transport: http(rpcUrls[chain]), pollingInterval: 50 }),
      ]
    }),
  ) as Record<ChainName, PublicClient>
}

/** Advances anvil's clock by `seconds` and mines a block. */
export async function increaseTime(client: PublicClient, seconds: number): Promise<void> {
  await client.request({ method: 'evm_increaseTime' as never, params: [seconds] as never })
  await client.request({ method: 'evm_mine' as never, params: [] as never })
}

/**
 * Test-only: hands each chain's ALMProxy idle USDS and USDC to `to` (anvil impersonation of the proxy), for
 * tests that poke venues directly as the operator now that the build keeps the money in the ALMProxies.
 */
export async function lendProxyIdle(
  rpcUrls: Record<ChainName, string>,
  registry: Record<ChainName, { tokens: { USDS: Address; USDC: Address }; almProxy?: Address | undefined }>,
  to: Address,
): Promise<void> {
  const rpc = async (url: string, method: string, params: unknown[]) => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
    })
    const body = (await res.json()) as { result?: unknown; error?: { message: string } }
    if (body.error) throw new Error(`${method}: ${body.error.message}`)
    return body.result
  }
  for (const chain of chainNames) {
    const url = rpcUrls[chain]
    const proxy = registry[chain].almProxy
    if (!proxy) continue
    const client = createPublicClient({ transport: http(url) })
    await rpc(url, 'anvil_impersonateAccount', [proxy])
    await rpc(url, 'anvil_setBalance', [proxy, '0xde0b6b3a7640000'])
    for (const token of [registry[chain].tokens.USDS, registry[chain].tokens.USDC]) {
      const balance = await client.readContract({
        address: token,
        abi: erc20Abi,
        functionName: 'balanceOf',
        args: [proxy],
      })
      if (balance === 0n) continue
      const data = encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [to, balance] })
      const hash = (await rpc(url, 'eth_sendTransaction', [{ from: proxy, to: token, data }])) as Hex
      await client.waitForTransactionReceipt({ hash, pollingInterval: 20 })
    }
    await rpc(url, 'anvil_stopImpersonatingAccount', [proxy])
  }
}
