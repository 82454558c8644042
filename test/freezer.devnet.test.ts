import type { Address, PublicClient } from 'viem'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { getPublicClient } from '../activities/clients.js'
import { createActivities } from '../activities/index.js'
import { checkControllerCall } from '../activities/moves/controller-check.js'
import { ControllerSettingMissingError, RateLimitKeyUnsetError } from '../activities/tx/sll-errors.js'
import { getVenue } from '../chains/lookup.js'
import { type ChainName, chainNames } from '../chains/names.js'
import { planCommand } from '../cli/plan.js'
import { formatCycleStatus } from '../cli/status.js'
import { availabilityFrom } from '../policies/availability.js'
import { planAllocation } from '../policies/plan.js'
import { loadPolicyFile } from '../policies/policy-file.js'
import type { Snapshot } from '../policies/snapshot.js'
import { controllerAbis } from '../sll/abis.js'
import { aaveDepositKey } from '../sll/keys.js'
import { RELAYER_ROLE } from '../sll/roles.js'
import { allocationCycle } from '../workflows/allocation-cycle.js'
import { executeMove } from '../workflows/execute-move.js'
import { cycleStatusQuery } from '../workflows/messages.js'
import { countBridgeSends } from './chain-ledger.js'
import { controllerCallAs } from './controller-as.js'
import { type DevnetStack, startDevnetStack } from './devnet-stack.js'
import { authorizedMove } from './move-authorization.js'
import {
  connectTemporal,
  startTestWorker,
  type TemporalTestContext,
  uniqueTaskQueue,
} from './temporal-harness.js'

let ctx: TemporalTestContext
let stack: DevnetStack
const portBase = 26545

beforeAll(async () => {
  ctx = await connectTemporal()
  stack = await startDevnetStack({ portBase })
})
afterAll(async () => {
  await stack?.stop()
  await ctx?.close()
})

/** Sends one controller call as `who` (governance = the deployer, or the freezer). */
const asRole = (chain: ChainName, who: 'deployer' | 'freezer', functionName: string, args: unknown[]) =>
  controllerCallAs(stack.network, chain, who, functionName, args)

/** The relayer's nonce per chain (how many transactions it has sent). */
async function nonces(): Promise<Record<ChainName, number>> {
  const net = stack.network
  const entries = await Promise.all(
    chainNames.map(async (chain) => {
      const client = getPublicClient(net.endpoint(chain)) as PublicClient
      return [chain, await client.getTransactionCount({ address: net.signer.address })] as const
    }),
  )
  return Object.fromEntries(entries) as Record<ChainName, number>
}

async function liveSnapshot() {
  const activities = createActivities({ network: () => stack.network })
  const perChain = await Promise.all(chainNames.map((chain) => activities.readChainMarkets({ chain })))
  const snapshot: Snapshot = {
    version: 1,
    takenAt: new Date().toISOString(),
    markets: perChain.flatMap((c) => c.markets),
    idle: perChain.map((c) => ({ chain: c.chain, amount: c.idle })),
  }
  return { snapshot, availability: availabilityFrom(perChain.map((c) => c.preflight)) }
}

