import { describe, expect, test, vi } from 'vitest'
import { loadDevnetRegistry } from '../../chains/devnet.js'
import type { ChainName } from '../../chains/names.js'
import { type MoveRoute, planRoute, resolveRouteEnd } from '../../policies/route.js'
import { drawEffects } from '../../sll/guard-key.js'
import { routeKeyDraws } from '../../sll/key-draws.js'
import { planKeyUsage, usageKey } from '../../sll/plan-key-usage.js'
import type { Network } from '../network.js'
import { createBridgeViaOft } from './bridge-via-oft.js'
import { createBurnViaCctp } from './burn-via-cctp.js'
import type { ControllerCall } from './controller.js'
import { createConvertViaPsm } from './convert-via-psm.js'
import { createDepositToMarket } from './deposit-to-market.js'
import type { StepContext } from './step-context.js'
import { createWithdrawFromMarket } from './withdraw-from-market.js'

/**
 * Ties the executor to the one owner of key draws (`sll/key-draws.ts`): the real step functions run against
 * a controller that records each relayed call instead of sending it; the keys and amounts the calls gate on
 * must be exactly the planner's draws of the route (and what `planKeyUsage` sums for the plan's move).
 */
const relayed: Array<{ chain: ChainName; call: ControllerCall }> = []

vi.mock('./controller.js', () => ({
  chainController: (_network: unknown, chain: ChainName) => ({
    sll: { controllerVersion: chain === 'ethereum' ? 'mainnet-v1.10' : 'foreign-v1.8' },
    client: { getTransactionReceipt: async () => ({ logs: [] }) },
    erc4626Args: async (_kind: string, vault: string, amount: bigint) => [vault, amount],
    read: async () => `0x${'0'.repeat(24)}${'1'.repeat(40)}`,
    relay: async (_key: string, call: ControllerCall) => {
      relayed.push({ chain, call })
      return { tx: { hash: `0x${'ab'.repeat(32)}`, blockNumber: 1n }, rateLimits: [] }
    },
  }),
}))
vi.mock('./signed-send.js', () => ({ findSignedSend: async () => ({ hash: '0x', value: 0n, nonce: 0 }) }))
vi.mock('./bridge-receipt.js', () => ({
  bridgeSentFromReceipt: async () => ({ guid: '0x', fromBlock: '0' }),
}))
vi.mock('../../cctp/status.js', () => ({
  cctpMessagesOfReceipt: () => [
    { decoded: { sourceDomain: 6, destinationDomain: 0, nonce: 1n }, message: '0x' },
  ],
}))

const registry = loadDevnetRegistry()
const ctx = {
  network: { journalDir: '/tmp/sll-step-key-draws-test' } as unknown as Network,
  registry,
  // the CCTP step checks the mint recipient against the destination proxy: the fake controller's `read`
  proxyOf: () => `0x${'1'.repeat(40)}`,
  token: (chain: ChainName, asset: 'USDS' | 'USDC') => registry[chain].tokens[asset],
  oftOf: (chain: ChainName, asset: 'USDS' | 'USDC') => registry[chain].layerZero.ofts[asset]!,
  balanceOf: async () => 0n,
} as unknown as StepContext

/** Runs every step the move workflow runs for the route; returns the limits of each relayed call in order. */
async function executorLimits(route: MoveRoute) {
  relayed.length = 0
  const step = { moveKey: 'move-1', route }
  await createWithdrawFromMarket(ctx)(step)
  await createConvertViaPsm(ctx)(step)
  if (route.bridge?.via === 'cctp')
    await createBurnViaCctp(ctx, async () => ({ messageTransmitter: `0x${'2'.repeat(40)}` }) as never)(step)
  else if (route.bridge) await createBridgeViaOft(ctx)(step)
  await createDepositToMarket(ctx)({ ...step, amount: route.destination.amount })
  return relayed.flatMap(({ call }) => call.limits)
}

const kinds: Array<{ name: string; from: string; to: string; via?: 'cctp' }> = [
  { name: 'same chain, same asset', from: 'base/aave/USDC', to: 'base/morpho/spark-usdc' },
  { name: 'L2 conversion (PSM3)', from: 'base/aave/USDC', to: 'base/savings/sUSDS' },
  {
    name: 'Ethereum conversion (LitePSM USDS -> USDC) and LayerZero',
    from: 'ethereum/sparklend/USDS',
    to: 'base/aave/USDC',
  },
  {
    name: 'Ethereum USDC -> USDS (refills USDS_TO_USDC)',
    from: 'ethereum/sparklend/USDC',
    to: 'ethereum/sparklend/USDS',
  },
  { name: 'L2 -> Ethereum over LayerZero', from: 'base/aave/USDC', to: 'ethereum/sparklend/USDC' },
  { name: 'USDC over CCTP', from: 'base/aave/USDC', to: 'ethereum/sparklend/USDC', via: 'cctp' },
  { name: 'idle source to a market', from: 'idle:base', to: 'base/aave/USDC' },
  { name: 'market to idle', from: 'ethereum/sparklend/USDS', to: 'idle:ethereum' },
]

describe("the executor's steps draw exactly the planner's keys", () => {
  for (const kind of kinds) {
    test(`behavior: ${kind.name}`, async () => {
      const route = planRoute({
        registry,
        from: resolveRouteEnd(registry, kind.from),
        to: resolveRouteEnd(registry, kind.to),
        amountUsd: '1234.5',
        ...(kind.via ? { via: kind.via } : {}),
      })
      const limits = await executorLimits(route)
      expect(limits).toEqual(drawEffects(routeKeyDraws(route), registry))
      expect(limits.length).toBeGreaterThan(0)
      // and what the plan's usage (the planned-draw gauge, `sll limits`) sums per key is what they draw
      const usage = planKeyUsage(
        [{ from: kind.from, to: kind.to, amount: '1234.5', bridge: kind.via ?? 'layerzero' }],
        registry,
      )
      const chains = relayed.flatMap(({ chain, call }) => call.limits.map(() => chain))
      const summed = new Map<string, { decrease: bigint; increase: bigint }>()
      limits.forEach((l, i) => {
        const id = usageKey({ chain: chains[i]!, key: l.key })
        const u = summed.get(id) ?? { decrease: 0n, increase: 0n }
        u[l.kind] += l.amount
        summed.set(id, u)
      })
      expect(usage.byKey).toEqual(summed)
    })
  }
})
