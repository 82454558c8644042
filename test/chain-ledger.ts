import { erc20Abi } from 'viem'
import { getPublicClient } from '../activities/clients.js'
import type { Network } from '../activities/network.js'
import { type ChainName, chainNames } from '../chains/names.js'
import { oftSentEventAbi } from '../layerzero/oft-abi.js'

/**
 * Exact (base-unit) bookkeeping of the money that can only move through our transactions:
 * - the signer's idle USDS / USDC per chain;
 * - the LayerZero backing: tokens locked in the Ethereum adapters must equal the OFT supply minted on the
 *   other chains, per asset (a lost or duplicated bridge transfer breaks this equality).
 */
export async function readLedger(network: Network) {
  const owner = network.signer.address
  const idle: Record<string, { USDS: bigint; USDC: bigint }> = {}
  /** Idle USDS + USDC in USD with 18 decimals (stablecoins at par): exact, comparable across assets. */
  const idleUsd18 = {} as Record<ChainName, bigint>
  const locked: Record<string, bigint> = {}
  const minted: Record<string, bigint> = {}
  for (const chain of chainNames) {
    const client = getPublicClient(network.endpoint(chain))
    const d = network.registry[chain]
    const balance = (token: `0x${string}`, who: `0x${string}`) =>
      client.readContract({ address: token, abi: erc20Abi, functionName: 'balanceOf', args: [who] })
    idle[chain] = { USDS: await balance(d.tokens.USDS, owner), USDC: await balance(d.tokens.USDC, owner) }
    idleUsd18[chain] = idle[chain].USDS + idle[chain].USDC * 10n ** 12n
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
  return { idle, idleUsd18, locked, minted }
}

/** Number of `OFTSent` events from the signer on every chain (each is one bridge transfer). */
export async function countBridgeSends(network: Network): Promise<number> {
  let count = 0
  for (const chain of chainNames) {
    const client = getPublicClient(network.endpoint(chain))
    for (const oft of Object.values(network.registry[chain].layerZero.ofts)) {
      const logs = await client.getLogs({
        address: oft.address,
        event: oftSentEventAbi[0],
        args: { fromAddress: network.signer.address },
        fromBlock: 0n,
      })
      count += logs.length
    }
  }
  return count
}
