import { MockActivityEnvironment } from '@temporalio/testing'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { createActivities } from '../activities/index.js'
import { readRecentRouteUsage } from '../activities/route-usage.js'
import { devnetAccounts } from '../chains/devnet-accounts.js'
import { chainNames } from '../chains/names.js'
import { loadDevnetCctp } from '../devnet/cctp/deployment.js'
import { idleEnd, moveEndChain } from '../policies/move-end.js'
import { allocationCycle } from '../workflows/allocation-cycle.js'
import type { MoveOutcome } from '../workflows/execute-move.js'
import { bridgeConservation, countBridgeSends, readLedger } from './chain-ledger.js'
import { type DevnetStack, startDevnetStack } from './devnet-stack.js'
import { auditRelayer, blockHeights, checkPredictions, heldTokens } from './relayer-audit.js'
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

test('default: a cycle plans on the live devnet and executes same-chain, asset-changing and cross-chain moves exactly once, through the controllers only', async () => {
  const taskQueue = uniqueTaskQueue('e2e')
  const worker = await startTestWorker(ctx, { taskQueue, deps: { network: () => stack.network } })
  const before = await readLedger(stack.network)
  const heights = await blockHeights(stack.network)
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
  const moveResults = await Promise.all(
    moves.map(
      (_, i) => ctx.client.workflow.getHandle(`${workflowId}/move-${i}`).result() as Promise<MoveOutcome>,
    ),
  )
  expect(moveResults.some((o) => o.route?.convert)).toBe(true)

  // Controller mode: the relayer sent transactions to the controllers only (and, for USDC the cycle routes
  // over CCTP, the permissionless receiveMessage to the MessageTransmitter, which mints to the ALMProxy)
  // and never held a token.
  const net = stack.network
  const cctp = loadDevnetCctp()
  const controllers = new Set(
    chainNames.flatMap((chain) => [
      net.sll(chain).controller.toLowerCase(),
      cctp.chains[chain].messageTransmitter.toLowerCase(),
    ]),
  )
  const audit = await auditRelayer(net, heights)
  expect(audit.sent.length).toBe(moveResults.reduce((n, o) => n + o.txHashes.length, 0))
  for (const tx of audit.sent) expect(controllers.has(String(tx.to).toLowerCase()), tx.hash).toBe(true)
  expect(audit.transfers).toEqual([])
  expect(await heldTokens(net, net.signer.address)).toEqual([])

  // Every step's rate-limit prediction equals getRateLimitData at the step's block.
  const predictions = moveResults.flatMap((o) => o.rateLimits ?? [])
  expect(predictions.length).toBeGreaterThanOrEqual(moveResults.reduce((n, o) => n + o.txHashes.length, 0))
  for (const check of await checkPredictions(net, predictions)) {
    expect(check.actual, check.label).toEqual(check.predicted)
  }

  // On-chain positions (the ALMProxies': the snapshot's default holder) equal the plan's targets
  // (interest accrued during the test aside: < 1 USD).
  const activities = createActivities({ network: () => stack.network })
  const after = await Promise.all(chainNames.map((chain) => activities.readChainMarkets({ chain })))
  const positions = new Map(after.flatMap((c) => c.markets.map((m) => [m.id, Number(m.position)] as const)))
  for (const target of plan.targets) {
    expect(
      Math.abs((positions.get(target.market) ?? Number.NaN) - Number(target.amount)),
      target.market,
    ).toBeLessThan(1)
  }

  // Money is conserved to the base unit: the ALMProxies' idle balances (with PSM3 shares) change by exactly
  // the moves from / to idle, and
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
  for (const asset of Object.keys(before.minted))
    expect(before.locked[asset], `${asset} backing before`).toBe(before.minted[asset])
  const cctpMoved = moves.some((m) => m.bridge === 'cctp')
  for (const [label, actual, expected] of bridgeConservation(before, ledger, cctpMoved))
    expect(actual, label).toBe(expected)
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

  // The relayer's key never reaches workflow histories.
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
