/**
 * Stuck transactions on a real anvil with a real Temporal nonce owner: replaced with bumped fees (recorded
 * before broadcast), mined once, no nonce gap; nothing signed above the cap; a SIGKILL between recording a
 * replacement and broadcasting it; a nonce whose step failed before signing is released at once.
 *
 * Probed anvil behaviour (1.x): with automine off a transaction waits in the pool; a block whose base fee is
 * above its `maxFeePerGas` (`anvil_setNextBlockBaseFeePerGas` + `evm_mine`) drops it from the pool, and
 * re-sending it is refused with "max fee per gas less than block base fee" until the base fee falls. A
 * replacement with both fees +12 % over the pooled one is accepted; +5 % is refused as underpriced.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Worker } from '@temporalio/worker'
import { type Address, encodeFunctionData, erc20Abi, type Hex, keccak256, type LocalAccount } from 'viem'
import { afterAll, beforeAll, beforeEach, expect, inject, test } from 'vitest'
import { FeeCapExceededError, parseFeeCaps } from '../../lib/fee-caps.js'
import {
  connectTemporal,
  startTestWorker,
  type TemporalTestContext,
  uniqueTaskQueue,
} from '../../test/temporal-harness.js'
import { nonceOwnerStateQuery } from '../../workflows/nonce-owner.js'
import { getPublicClient } from '../clients.js'
import { readErc20Balance } from './erc20.js'
import { StuckTransactionError } from './errors.js'
import { feesOf } from './fee-bump.js'
import { type NonceLedger, temporalNonceLedger } from './nonce-ledger.js'
import { loadSigner } from './signer.js'
import { type SubmitOptions, type SubmitTransactionInput, submitTransaction } from './submit.js'
import {
  anvilAccount,
  anvilKeys,
  deployMintableErc20,
  type RunningAnvil,
  startAnvil,
} from './testing/anvil.js'
import { runSubmitChild } from './testing/run-child.js'

const PORT_BASE = 35545
const GWEI = 1_000_000_000n
const childScript = fileURLToPath(new URL('./testing/owned-submit-child.ts', import.meta.url))
const recipient = anvilAccount(3).address
let anvil: RunningAnvil
let ctx: TemporalTestContext
let worker: Worker
let running: Promise<void>
let taskQueue: string
let signer: LocalAccount
let token: Address
let nonces: NonceLedger

beforeAll(async () => {
  // Named `base` so that the chain's gas price cap (SLL_MAX_GAS_PRICE_GWEI_BASE) applies.
  anvil = await startAnvil({ name: 'base', chainId: 8453, port: PORT_BASE })
  signer = loadSigner({ SLL_SIGNER_KEY: anvilKeys[2] })
  token = await deployMintableErc20(anvil.endpoint, anvilAccount(1), [signer.address])
  ctx = await connectTemporal()
  taskQueue = uniqueTaskQueue('fee-bump')
  worker = await startTestWorker(ctx, { taskQueue })
  running = worker.run()
  nonces = temporalNonceLedger(ctx.client, taskQueue, anvil.endpoint.chainId, signer.address)
}, 60_000)

afterAll(async () => {
  worker?.shutdown()
  await running
  await ctx?.close()
  await anvil?.stop()
})

const client = () => getPublicClient(anvil.endpoint)
const rpc = (method: string, params: unknown[] = []) =>
  client().request({ method: method as never, params: params as never })
const mine = () => rpc('evm_mine')
const setBaseFee = (wei: bigint) => rpc('anvil_setNextBlockBaseFeePerGas', [`0x${wei.toString(16)}`])
const minedNonce = () => client().getTransactionCount({ address: signer.address })
const balanceOf = async (owner: Address) =>
  BigInt(await readErc20Balance({ chain: anvil.endpoint, token, owner }))
/** True when the node knows the tx (pending or mined); takes a hash or the signed bytes. */
const known = async (tx: Hex) =>
  (await rpc('eth_getTransactionByHash', [tx.length > 66 ? keccak256(tx) : tx])) !== null
const entryOf = async (key: string) => {
  const state = await ctx.client.workflow
    .getHandle(nonces.ownerId)
    .query(nonceOwnerStateQuery)
    .catch(() => undefined) // not started before the first reservation
  return state?.entries.find((e) => e.key === key)
}
const versionsOf = async (key: string): Promise<Hex[]> => {
  const entry = await entryOf(key)
  return entry?.raw ? [...(entry.replaced ?? []).map((v) => v.raw), entry.raw] : []
}

