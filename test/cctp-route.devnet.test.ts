/**
 * The CCTP route in the product, on the devnet with a real Temporal server and a real worker process:
 * `executeMove` with `bridge: "cctp"` burns through the controller's `transferUSDCToCCTP`, polls the
 * devnet attestation service (its own port here), receives every message on the destination and
 * completes. USDC is conserved to the base unit; a worker SIGKILLed after the burn, while waiting for the
 * attestation, or after `receiveMessage` burns once and mints once; an attestation outage only delays;
 * a move above the per-message burn limit is split and completes when every burn is minted.
 */
import { type Address, createWalletClient, erc20Abi, type Hex, http, parseUnits } from 'viem'
import { privateKeyToAccount, sign } from 'viem/accounts'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { getPublicClient } from '../activities/clients.js'
import { createActivities } from '../activities/index.js'
import { messageTransmitterAbi } from '../cctp/abi.js'
import { cctpDomains } from '../cctp/domains.js'
import { cctpMessageHash } from '../cctp/message.js'
import { devnetAccounts } from '../chains/devnet-accounts.js'
import type { ChainName } from '../chains/names.js'
import { endpointChain } from '../chains/viem-chains.js'
import type { AttestationService } from '../devnet/cctp/attestation-service.js'
import { type DevnetCctp, loadDevnetCctp } from '../devnet/cctp/deployment.js'
import { startDevnetAttestation } from '../devnet/cctp/devnet-attestation.js'
import { executeMove, type MoveOutcome } from '../workflows/execute-move.js'
import { type DevnetStack, startDevnetStack } from './devnet-stack.js'
import { authorizedMove, autoMoveAuthorization } from './move-authorization.js'
import { connectTemporal, type TemporalTestContext, uniqueTaskQueue } from './temporal-harness.js'
import { devnetWorker, type SupervisedWorker, writeWorkflowBundle } from './worker-process.js'

/** Fixed port base of this file (not used by any other test). */
const portBase = 32_545

let ctx: TemporalTestContext
let stack: DevnetStack
let service: AttestationService
let cctp: DevnetCctp
let bundlePath: string

beforeAll(async () => {
  ctx = await connectTemporal()
  stack = await startDevnetStack({ portBase })
  service = await startDevnetAttestation({ portBase, port: 0 })
  cctp = loadDevnetCctp()
  bundlePath = await writeWorkflowBundle()
})
afterAll(async () => {
  await service?.stop()
  await stack?.stop()
  await ctx?.close()
})

const usdc = (whole: string) => parseUnits(whole, 6)
const client = (chain: ChainName) => getPublicClient(stack.network.endpoint(chain))

/** USDC of `chain`'s ALMProxy (base units). */
const proxyUsdc = (chain: ChainName) =>
  client(chain).readContract({
    address: cctp.chains[chain].usdc,
    abi: erc20Abi,
    functionName: 'balanceOf',
    args: [stack.network.sll(chain).almProxy],
  })

/** USDC totalSupply of `chain`: a burn lowers it, a mint raises it. */
const supply = (chain: ChainName) =>
  client(chain).readContract({ address: cctp.chains[chain].usdc, abi: erc20Abi, functionName: 'totalSupply' })

/** Every `MessageSent` of `chain`'s transmitter (burns) and `MessageReceived` (mints) since `fromBlock`. */
async function cctpEvents(chain: ChainName, fromBlock: bigint) {
  const transmitter = cctp.chains[chain].messageTransmitter as Address
  const logs = await client(chain).getContractEvents({
    address: transmitter,
    abi: messageTransmitterAbi,
    fromBlock,
  })
  return {
    sent: logs.filter((l) => l.eventName === 'MessageSent').length,
    received: logs
      .filter((l) => l.eventName === 'MessageReceived')
      .map((l) => (l.args as { sourceDomain: number; nonce: bigint }).nonce),
  }
}

type Run = {
  from: ChainName
  to: ChainName
  amount: string
  chaos?: { point: string; key: string }
  /** Runs while the move is in flight (e.g. ends an outage). */
  during?: (workflowId: string) => Promise<void>
}

/**
 * Runs one idle -> idle USDC move through CCTP on a fresh worker process and checks it end to end: completed,
 * burns recorded, one MessageSent per burn on the source and one MessageReceived per nonce on the
 * destination, the ALMProxies' USDC moved exactly and the USDC supply of the two chains conserved.
 */