test('behavior: a venue whose key was never set, or whose maxSlippages is 0, is not planned (no revert, reason shown)', async () => {
  const net = stack.network
  const base = getVenue('base/aave/USDC', net.registry).venue as { aToken: Address }
  const avalanche = getVenue('avalanche/aave/USDC', net.registry).venue as { aToken: Address }
  await asRole('base', 'deployer', 'setMaxSlippage', [base.aToken, 0n])
  try {
    const sentBefore = await nonces()
    const loaded = await loadPolicyFile('test/fixtures/policy-devnet-preflight.yaml')
    const { snapshot, availability } = await liveSnapshot()
    const policyRef = loaded.ref
    // Without the pre-flight the optimum would pour money into both venues...
    const blind = planAllocation({ snapshot, policy: loaded.policy, policyRef })
    for (const id of ['avalanche/aave/USDC', 'base/aave/USDC'])
      expect(
        blind.moves.some((m) => m.to === id),
        `blind plan deposits into ${id}`,
      ).toBe(true)
    // ...with it, neither gets a move, and the reasons name contract, key / setting and the fix.
    const plan = planAllocation({ snapshot, policy: loaded.policy, policyRef, availability })
    expect(plan.moves.filter((m) => m.to.endsWith('/aave/USDC'))).toEqual([])
    const reasons = new Map(
      (plan.unavailable ?? []).filter((u) => u.what === 'deposit').map((u) => [u.subject, u] as const),
    )
    expect(reasons.get('avalanche/aave/USDC')).toMatchObject({ code: 'rate-limit-unset' })
    expect(reasons.get('avalanche/aave/USDC')?.reason).toContain(aaveDepositKey(avalanche.aToken))
    expect(reasons.get('avalanche/aave/USDC')?.reason).toContain('setRateLimitData')
    expect(reasons.get('base/aave/USDC')).toMatchObject({ code: 'max-slippage-unset' })
    expect(reasons.get('base/aave/USDC')?.reason).toContain(
      `ForeignController ${net.sll('base').controller} maxSlippages(aToken ${base.aToken} of base/aave/USDC) is 0`,
    )
    expect(reasons.get('base/aave/USDC')?.reason).toContain(`setMaxSlippage(${base.aToken}, 0.999e18)`)

    // `sll plan` (live, no --snapshot) shows the same reasons.
    const out: string[] = []
    const previous = process.env.SLL_DEVNET_PORT_BASE
    process.env.SLL_DEVNET_PORT_BASE = String(portBase)
    try {
      const code = await planCommand.run(['--policy', 'test/fixtures/policy-devnet-preflight.yaml'], {
        stdout: (line: string) => out.push(line),
        stderr: (line: string) => out.push(line),
      } as never)
      expect(code).toBe(0)
    } finally {
      if (previous === undefined) delete process.env.SLL_DEVNET_PORT_BASE
      else process.env.SLL_DEVNET_PORT_BASE = previous
    }
    const text = out.join('\n')
    expect(text).toContain('avalanche/aave/USDC deposit: avalanche: RateLimits')
    expect(text).toContain('base/aave/USDC deposit: base: ForeignController')

    // At execution time the same checks are final errors raised before signing.
    const check = (chain: ChainName, aToken: Address) =>
      checkControllerCall({
        client: getPublicClient(net.endpoint(chain)) as never,
        chain,
        sll: net.sll(chain),
        abi: controllerAbis[net.sll(chain).controllerVersion],
        relayer: net.signer.address,
        call: {
          functionName: 'depositAave',
          args: [aToken, 1_000_000n],
          limits: [
            {
              key: aaveDepositKey(aToken),
              label: `AAVE_DEPOSIT(${chain}/aave/USDC)`,
              kind: 'decrease',
              amount: 1_000_000n,
            },
          ],
        },
      })
    await expect(check('avalanche', avalanche.aToken)).rejects.toBeInstanceOf(RateLimitKeyUnsetError)
    await expect(check('base', base.aToken)).rejects.toBeInstanceOf(ControllerSettingMissingError)
    // No transaction was sent by the relayer.
    expect(await nonces()).toEqual(sentBefore)
  } finally {
    await asRole('base', 'deployer', 'setMaxSlippage', [base.aToken, 999_900_000_000_000_000n])
  }
})