async function until<T>(
  what: string,
  probe: () => Promise<T | undefined | false>,
  timeoutMs = 20_000,
): Promise<T> {
  const started = Date.now()
  for (;;) {
    const value = await probe()
    if (value) return value
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

function transfer(key: string, amount: bigint): SubmitTransactionInput {
  return {
    chain: anvil.endpoint,
    idempotencyKey: key,
    to: token,
    data: encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [recipient, amount] }),
  }
}

const owned = (capGwei: string, extra: Partial<SubmitOptions> = {}): SubmitOptions => ({
  signer,
  nonces,
  feeCaps: parseFeeCaps({ SLL_MAX_GAS_PRICE_GWEI_BASE: capGwei }),
  stuckAfterMs: 1_000,
  receiptTimeoutMs: 60_000,
  ...extra,
})

/** Waits until `key`'s first version is in the pool, then prices it out: a block with a base fee above it. */
async function priceOut(key: string): Promise<Hex> {
  const [first] = await until(`${key} recorded`, async () => {
    const versions = await versionsOf(key)
    return versions.length > 0 && (await known(versions[0] as Hex)) ? versions : undefined
  })
  expect(await versionsOf(key)).toHaveLength(1)
  await setBaseFee(20n * GWEI)
  await mine()
  expect((await client().getBlock()).transactions).toHaveLength(0)
  return keccak256(first as Hex)
}

beforeEach(async () => {
  // Every test starts with automine on and a 1 gwei base fee (anvil's estimate: 2.2 gwei max, 1 gwei tip).
  await rpc('evm_setAutomine', [true])
  await setBaseFee(GWEI)
  await mine()
})

test('behavior: a stuck tx is replaced by the same call with bumped fees, mined once, and leaves no gap', async () => {
  const key = 'fb/replace'
  const before = await balanceOf(recipient)
  const nonceBefore = await minedNonce()
  await rpc('evm_setAutomine', [false])
  const sent = submitTransaction(transfer(key, 11n), owned('50'))
  const first = await priceOut(key)
  // The replacement is recorded in the nonce owner, then broadcast: mine once it is in the pool.
  const versions = await until('a recorded replacement in the pool', async () => {
    const all = await versionsOf(key)
    return all.length > 1 && (await known(all.at(-1) as Hex)) ? all : undefined
  })
  await mine()
  const result = await sent
  await rpc('evm_setAutomine', [true])

  const recorded = await versionsOf(key)
  expect(recorded.slice(0, versions.length)).toEqual(versions)
  expect(result.hash).not.toBe(first)
  expect(recorded.map((raw) => raw)).toContain((await entryOf(key))?.raw)
  expect((await entryOf(key))?.status).toBe('confirmed')
  expect((await entryOf(key))?.hash).toBe(result.hash)
  // Same call at the same nonce, both fees >= +12 %, within the cap.
  const f0 = feesOf(recorded[0] as Hex)
  const f1 = feesOf(recorded[1] as Hex)
  expect(f1.maxFeePerGas * 100n).toBeGreaterThanOrEqual(f0.maxFeePerGas * 112n)
  expect(f1.maxPriorityFeePerGas * 100n).toBeGreaterThanOrEqual(f0.maxPriorityFeePerGas * 112n)
  for (const raw of recorded) expect(feesOf(raw).maxFeePerGas).toBeLessThanOrEqual(50n * GWEI)
  // Mined once: one transfer, one nonce; the first version has no receipt.
  expect(await balanceOf(recipient)).toBe(before + 11n)
  expect(await minedNonce()).toBe(nonceBefore + 1)
  await expect(client().getTransactionReceipt({ hash: first })).rejects.toThrow()
  // No gap: the next step gets the next nonce and is mined at once.
  await submitTransaction(transfer('fb/replace-next', 1n), owned('50'))
  expect(await minedNonce()).toBe(nonceBefore + 2)
}, 60_000)