async function runCctpMove(run: Run): Promise<{ outcome: MoveOutcome; worker: SupervisedWorker }> {
  const taskQueue = uniqueTaskQueue(`cctp-${run.from}-${run.chaos?.point ?? 'plain'}`)
  const worker = devnetWorker(stack.env, {
    taskQueue,
    bundlePath,
    env: {
      SLL_CCTP_ATTESTATION_URL: service.url,
      SLL_LOG_LEVEL: 'info',
      ...(run.chaos ? { SLL_CHAOS_CRASH_AT: run.chaos.point, SLL_CHAOS_CRASH_KEY: run.chaos.key } : {}),
    },
  })
  const amount = usdc(run.amount)
  const before = {
    from: await proxyUsdc(run.from),
    to: await proxyUsdc(run.to),
    supply: (await supply(run.from)) + (await supply(run.to)),
    fromBlock: await client(run.from).getBlockNumber(),
    toBlock: await client(run.to).getBlockNumber(),
  }
  expect(before.from).toBeGreaterThanOrEqual(amount)
  const workflowId = `cctp-${taskQueue}/move-0`
  worker.start()
  let outcome: MoveOutcome
  try {
    const handle = await ctx.client.workflow.start(executeMove, {
      taskQueue,
      workflowId,
      args: [
        await authorizedMove({
          planId: `cctp-${taskQueue}`,
          index: 0,
          from: `idle:${run.from}`,
          to: `idle:${run.to}`,
          amount: run.amount,
          bridge: 'cctp',
        }),
      ],
      workflowExecutionTimeout: '5 minutes',
    })
    await run.during?.(workflowId)
    outcome = await handle.result()
  } finally {
    await worker.stop()
  }
  expect(outcome.status, outcome.error).toBe('completed')
  expect(outcome.route?.bridge).toMatchObject({ via: 'cctp', asset: 'USDC', amount: amount.toString() })
  const burns = outcome.cctpBurns ?? []
  expect(burns.reduce((s, b) => s + BigInt(b.amount), 0n)).toBe(amount)
  expect(burns.every((b) => b.sourceDomain === cctpDomains[run.from])).toBe(true)
  expect(outcome.amountDelivered).toBe(amount.toString())
  // No second burn, no second mint.
  const source = await cctpEvents(run.from, before.fromBlock + 1n)
  const destination = await cctpEvents(run.to, before.toBlock + 1n)
  expect(source.sent).toBe(burns.length)
  expect(destination.received.sort()).toEqual(burns.map((b) => BigInt(b.nonce)).sort())
  // Positions equal targets, money conserved to the base unit.
  expect(await proxyUsdc(run.from)).toBe(before.from - amount)
  expect(await proxyUsdc(run.to)).toBe(before.to + amount)
  expect((await supply(run.from)) + (await supply(run.to))).toBe(before.supply)
  return { outcome, worker }
}

test('behavior: an Ethereum -> Base USDC move and its reverse run through CCTP end to end', async () => {
  const there = await runCctpMove({ from: 'ethereum', to: 'base', amount: '600' })
  expect(there.outcome.cctpBurns).toHaveLength(1)
  expect(there.outcome.rateLimits?.map((r) => r.label)).toEqual([
    'USDC_TO_CCTP(ethereum)',
    'USDC_TO_DOMAIN(ethereum -> base)',
  ])
  const back = await runCctpMove({ from: 'base', to: 'ethereum', amount: '600' })
  expect(back.outcome.cctpBurns).toHaveLength(1)
})

test('behavior: above the per-message burn limit the move is split into several burns and completes', async () => {
  const limit = BigInt(cctp.chains.ethereum.burnLimitPerMessage)
  expect(limit).toBe(usdc('1000'))
  const { outcome } = await runCctpMove({ from: 'ethereum', to: 'base', amount: '2500' })
  expect(outcome.cctpBurns?.map((b) => b.amount)).toEqual(['1000000000', '1000000000', '500000000'])
  expect(outcome.txHashes).toHaveLength(4) // one burn transaction, three receiveMessage
})

const kills = [
  { point: 'after-broadcast', key: '/cctp-burn', what: 'after the burn' },
  { point: 'awaiting-attestation', key: '/cctp-attestation', what: 'while waiting for the attestation' },
  { point: 'after-broadcast', key: '/cctp-receive', what: 'after receiveMessage' },
] as const

for (const { point, key, what } of kills) {
  test(`behavior: worker SIGKILLed ${what} — one burn, one mint, the move completes once`, async () => {
    const { worker } = await runCctpMove({
      from: 'ethereum',
      to: 'base',
      amount: '1200',
      chaos: { point, key },
    })
    expect(worker.crashes).toBeGreaterThanOrEqual(1)
  })
}

