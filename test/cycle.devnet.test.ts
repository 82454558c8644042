import { MockActivityEnvironment } from '@temporalio/testing'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { createActivities } from '../activities/index.js'
import { readRecentRouteUsage } from '../activities/route-usage.js'
import { devnetAccounts } from '../chains/devnet-accounts.js'
import { chainNames } from '../chains/names.js'
import { idleEnd, moveEndChain } from '../policies/move-end.js'
import { allocationCycle } from '../workflows/allocation-cycle.js'
import { countBridgeSends, readLedger } from './chain-ledger.js'
import { type DevnetStack, startDevnetStack } from './devnet-stack.js'
import { recordHistory } from './replay.js'
import {
  connectTemporal,
  startTestWorker,
  type TemporalTestContext,
  uniqueTaskQueue,
} from './temporal-harness.js'

let ctx: TemporalTestContext
let stack: DevnetStack

beforeAll(async () => {
  ctx = await connectTemporal()
  stack = await startDevnetStack({ portBase: 21545 })
})
afterAll(async () => {
  await stack?.stop()
  await ctx?.close()
})

const toUnits18 = (amount: string) => {
  const [whole, fraction = ''] = amount.split('.')
  return BigInt(whole ?? '0') * 10n ** 18n + BigInt(fraction.padEnd(18, '0'))
}

test('default: a cycle plans on the live devnet and executes same-chain and cross-chain moves exactly once', async () => {
  const taskQueue = uniqueTaskQueue('e2e')
  const worker = await startTestWorker(ctx, { taskQueue, deps: { network: () => stack.network } })
  const before = await readLedger(stack.network)
  const sendsBefore = await countBridgeSends(stack.network)
  const workflowId = `plan-e2e-${taskQueue}`

  const result = await worker.runUntil(
    ctx.client.workflow.execute(allocationCycle, {
      args: [{ policyPath: 'test/fixtures/policy-devnet-e2e.yaml', trigger: { kind: 'manual', by: 'test' } }],
      taskQueue,
      workflowId,
    }),
  )

  const plan = result.plan
  if (!plan) throw new Error(`cycle skipped for ${result.skippedFor}`)
  const moves = plan.moves
  expect(moves.some((m) => m.bridge === 'layerzero')).toBe(true)
  expect(moves.some((m) => m.bridge === 'none')).toBe(true)
  expect(result.outcomes.map((o) => o.state)).toEqual(moves.map(() => 'completed'))

  // On-chain positions equal the plan's targets (interest accrued during the test aside: < 1 USD).
  const activities = createActivities({ network: () => stack.network })
  const after = await Promise.all(chainNames.map((chain) => activities.readChainMarkets({ chain })))
  const positions = new Map(after.flatMap((c) => c.markets.map((m) => [m.id, Number(m.position)] as const)))
  for (const target of plan.targets) {
    expect(
      Math.abs((positions.get(target.market) ?? Number.NaN) - Number(target.amount)),
      target.market,
    ).toBeLessThan(1)
  }

  // Money is conserved to the base unit: idle balances change by exactly the moves from / to idle, and
  // the LayerZero backing (locked on Ethereum = minted elsewhere) holds for every asset.
  const ledger = await readLedger(stack.network)
  for (const chain of chainNames) {
    let expected = before.idleUsd18[chain] as bigint
    for (const m of moves) {
      if (m.from === idleEnd(chain)) expected -= toUnits18(m.amount)
      if (m.to === idleEnd(chain)) expected += toUnits18(m.amount)
    }
    expect(ledger.idleUsd18[chain] as bigint, `idle on ${chain}`).toBe(expected)
  }
  for (const asset of Object.keys(ledger.minted)) {
    expect(ledger.locked[asset], `${asset} backing`).toBe(ledger.minted[asset])
    expect(before.locked[asset], `${asset} backing before`).toBe(before.minted[asset])
  }
  // No duplicate bridge transfer.
  expect((await countBridgeSends(stack.network)) - sendsBefore).toBe(
    moves.filter((m) => m.bridge === 'layerzero').length,
  )

  // The cross-chain moves count against the daily route limits of the next cycle.
  const recent = await new MockActivityEnvironment({}, { client: ctx.client }).run(readRecentRouteUsage, {})
  for (const m of moves.filter((move) => move.bridge === 'layerzero')) {
    expect(recent).toContainEqual({
      fromChain: moveEndChain(m.from),
      toChain: moveEndChain(m.to),
      amountUsd: Number(m.amount),
    })
  }

  // The signer's key never reaches workflow histories.
  const key = devnetAccounts.operator.privateKey.slice(2).toLowerCase()
  for (const id of [workflowId, ...moves.map((_, i) => `${workflowId}/move-${i}`)]) {
    const history = await ctx.client.workflow.getHandle(id).fetchHistory()
    const text = Buffer.from(JSON.stringify(history)).toString('hex') + JSON.stringify(history).toLowerCase()
    expect(text.includes(key), `key in history of ${id}`).toBe(false)
  }

  if (process.env.SLL_RECORD_HISTORIES) {
    await recordHistory(ctx.client, workflowId, 'cycle-devnet-moves')
    const bridged = moves.findIndex((m) => m.bridge === 'layerzero')
    await recordHistory(ctx.client, `${workflowId}/move-${bridged}`, 'move-cross-chain')
  }
})