test('behavior: the FREEZER removes the relayer between withdraw and bridge: the move parks without retry, the cycle and status say relayer-removed, and after grantRole a new cycle continues from the real state', async () => {
  const net = stack.network
  const real = createActivities({ network: () => net })
  const taskQueue = uniqueTaskQueue('freezer')
  let frozen = false
  const worker = await startTestWorker(ctx, {
    taskQueue,
    deps: { network: () => net },
    activityOverrides: {
      // The FREEZER acts right after the withdrawal landed: the next step must stop, not loop.
      withdrawFromMarket: (async (input: Parameters<typeof real.withdrawFromMarket>[0]) => {
        const result = await real.withdrawFromMarket(input)
        if (!frozen) {
          await asRole('base', 'freezer', 'removeRelayer', [net.signer.address])
          frozen = true
        }
        return result
      }) as never,
    },
  })
  const sentBefore = await nonces()
  const sendsBefore = await countBridgeSends(net)
  const planId = `freezer-${taskQueue}`
  const { outcome, cycle, status } = await worker.runUntil(async () => {
    const outcome = await ctx.client.workflow.execute(executeMove, {
      taskQueue,
      workflowId: `${planId}/move-0`,
      args: [
        await authorizedMove({
          planId,
          index: 0,
          from: 'base/aave/USDC',
          to: 'ethereum/savings/sUSDS',
          amount: '1000',
        }),
      ],
      workflowExecutionTimeout: '5 minutes',
    })
    // A cycle now sees the role missing in its snapshot: it plans and sends nothing.
    const cycleId = `${planId}-cycle`
    const cycle = await ctx.client.workflow.execute(allocationCycle, {
      taskQueue,
      workflowId: cycleId,
      args: [{ policyPath: 'test/fixtures/policy-devnet-e2e.yaml', trigger: { kind: 'manual', by: 'test' } }],
    })
    const status = await ctx.client.workflow.getHandle(cycleId).query(cycleStatusQuery)
    return { outcome, cycle, status }
  })

  expect(outcome).toMatchObject({
    status: 'parked',
    reason: 'relayer-removed',
    parkedAt: 'idle:base',
    parkedAmount: { asset: 'USDC', amount: '1000000000' },
    relayerRemoved: { chain: 'base', controller: net.sll('base').controller, relayer: net.signer.address },
  })
  expect(outcome.txHashes).toHaveLength(1) // the withdrawal only
  // No retry loop: the step after the withdrawal was attempted exactly once and failed final.
  const history = await ctx.client.workflow.getHandle(`${planId}/move-0`).fetchHistory()
  const events = history.events ?? []
  const scheduled = events.filter((e) => e.activityTaskScheduledEventAttributes)
  const names = scheduled.map((e) => e.activityTaskScheduledEventAttributes?.activityType?.name)
  expect(names).toEqual(['authorizeMove', 'prepareMove', 'withdrawFromMarket', names[3]])
  expect(['convertViaPsm', 'bridgeViaOft']).toContain(names[3])
  const attempts = events.flatMap((e) =>
    e.activityTaskStartedEventAttributes ? [e.activityTaskStartedEventAttributes.attempt] : [],
  )
  expect(attempts).toEqual([1, 1, 1, 1])
  expect(await countBridgeSends(net)).toBe(sendsBefore)
  // The relayer sent the withdrawal on Base and nothing else anywhere (the cycle sent nothing).
  expect(await nonces()).toEqual({ ...sentBefore, base: sentBefore.base + 1 })

  expect(cycle.plan).toBeUndefined()
  expect(cycle.relayerRemoved).toMatchObject([{ chain: 'base', controller: net.sll('base').controller }])
  expect(status.phase).toBe('relayer-removed')
  expect(formatCycleStatus(status)).toContain(
    `RELAYER REMOVED on base: controller ${net.sll('base').controller} does not grant RELAYER to ${net.signer.address}`,
  )

  // Governance grants the role again: the next cycle plans from the real state (the parked USDC idle on Base).
  await asRole('base', 'deployer', 'grantRole', [RELAYER_ROLE, net.signer.address])
  const after = await liveSnapshot()
  expect(after.availability.relayerRemoved).toEqual([])
  expect(Number(after.snapshot.idle.find((i) => i.chain === 'base')?.amount)).toBeGreaterThanOrEqual(1000)
  const taskQueue2 = uniqueTaskQueue('freezer-after')
  const worker2 = await startTestWorker(ctx, { taskQueue: taskQueue2, deps: { network: () => net } })
  const next = await worker2.runUntil(
    ctx.client.workflow.execute(allocationCycle, {
      taskQueue: taskQueue2,
      workflowId: `${planId}-cycle-2`,
      args: [{ policyPath: 'test/fixtures/policy-devnet-e2e.yaml', trigger: { kind: 'manual', by: 'test' } }],
    }),
  )
  expect(next.relayerRemoved).toBeUndefined()
  expect(next.plan).toBeDefined()
  expect(next.outcomes.every((o) => o.state === 'completed')).toBe(true)
})
