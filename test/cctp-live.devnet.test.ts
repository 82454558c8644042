/**
 * The live cycle chooses CCTP for USDC from live costs (issue 14), on the devnet with a real Temporal
 * server: the cycle's snapshot prices moves from the chains (gas price, LayerZero `quoteSend`, CCTP mint
 * recipients and keys), so an `allocationCycle` that moves USDC Ethereum -> Base plans `bridge: "cctp"` and
 * completes end to end (burned on Ethereum, minted on Base, deposited; conserved to the base unit). With the
 * Ethereum controller's mint recipient for Base's domain unset, the snapshot offers no CCTP along the pair:
 * the cycle plans LayerZero (or nothing) and burns nothing.
 */

import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  type Address,
  decodeFunctionData,
  erc20Abi,
  type Hex,
  type PublicClient,
  pad,
  parseUnits,
  zeroHash,
} from 'viem'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { getPublicClient } from '../activities/clients.js'
import { createActivities } from '../activities/index.js'
import { messageTransmitterAbi } from '../cctp/abi.js'
import { cctpDomains } from '../cctp/domains.js'
import { devnetApprovers } from '../chains/devnet-approvers.js'
import { type ChainName, chainNames } from '../chains/names.js'
import { type DevnetCctp, loadDevnetCctp } from '../devnet/cctp/deployment.js'
import { controllerAbis } from '../sll/abis.js'
import { allocationCycle } from '../workflows/allocation-cycle.js'
import type { MoveOutcome } from '../workflows/execute-move.js'
import { countBridgeSends } from './chain-ledger.js'
import { controllerCallAs } from './controller-as.js'
import { type DevnetStack, startDevnetStack } from './devnet-stack.js'
import {
  connectTemporal,
  startTestWorker,
  type TemporalTestContext,
  uniqueTaskQueue,
} from './temporal-harness.js'

/** Fixed port base of this file (not used by any other test). */
const portBase = 34_545
/** USD the policy frees on Ethereum's idle and lets into base/aave/USDC: three CCTP burns of at most 1,000. */
const MOVE_USD = 2_500
const TARGET = 'base/aave/USDC'

let ctx: TemporalTestContext
let stack: DevnetStack
let cctp: DevnetCctp
let activities: ReturnType<typeof createActivities>

beforeAll(async () => {
  ctx = await connectTemporal()
  // The stack starts the attestation service; the in-process worker reads its URL from process.env.
  stack = await startDevnetStack({ portBase })
  cctp = loadDevnetCctp()
  activities = createActivities({ network: () => stack.network })
})
afterAll(async () => {
  await stack?.stop()
  await ctx?.close()
})

const client = (chain: ChainName) => getPublicClient(stack.network.endpoint(chain)) as PublicClient
const usdcOf = (chain: ChainName, holder: Address) =>
  client(chain).readContract({
    address: cctp.chains[chain].usdc,
    abi: erc20Abi,
    functionName: 'balanceOf',
    args: [holder],
  })
const proxyUsdc = (chain: ChainName) => usdcOf(chain, stack.network.sll(chain).almProxy)
const supply = (chain: ChainName) =>
  client(chain).readContract({ address: cctp.chains[chain].usdc, abi: erc20Abi, functionName: 'totalSupply' })

async function cctpEvents(chain: ChainName, fromBlock: bigint) {
  const logs = await client(chain).getContractEvents({
    address: cctp.chains[chain].messageTransmitter as Address,
    abi: messageTransmitterAbi,
    fromBlock,
  })
  return {
    sent: logs.filter((l) => l.eventName === 'MessageSent').length,
    received: logs.filter((l) => l.eventName === 'MessageReceived').length,
  }
}

/** Every chain's markets and idle money as the cycle reads them (with costs). */
const readAll = () => Promise.all(chainNames.map((chain) => activities.readChainMarkets({ chain })))

/**
 * A policy under which the only move worth making is `MOVE_USD` of Ethereum's idle into base/aave/USDC:
 * every market is listed and capped at its position (no inflow, none held at zero), base/aave/USDC at its
 * position + `MOVE_USD`, and every chain's idle is buffered but `MOVE_USD` of Ethereum's.
 */