test('behavior: at the cap nothing is signed above it and the step ends StuckTransactionError; a retry settles a recorded version', async () => {
  const key = 'fb/cap'
  const before = await balanceOf(recipient)
  const nonceBefore = await minedNonce()
  await rpc('evm_setAutomine', [false])
  const sent = submitTransaction(transfer(key, 13n), owned('3', { receiptTimeoutMs: 8_000 })).catch((e) => e)
  await priceOut(key)
  const error = await sent
  expect(error).toBeInstanceOf(StuckTransactionError)
  expect((error as Error).message).toMatch(/SLL_MAX_GAS_PRICE_GWEI_BASE/)
  expect((error as Error).message).toContain(`nonce ${nonceBefore}`)
  const recorded = await versionsOf(key)
  // One bump to exactly the cap (2.2 gwei +12 % <= 3 gwei < the estimate), then none: +12 % would exceed it.
  expect(recorded).toHaveLength(2)
  expect(feesOf(recorded[1] as Hex).maxFeePerGas).toBe(3n * GWEI)
  for (const raw of recorded) expect(feesOf(raw).maxFeePerGas).toBeLessThanOrEqual(3n * GWEI)
  expect((error as StuckTransactionError).context.hashes).toHaveLength(2)
  expect(await minedNonce()).toBe(nonceBefore)

  // Fees fall: a retry of the step re-sends the newest recorded version and never signs another.
  await setBaseFee(GWEI)
  await rpc('evm_setAutomine', [true])
  const result = await submitTransaction(transfer(key, 13n), owned('3', { stuckAfterMs: 60_000 }))
  expect(await versionsOf(key)).toEqual(recorded)
  expect(result.hash).toBe((error as StuckTransactionError).context.hashes[1])
  expect(await balanceOf(recipient)).toBe(before + 13n)
  expect(await minedNonce()).toBe(nonceBefore + 1)
}, 60_000)

const runChild = (input: SubmitTransactionInput, env: Record<string, string>) =>
  runSubmitChild(childScript, input, {
    SLL_SIGNER_KEY: anvilKeys[2] as string,
    TEMPORAL_ADDRESS: inject('temporalAddress'),
    TEMPORAL_NAMESPACE: inject('temporalNamespace'),
    SLL_TEST_TASK_QUEUE: taskQueue,
    SLL_MAX_GAS_PRICE_GWEI_BASE: '50',
    SLL_TX_JOURNAL_DIR: mkdtempSync(join(tmpdir(), 'sll-fee-bump-')),
    ...env,
  })

test('behavior: a process SIGKILLed between recording a replacement and broadcasting it: another process re-sends that replacement', async () => {
  const key = 'fb/crash'
  const before = await balanceOf(recipient)
  const nonceBefore = await minedNonce()
  await rpc('evm_setAutomine', [false])
  const crashing = runChild(transfer(key, 17n), {
    SLL_CHAOS_CRASH_AT: 'after-replace',
    SLL_TEST_STUCK_AFTER_MS: '1000',
  })
  const first = await priceOut(key)
  const crashed = await crashing
  expect(crashed.signal, crashed.stderr).toBe('SIGKILL')
  const recorded = await versionsOf(key)
  expect(recorded).toHaveLength(2)
  const replacement = (await entryOf(key))?.hash as Hex
  expect(await known(replacement)).toBe(false) // recorded, never broadcast
  expect(await known(first)).toBe(false) // priced out of the pool

  // Another process (fresh state directory) retries the step: it sends the recorded replacement.
  const retry = runChild(transfer(key, 17n), { SLL_TEST_STUCK_AFTER_MS: '60000' })
  await until('the recorded replacement in the pool', () => known(replacement))
  await mine()
  const done = await retry
  expect(done.code, done.stderr).toBe(0)
  expect(JSON.parse(done.stdout).hash).toBe(replacement)
  expect(await versionsOf(key)).toEqual(recorded) // no third signature
  expect(await balanceOf(recipient)).toBe(before + 17n)
  expect(await minedNonce()).toBe(nonceBefore + 1)
}, 90_000)

test('behavior: a nonce whose step fails before signing goes back to the owner at once (no lease wait, no gap)', async () => {
  const nonceBefore = await minedNonce()
  // 0.5 gwei is below anvil's 2.2 gwei estimate: refused before signing.
  await expect(submitTransaction(transfer('fb/abandoned', 1n), owned('0.5'))).rejects.toBeInstanceOf(
    FeeCapExceededError,
  )
  expect(await entryOf('fb/abandoned')).toBeUndefined()
  const started = Date.now()
  await submitTransaction(transfer('fb/after-abandoned', 1n), owned('50'))
  // Without the release the next key waits for the 30 s lease of the abandoned reservation.
  expect(Date.now() - started).toBeLessThan(10_000)
  expect((await entryOf('fb/after-abandoned'))?.nonce).toBe(nonceBefore)
  expect(await minedNonce()).toBe(nonceBefore + 1)
}, 60_000)