test('behavior: during an attestation outage the move waits, then completes', async () => {
  service.setFaults({ outage: true })
  try {
    await runCctpMove({
      from: 'base',
      to: 'ethereum',
      amount: '300',
      during: async (workflowId) => {
        const transmitter = cctp.chains.base.messageTransmitter as Address
        const start = await client('base').getBlockNumber()
        // Wait for the burn, then a few polls against the outage.
        for (let i = 0; i < 200; i++) {
          const logs = await client('base').getContractEvents({
            address: transmitter,
            abi: messageTransmitterAbi,
            eventName: 'MessageSent',
            fromBlock: start,
          })
          if (logs.length > 0) break
          await new Promise((resolve) => setTimeout(resolve, 100))
        }
        await new Promise((resolve) => setTimeout(resolve, 4_000))
        const description = await ctx.client.workflow.getHandle(workflowId).describe()
        expect(description.status.name).toBe('RUNNING')
        const history = await ctx.client.workflow.getHandle(workflowId).fetchHistory()
        const polls = (history.events ?? []).filter(
          (e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'fetchCctpAttestations',
        )
        expect(polls.length).toBeGreaterThanOrEqual(2)
        service.setFaults({ outage: false })
      },
    })
  } finally {
    service.setFaults({ outage: false })
  }
})

/** Waits for the first `MessageSent` on `chain` from block `fromBlock`; returns its message. */
async function firstBurn(chain: ChainName, fromBlock: bigint): Promise<Hex> {
  for (let i = 0; i < 300; i++) {
    // anvil refuses a range that starts after its head: wait for the block first.
    if ((await client(chain).getBlockNumber()) < fromBlock) {
      await new Promise((resolve) => setTimeout(resolve, 100))
      continue
    }
    const logs = await client(chain).getContractEvents({
      address: cctp.chains[chain].messageTransmitter as Address,
      abi: messageTransmitterAbi,
      eventName: 'MessageSent',
      fromBlock,
    })
    const message = (logs[0]?.args as { message?: Hex } | undefined)?.message
    if (message) return message
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`no MessageSent on ${chain}`)
}

test('behavior: a message someone else received first is not sent again (usedNonces checked on chain)', async () => {
  service.setFaults({ outage: true })
  const start = await client('ethereum').getBlockNumber()
  try {
    const { outcome } = await runCctpMove({
      from: 'ethereum',
      to: 'base',
      amount: '150',
      during: async () => {
        // While the product waits out the outage, the destination's relayer receives the message itself,
        // with an attestation of the devnet attester (V1 receiveMessage is permissionless).
        const message = await firstBurn('ethereum', start + 1n)
        const attestation = await sign({
          hash: cctpMessageHash(message),
          privateKey: devnetAccounts.cctpAttester.privateKey,
          to: 'hex',
        })
        const account = privateKeyToAccount(devnetAccounts.relayer.privateKey)
        const endpoint = stack.network.endpoint('base')
        const wallet = createWalletClient({
          account,
          chain: endpointChain({ name: 'devnet-base', chainId: endpoint.chainId, rpcUrl: endpoint.rpcUrl }),
          transport: http(endpoint.rpcUrl),
        })
        const hash = await wallet.writeContract({
          address: cctp.chains.base.messageTransmitter as Address,
          abi: messageTransmitterAbi,
          functionName: 'receiveMessage',
          args: [message, attestation],
        })
        expect((await client('base').waitForTransactionReceipt({ hash })).status).toBe('success')
        service.setFaults({ outage: false })
      },
    })
    // Only the burn was sent by the product: no receiveMessage of its own.
    expect(outcome.txHashes).toHaveLength(1)
  } finally {
    service.setFaults({ outage: false })
  }
})

test('error: a CCTP burn step without a valid authorization (a rogue poller, a forged input) signs nothing', async () => {
  // The worker's own activities on the devnet, called the way a poller would call them: the real route.
  const acts = createActivities({ network: () => stack.network })
  const move = { planId: 'rogue-cctp', index: 0, from: 'idle:ethereum', to: 'idle:base', amount: '500' }
  const route = await acts.prepareMove({
    from: move.from,
    to: move.to,
    amountUsd: move.amount,
    bridge: 'cctp',
  })
  expect(route.bridge?.via).toBe('cctp')
  const signer = stack.network.signer.address
  const before = {
    nonce: await client('ethereum').getTransactionCount({ address: signer }),
    usdc: await proxyUsdc('ethereum'),
    block: await client('ethereum').getBlockNumber(),
  }
  const sentBefore = (await cctpEvents('ethereum', before.block)).sent
  const auto = await autoMoveAuthorization(move)
  const forged: Array<[string, Parameters<typeof acts.burnViaCctp>[0]['move'], RegExp]> = [
    ['no move', undefined, /carries no move authorization/],
    ['no authorization', move, /carries no authorization/],
    [
      'a step of another amount',
      { ...move, amount: '20000000', authorization: auto },
      /is not part of move 0/,
    ],
    [
      'a changed policy sha',
      { ...move, authorization: { ...auto, policySha256: 'ab'.repeat(32) } },
      /the file changed since the plan was made/,
    ],
  ]
  for (const [name, forgedMove, message] of forged) {
    const error = await acts
      .burnViaCctp({ moveKey: 'rogue-cctp/move-0', route, ...(forgedMove ? { move: forgedMove } : {}) })
      .then(
        () => undefined,
        (e: unknown) => e as { type?: string; nonRetryable?: boolean; message?: string },
      )
    expect([error?.type, error?.nonRetryable], name).toEqual(['UnauthorizedMoveError', true])
    expect(error?.message, name).toMatch(message)
  }
  expect(await client('ethereum').getTransactionCount({ address: signer })).toBe(before.nonce)
  expect(await proxyUsdc('ethereum')).toBe(before.usdc)
  expect((await cctpEvents('ethereum', before.block)).sent).toBe(sentBefore)
})