async function writePolicy(name: string): Promise<string> {
  const perChain = await readAll()
  // Where we are most of a market's supply, withdrawing raises its rate enough to earn more on the rest: a
  // maxUtilization at the current utilization (+1e-6) keeps every other market's position where it is.
  const markets = perChain.flatMap((c) =>
    c.markets.map((m): Record<string, unknown> => {
      if (m.id === TARGET) return { id: m.id, maxUsd: (Number(m.position) + MOVE_USD).toFixed(6) }
      const utilization = Number(m.totalBorrow) / Number(m.totalSupply)
      return {
        id: m.id,
        maxUsd: Math.ceil(Number(m.position)),
        ...(utilization > 0 ? { maxUtilization: Math.min(1, utilization * (1 + 1e-6)) } : {}),
      }
    }),
  )
  const buffers = perChain.map((c) => ({
    chain: c.chain,
    minIdleUsd: Math.max(0, Math.floor(Number(c.idle)) - (c.chain === 'ethereum' ? MOVE_USD : 0)),
  }))
  const policy = {
    version: 1,
    name,
    markets,
    buffers,
    moves: { minMoveUsd: 1000, horizonDays: 365 },
    approvals: {
      autoApproveMaxUsd: 10_000_000,
      approvers: [{ id: 'ops-alice', address: devnetApprovers['ops-alice'].address }],
    },
  }
  const path = join(mkdtempSync(join(tmpdir(), 'sll-cctp-live-')), `${name}.yaml`)
  writeFileSync(path, JSON.stringify(policy, null, 2)) // JSON is YAML
  return path
}

/** Sends one controller call as governance (the devnet deployer). */
const asGovernance = (chain: ChainName, functionName: string, args: unknown[]) =>
  controllerCallAs(stack.network, chain, 'deployer', functionName, args)

/** Gas of each relayer transaction of a move, by controller function (the STEP_GAS measurement). */
async function gasByFunction(outcome: MoveOutcome): Promise<string[]> {
  const lines: string[] = []
  for (const hash of outcome.txHashes) {
    for (const chain of chainNames) {
      const receipt = await client(chain)
        .getTransactionReceipt({ hash: hash as Hex })
        .catch(() => undefined)
      if (!receipt) continue
      const tx = await client(chain).getTransaction({ hash: hash as Hex })
      let name = tx.input.slice(0, 10)
      try {
        name = decodeFunctionData({
          abi: controllerAbis[stack.network.sll(chain).controllerVersion],
          data: tx.input,
        }).functionName
      } catch {
        try {
          name = decodeFunctionData({ abi: messageTransmitterAbi, data: tx.input }).functionName
        } catch {}
      }
      lines.push(`${chain} ${name} ${receipt.gasUsed}`)
      break
    }
  }
  return lines
}

async function runCycle(prefix: string, policyPath: string) {
  const taskQueue = uniqueTaskQueue(prefix)
  const worker = await startTestWorker(ctx, { taskQueue, deps: { network: () => stack.network } })
  const workflowId = `${prefix}-${taskQueue}`
  const result = await worker.runUntil(
    ctx.client.workflow.execute(allocationCycle, {
      args: [{ policyPath, trigger: { kind: 'manual', by: 'test' } }],
      taskQueue,
      workflowId,
      workflowExecutionTimeout: '5 minutes',
    }),
  )
  const moves = result.plan?.moves ?? []
  const outcomes = await Promise.all(
    moves.map(
      (_, i) => ctx.client.workflow.getHandle(`${workflowId}/move-${i}`).result() as Promise<MoveOutcome>,
    ),
  )
  return { result, moves, outcomes }
}

