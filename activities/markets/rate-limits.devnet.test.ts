/**
 * Conformance of the snapshot's `rateLimits` section on the real devnet (own port base 31545): every key
 * equals a direct `RateLimits.getRateLimitData`, each guard hashes to its key (`sll/guard-key.ts`), every key
 * the devnet's spell set is present, unset / limited / unlimited keys all appear, the read stays ONE request
 * per chain, and the snapshot round-trips through `sll plan --snapshot`'s parser.
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createWalletClient, http, maxUint256, type PublicClient } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { loadDevnetRegistry } from '../../chains/devnet.js'
import { devnetAccounts } from '../../chains/devnet-accounts.js'
import { type DevnetSll, loadDevnetSll } from '../../chains/devnet-sll.js'
import { type ChainName, chainNames } from '../../chains/names.js'
import type { Registry } from '../../chains/types.js'
import { endpointChain } from '../../chains/viem-chains.js'
import type { LimitRow } from '../../cli/format/limits-table.js'
import { main } from '../../cli/main.js'
import { type Devnet, startDevnet } from '../../devnet/anvil-cluster.js'
import { devnetClients } from '../../devnet/test-helpers.js'
import { quoteOftAbi } from '../../layerzero/oft-abi.js'
import { parseSnapshot } from '../../policies/parse-snapshot.js'
import { keyCapacityAt } from '../../policies/rate-limit-snapshot.js'
import { rateLimitsAbi } from '../../sll/abis.js'
import { keyOfGuard } from '../../sll/guard-key.js'
import { aaveDepositKey, usdsMintKey } from '../../sll/keys.js'
import type { RateLimitData } from '../../sll/rate-limits.js'
import { readLiveMarkets } from './live-snapshot.js'
import { oftRoomProbe } from './preflight-plan.js'

const portBase = 31545
let devnet: Devnet
let registry: Registry
let sll: DevnetSll
let clients: Record<ChainName, PublicClient>

beforeAll(async () => {
  devnet = await startDevnet({ portBase, quiet: true })
  registry = loadDevnetRegistry()
  sll = loadDevnetSll()
  const multicall3 = Object.fromEntries(chainNames.map((c) => [c, registry[c].multicall3]))
  clients = devnetClients(devnet.rpcUrls, multicall3 as Record<ChainName, `0x${string}`>)
}, 60_000)
afterAll(async () => {
  await devnet?.stop()
})

const live = () => readLiveMarkets({ network: 'devnet', rpcUrls: devnet.rpcUrls, env: {} })

async function direct(chain: ChainName, key: `0x${string}`): Promise<RateLimitData> {
  return (await clients[chain].readContract({
    address: sll[chain].rateLimits,
    abi: rateLimitsAbi,
    functionName: 'getRateLimitData',
    args: [key],
  })) as RateLimitData
}

describe('snapshot rateLimits on the devnet', () => {
  test('default: every key equals getRateLimitData; guards hash to their keys; spell keys all present', async () => {
    // Governance (the devnet admin) sets one key part-used, so lastAmount / lastUpdated are not trivial.
    const aToken = registry.base.venues.find((v) => v.id === 'base/aave/USDC') as { aToken: `0x${string}` }
    const partKey = aaveDepositKey(aToken.aToken)
    const admin = createWalletClient({
      account: privateKeyToAccount(devnetAccounts.deployer.privateKey),
      chain: endpointChain({
        name: 'devnet-base',
        chainId: registry.base.chainId,
        rpcUrl: devnet.rpcUrls.base,
      }),
      transport: http(devnet.rpcUrls.base),
    })
    const block = await clients.base.getBlock()
    const hash = await admin.writeContract({
      address: sll.base.rateLimits,
      abi: rateLimitsAbi,
      functionName: 'setRateLimitData',
      args: [partKey, 2_000_000_000n, 11_574n, 750_000_000n, block.timestamp],
    })
    await clients.base.waitForTransactionReceipt({ hash })

    const { snapshot } = await live()
    const section = snapshot.rateLimits
    expect(section?.version).toBe(1)
    const keys = section?.keys ?? []
    for (const k of keys) {
      const onChain = await direct(k.chain, k.key as `0x${string}`)
      expect({
        key: k.key,
        maxAmount: k.maxAmount,
        slope: k.slope,
        lastAmount: k.lastAmount,
        lastUpdated: k.lastUpdated,
      }).toEqual({
        key: k.key,
        maxAmount: onChain.maxAmount.toString(),
        slope: onChain.slope.toString(),
        lastAmount: onChain.lastAmount.toString(),
        lastUpdated: onChain.lastUpdated.toString(),
      })
      expect(k.unlimited).toBe(onChain.maxAmount === maxUint256)
      expect(keyOfGuard(k.guards, registry)).toBe(k.key)
      expect(Number(k.readAt)).toBeGreaterThan(0)
    }
    // Every LayerZero key carries its OFT's own room: quoteOFT's maxAmountLD, read in the same multicall.
    const lzKeys = keys.filter((k) => k.guards.action === 'layerzero')
    expect(lzKeys.length).toBeGreaterThan(0)
    for (const k of lzKeys) {
      const g = k.guards as Extract<typeof k.guards, { action: 'layerzero' }>
      const oft = registry[k.chain].layerZero.ofts[g.asset]!.address
      const [limit] = await clients[k.chain].readContract({
        address: oft,
        abi: quoteOftAbi,
        functionName: 'quoteOFT',
        args: [oftRoomProbe(registry[g.toChain].eid)],
      })
      expect(k.oftMaxAmount, `${k.chain} -> ${g.toChain} ${g.asset}`).toBe(limit.maxAmountLD.toString())
    }
    // No key appears twice on a chain.
    const ids = keys.map((k) => `${k.chain}:${k.key}`)
    expect(new Set(ids).size).toBe(ids.length)
    // Every key the devnet's spell set is in the section (with its kind).
    for (const chain of chainNames) {
      for (const limit of sll[chain].limits) {
        const found = keys.find((k) => k.chain === chain && k.key === limit.key)
        expect(found, `${chain} ${limit.label}`).toBeDefined()
        expect(found?.unlimited).toBe(limit.kind === 'unlimited')
      }
    }
    const part = keys.find((k) => k.chain === 'base' && k.key === partKey)
    expect(part).toMatchObject({
      guards: { action: 'deposit', market: 'base/aave/USDC' },
      maxAmount: '2000000000',
      slope: '11574',
      lastAmount: '750000000',
      decimals: 6,
      usdPerToken: 1,
    })
    expect(keyCapacityAt(part!, BigInt(part!.readAt))).toBeGreaterThanOrEqual(750_000_000n)
    // unset (never set: USDS_MINT on the devnet), limited and unlimited keys are all represented.
    const mint = keys.find((k) => k.chain === 'ethereum' && k.key === usdsMintKey)
    expect(mint).toMatchObject({
      guards: { action: 'usds-mint', chain: 'ethereum' },
      unlimited: false,
      maxAmount: '0',
    })
    expect(keys.some((k) => k.unlimited)).toBe(true)
    expect(keys.some((k) => !k.unlimited && k.maxAmount !== '0')).toBe(true)
    // sUSDS keys are priced at the snapshot's sUSDS rate (> 1 USD per sUSDS once the vault accrued).
    const sUsdsKey = keys.find((k) => k.guards.action === 'psm-deposit' && k.guards.asset === 'sUSDS')
    expect(sUsdsKey?.usdPerToken).toBeGreaterThanOrEqual(1)
    // CCTP keys of the hub and spoke routes.
    expect(keys.filter((k) => k.guards.action === 'cctp-domain').length).toBe(10)
    // `sll plan --snapshot` replays it: parse(snapshot) deep-equals the snapshot.
    expect(parseSnapshot(JSON.stringify(snapshot), 'snapshot.json')).toEqual(snapshot)
  }, 120_000)

  test('behavior: `sll limits --json --plan` live: capacity of each key as on chain, the plan draws per key', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sll-limits-devnet-'))
    const plan = join(dir, 'plan.json')
    writeFileSync(
      plan,
      JSON.stringify({ moves: [{ from: 'idle:base', to: 'base/aave/USDC', amount: '250' }] }),
    )
    const out: string[] = []
    const err: string[] = []
    const previous = process.env.SLL_DEVNET_PORT_BASE
    process.env.SLL_DEVNET_PORT_BASE = String(portBase)
    let code: number
    try {
      code = await main(['limits', '--json', '--plan', plan, '--network', 'devnet'], {
        stdout: (t) => out.push(t),
        stderr: (t) => err.push(t),
      })
    } finally {
      if (previous === undefined) delete process.env.SLL_DEVNET_PORT_BASE
      else process.env.SLL_DEVNET_PORT_BASE = previous
    }
    expect(err.join('')).toBe('')
    expect(code).toBe(0)
    const rows = (JSON.parse(out.join('')) as { rows: LimitRow[] }).rows
    const aToken = registry.base.venues.find((v) => v.id === 'base/aave/USDC') as { aToken: `0x${string}` }
    const row = rows.find((r) => r.chain === 'base' && r.key === aaveDepositKey(aToken.aToken))
    const current = (await clients.base.readContract({
      address: sll.base.rateLimits,
      abi: rateLimitsAbi,
      functionName: 'getCurrentRateLimit',
      args: [aaveDepositKey(aToken.aToken)],
    })) as bigint
    // The read and this call may be a block apart: within one block's refill (11574 units/s).
    expect(Math.abs((row?.capacityUsd ?? 0) - Number(current) / 1e6)).toBeLessThan(1)
    expect(row?.planUsedUsd).toBe(250)
    const bridgeRows = rows.filter((r) => r.guards.action === 'layerzero' && (r.planUsedUsd ?? 0) > 0)
    expect(bridgeRows).toEqual([])
  }, 60_000)

  test('behavior: one JSON-RPC request per chain with the rateLimits section', async () => {
    await live()
    const { perChain } = await live()
    expect(perChain.map((c) => c.requests)).toEqual([1, 1, 1, 1, 1, 1])
  }, 60_000)
})
