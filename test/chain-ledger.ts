import { type Address, erc20Abi, parseAbi } from 'viem'
import { getPublicClient } from '../activities/clients.js'
import type { Network } from '../activities/network.js'
import { type ChainName, chainNames } from '../chains/names.js'
import { oftSentEventAbi } from '../layerzero/oft-abi.js'

const psm3Abi = parseAbi([
  'function shares(address user) view returns (uint256)',
  'function totalShares() view returns (uint256)',
  'function totalAssets() view returns (uint256)',
])

/**
 * Exact (base-unit) bookkeeping of the money that can only move through our controller calls:
 * - each ALMProxy's idle USDS / USDC per chain, plus its PSM3 shares (L2s) at the pool's value;
 * - the LayerZero backing: tokens locked in the Ethereum adapters must equal the OFT supply minted on the
 *   other chains, per asset (a lost or duplicated bridge transfer breaks this equality);
 * - `usdcCirculating`: USDC supply on every chain minus what the Ethereum adapter locks. CCTP burns on one
 *   chain and mints on another (on the devnet into the same L2 USDC the OFT mints), so with CCTP moves the
 *   USDC backing equality no longer holds, but this total does (a lost or duplicated burn / mint breaks it).
 */
export async function readLedger(network: Network) {
  const idle: Record<string, { USDS: bigint; USDC: bigint; psm3Usd18: bigint }> = {}
  /** Idle USDS + USDC + PSM3 shares in USD with 18 decimals (stablecoins at par): exact, comparable. */
  const idleUsd18 = {} as Record<ChainName, bigint>
  const locked: Record<string, bigint> = {}
  const minted: Record<string, bigint> = {}
  let usdcSupply = 0n
  for (const chain of chainNames) {
    const client = getPublicClient(network.endpoint(chain))
    const d = network.registry[chain]
    const sll = network.sll(chain)
    const proxy = sll.almProxy
    const balance = (token: Address, who: Address) =>
      client.readContract({ address: token, abi: erc20Abi, functionName: 'balanceOf', args: [who] })
    let psm3Usd18 = 0n
    if (sll.psm.kind === 'psm3') {
      const read = (functionName: 'totalShares' | 'totalAssets') =>
        client.readContract({ address: sll.psm.address, abi: psm3Abi, functionName })
      const shares = await client.readContract({
        address: sll.psm.address,
        abi: psm3Abi,
        functionName: 'shares',
        args: [proxy],
      })
      const totalShares = await read('totalShares')
      psm3Usd18 = totalShares === 0n ? shares : (shares * (await read('totalAssets'))) / totalShares
    }
    idle[chain] = {
      USDS: await balance(d.tokens.USDS, proxy),
      USDC: await balance(d.tokens.USDC, proxy),
      psm3Usd18,
    }
    usdcSupply += await client.readContract({
      address: d.tokens.USDC,
      abi: erc20Abi,
      functionName: 'totalSupply',
    })
    idleUsd18[chain] = idle[chain].USDS + idle[chain].USDC * 10n ** 12n + psm3Usd18
    for (const asset of ['USDS', 'USDC', 'sUSDS'] as const) {
      const oft = d.layerZero.ofts[asset]
      if (!oft) continue
      if (oft.kind === 'adapter')
        locked[asset] = (locked[asset] ?? 0n) + (await balance(d.tokens[asset], oft.address))
      else {
        const supply = await client.readContract({
          address: oft.address,
          abi: erc20Abi,
          functionName: 'totalSupply',
        })
        minted[asset] = (minted[asset] ?? 0n) + supply
      }
    }
  }
  return { idle, idleUsd18, locked, minted, usdcCirculating: usdcSupply - (locked.USDC ?? 0n) }
}

/** Number of `OFTSent` events from the ALMProxies on every chain (each is one bridge transfer). */
export async function countBridgeSends(network: Network): Promise<number> {
  let count = 0
  for (const chain of chainNames) {
    const client = getPublicClient(network.endpoint(chain))
    for (const oft of Object.values(network.registry[chain].layerZero.ofts)) {
      const logs = await client.getLogs({
        address: oft.address,
        event: oftSentEventAbi[0],
        args: { fromAddress: network.sll(chain).almProxy },
        fromBlock: 0n,
      })
      count += logs.length
    }
  }
  return count
}

/** What {@link readLedger} returns. */
export type Ledger = Awaited<ReturnType<typeof readLedger>>

/**
 * The bridge conservation checks between two ledgers, as `[label, actual, expected]`: the LayerZero backing
 * (locked = minted) of every asset, except USDC when USDC also crossed over CCTP (its backing then differs by
 * what CCTP moved), and USDC in circulation unchanged (a lost or duplicated burn / mint breaks it).
 */
export function bridgeConservation(
  before: Ledger,
  after: Ledger,
  cctpMoved: boolean,
): Array<[string, bigint | undefined, bigint | undefined]> {
  const checks: Array<[string, bigint | undefined, bigint | undefined]> = []
  for (const asset of Object.keys(after.minted)) {
    if (asset === 'USDC' && cctpMoved) continue
    checks.push([`${asset} backing`, after.locked[asset], after.minted[asset]])
  }
  checks.push(['USDC in circulation', after.usdcCirculating, before.usdcCirculating])
  return checks
}