test('default: the live cycle prices CCTP below LayerZero and moves Ethereum USDC to Base over CCTP end to end, conserved to the base unit', async () => {
  const perChain = await readAll()
  const eth = perChain.find((c) => c.chain === 'ethereum')!.costs!
  const baseCosts = perChain.find((c) => c.chain === 'base')!.costs!
  const route = eth.routes.find((r) => r.to === 'base')!
  expect(BigInt(eth.gasPriceWei)).toBeGreaterThan(0n)
  expect(route.cctpUnavailable).toBeUndefined()
  expect(route.cctpBurnUsd! + baseCosts.cctpReceiveUsd!).toBeLessThan(route.layerZeroUsd)

  const policyPath = await writePolicy('cctp-live')
  const before = {
    ethUsdc: await proxyUsdc('ethereum'),
    baseUsdc: await proxyUsdc('base'),
    supply: (await supply('ethereum')) + (await supply('base')),
    ethBlock: await client('ethereum').getBlockNumber(),
    baseBlock: await client('base').getBlockNumber(),
    sends: await countBridgeSends(stack.network),
    position: Number(perChain.flatMap((c) => c.markets).find((m) => m.id === TARGET)!.position),
  }
  expect(before.ethUsdc).toBeGreaterThanOrEqual(parseUnits(String(MOVE_USD + 1), 6))

  const { result, moves, outcomes } = await runCycle('cctp-live', policyPath)
  expect(moves.map((m) => [m.from, m.to, m.bridge])).toEqual([['idle:ethereum', TARGET, 'cctp']])
  expect(result.outcomes.map((o) => o.state)).toEqual(['completed'])
  const [outcome] = outcomes
  expect(outcome!.status, outcome!.error).toBe('completed')
  expect(outcome!.route?.bridge).toMatchObject({ via: 'cctp', asset: 'USDC' })
  const amount = BigInt(outcome!.route!.source.amount)
  const burns = outcome!.cctpBurns ?? []
  expect(burns.reduce((s, b) => s + BigInt(b.amount), 0n)).toBe(amount)
  console.log('measured gas (chain function gasUsed):', await gasByFunction(outcome!))

  // One MessageSent per burn on Ethereum, one MessageReceived per burn on Base, no LayerZero send.
  expect(await cctpEvents('ethereum', before.ethBlock + 1n)).toMatchObject({ sent: burns.length })
  expect(await cctpEvents('base', before.baseBlock + 1n)).toMatchObject({ received: burns.length })
  expect(await countBridgeSends(stack.network)).toBe(before.sends)
  // Money conserved to the base unit: Ethereum's idle USDC left exactly, nothing stays idle on Base, the
  // USDC supply of the two chains is unchanged (burned = minted).
  expect(await proxyUsdc('ethereum')).toBe(before.ethUsdc - amount)
  expect(await proxyUsdc('base')).toBe(before.baseUsdc)
  expect((await supply('ethereum')) + (await supply('base'))).toBe(before.supply)
  // The position equals the plan's target (interest accrued during the test aside: < 1 USD).
  const after = await readAll()
  const position = Number(after.flatMap((c) => c.markets).find((m) => m.id === TARGET)!.position)
  const target = result.plan!.targets.find((t) => t.market === TARGET)!
  expect(Math.abs(position - Number(target.amount))).toBeLessThan(1)
  expect(Math.abs(position - before.position - Number(amount) / 1e6)).toBeLessThan(1)
})

test('behavior: with the mint recipient for Base unset, the snapshot offers no CCTP along Ethereum -> Base: the cycle plans LayerZero (or nothing) and burns nothing', async () => {
  await asGovernance('ethereum', 'setMintRecipient', [cctpDomains.base, zeroHash])
  try {
    const perChain = await readAll()
    const route = perChain.find((c) => c.chain === 'ethereum')!.costs!.routes.find((r) => r.to === 'base')!
    expect(route.cctpUnavailable).toMatch(/mintRecipients.*not set/)

    const policyPath = await writePolicy('cctp-live-unset')
    const before = {
      ethUsdc: await proxyUsdc('ethereum'),
      ethBlock: await client('ethereum').getBlockNumber(),
      sends: await countBridgeSends(stack.network),
    }
    const { result, moves, outcomes } = await runCycle('cctp-live-unset', policyPath)
    expect(moves.filter((m) => m.bridge === 'cctp')).toEqual([])
    expect(result.plan?.unavailable).toContainEqual(
      expect.objectContaining({ subject: 'ethereum -> base (USDC over CCTP)', code: 'cctp-unavailable' }),
    )
    for (const o of outcomes) expect(o.status, o.error).toBe('completed')
    expect((await cctpEvents('ethereum', before.ethBlock + 1n)).sent).toBe(0)
    const bridged = moves.filter((m) => m.bridge === 'layerzero')
    expect(await countBridgeSends(stack.network)).toBe(before.sends + bridged.length)
    if (bridged.length === 0) expect(await proxyUsdc('ethereum')).toBe(before.ethUsdc)
    for (const o of outcomes) console.log('measured gas (chain function gasUsed):', await gasByFunction(o))
  } finally {
    await asGovernance('ethereum', 'setMintRecipient', [
      cctpDomains.base,
      pad(stack.network.sll('base').almProxy),
    ])
  }
})
