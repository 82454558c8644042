import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  type Address,
  createWalletClient,
  encodeFunctionData,
  erc20Abi,
  type Hex,
  http,
  keccak256,
  type LocalAccount,
  parseEther,
} from 'viem'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { endpointChain } from '../../chains/viem-chains.js'
import { getPublicClient, resetClientCache, WrongChainError } from '../clients.js'
import { toActivityFailure } from '../failure.js'
import { readErc20Balance } from './erc20.js'
import {
  IdempotencyKeyConflictError,
  JournalChainMismatchError,
  NonceConsumedByOtherError,
  TransactionRevertedError,
} from './errors.js'
import { appendJournalEntry, journalPaths, readJournal, readJournalFile } from './journal.js'
import { loadSigner } from './signer.js'
import { type PersistedTransaction, type SubmitTransactionInput, submitTransaction } from './submit.js'
import {
  anvilAccount,
  anvilKeys,
  deployMintableErc20,
  type RunningAnvil,
  startAnvil,
} from './testing/anvil.js'

let anvil: RunningAnvil
let signer: LocalAccount
let token: Address
const recipient = anvilAccount(3).address

beforeAll(async () => {
  anvil = await startAnvil({ name: 'devtest' })
  signer = loadSigner({ SLL_SIGNER_KEY: anvilKeys[0] })
  token = await deployMintableErc20(anvil.endpoint, anvilAccount(1), [signer.address])
})

afterAll(async () => {
  await anvil?.stop()
})

const freshDir = () => mkdtempSync(join(tmpdir(), 'sll-tx-journal-'))
const client = () => getPublicClient(anvil.endpoint)
const nonceOf = (blockTag: 'latest' | 'pending' = 'latest') =>
  client().getTransactionCount({ address: signer.address, blockTag })
const balanceOf = async (owner: Address) =>
  BigInt(await readErc20Balance({ chain: anvil.endpoint, token, owner }))

function transfer(key: string, amount: bigint): SubmitTransactionInput {
  return {
    chain: anvil.endpoint,
    idempotencyKey: key,
    to: token,
    data: encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [recipient, amount] }),
  }
}

/** Signs a transfer at `nonce` outside submitTransaction, as a crashed earlier attempt would have. */
async function signTransferAt(nonce: number, amount: bigint, gas?: bigint): Promise<{ raw: Hex; hash: Hex }> {
  const fees = await client().estimateFeesPerGas()
  const raw = await signer.signTransaction({
    type: 'eip1559',
    chainId: anvil.endpoint.chainId,
    nonce,
    to: token,
    data: transfer('x', amount).data,
    gas: gas ?? 100_000n,
    maxFeePerGas: fees.maxFeePerGas,
    maxPriorityFeePerGas: fees.maxPriorityFeePerGas,
  })
  return { raw, hash: keccak256(raw) }
}

test('default: submits, confirms and reports a JSON-safe receipt', async () => {
  const dir = freshDir()
  const before = await balanceOf(recipient)
  const persisted: PersistedTransaction[] = []
  const started = performance.now()
  const result = await submitTransaction(transfer('wf-1/transfer', 5n), {
    signer,
    journalDir: dir,
    persist: (d) => {
      persisted.push(d)
    },
  })
  const elapsed = performance.now() - started
  console.log(`submitTransaction on anvil: ${elapsed.toFixed(1)} ms (first call, includes chain id check)`)
  expect(result.status).toBe('success')
  expect(typeof result.blockNumber).toBe('string')
  expect(typeof result.gasUsed).toBe('string')
  expect(JSON.parse(JSON.stringify(result))).toEqual(result)
  expect(await balanceOf(recipient)).toBe(before + 5n)
  expect(persisted[0]).toMatchObject({ key: 'wf-1/transfer', hash: result.hash })
  const journal = readJournal(journalPaths(dir, 'devtest', signer.address).journal)
  expect(journal).toHaveLength(1)
  expect(journal[0]?.hash).toBe(result.hash)
})

test('behavior: the same key twice (sequential and concurrent) sends one tx', async () => {
  const dir = freshDir()
  const before = await balanceOf(recipient)
  const nonceBefore = await nonceOf()
  const first = await submitTransaction(transfer('wf-2/transfer', 7n), { signer, journalDir: dir })
  const second = await submitTransaction(transfer('wf-2/transfer', 7n), { signer, journalDir: dir })
  const [a, b] = await Promise.all([
    submitTransaction(transfer('wf-2b/transfer', 7n), { signer, journalDir: dir }),
    submitTransaction(transfer('wf-2b/transfer', 7n), { signer, journalDir: dir }),
  ])
  expect(second.hash).toBe(first.hash)
  expect(b.hash).toBe(a.hash)
  expect(await balanceOf(recipient)).toBe(before + 14n)
  expect(await nonceOf()).toBe(nonceBefore + 2)
})

test('behavior: after a crash (process state dropped, journal kept) a retry returns the same hash', async () => {
  const dir = freshDir()
  const before = await balanceOf(recipient)
  const first = await submitTransaction(transfer('wf-3/transfer', 11n), { signer, journalDir: dir })
  resetClientCache()
  const freshSigner = loadSigner({ SLL_SIGNER_KEY: anvilKeys[0] })
  const retry = await submitTransaction(transfer('wf-3/transfer', 11n), {
    signer: freshSigner,
    journalDir: dir,
  })
  expect(retry).toEqual(first)
  expect(await balanceOf(recipient)).toBe(before + 11n)
})

test('behavior: heartbeat details alone (no local journal) resume the same tx', async () => {
  const before = await balanceOf(recipient)
  let details: PersistedTransaction | undefined
  const first = await submitTransaction(transfer('wf-4/transfer', 13n), {
    signer,
    journalDir: freshDir(),
    persist: (d) => {
      details = d
    },
  })
  const otherHostDir = freshDir()
  const retry = await submitTransaction(transfer('wf-4/transfer', 13n), {
    signer,
    journalDir: otherHostDir,
    resume: details,
  })
  expect(retry.hash).toBe(first.hash)
  expect(await balanceOf(recipient)).toBe(before + 13n)
  expect(readJournal(journalPaths(otherHostDir, 'devtest', signer.address).journal)[0]?.hash).toBe(first.hash)
})

test('behavior: a journaled tx that was never broadcast is re-broadcast with the same bytes', async () => {
  const dir = freshDir()
  const before = await balanceOf(recipient)
  const nonce = await nonceOf('pending')
  const signed = await signTransferAt(nonce, 17n)
  appendJournalEntry(journalPaths(dir, 'devtest', signer.address), {
    v: 1,
    key: 'wf-5/transfer',
    chainId: anvil.endpoint.chainId,
    signer: signer.address,
    nonce,
    hash: signed.hash,
    raw: signed.raw,
    signedAt: new Date().toISOString(),
  })
  const result = await submitTransaction(transfer('wf-5/transfer', 17n), { signer, journalDir: dir })
  expect(result.hash).toBe(signed.hash)
  const onChain = await client().getTransaction({ hash: signed.hash })
  expect(onChain.nonce).toBe(nonce)
  expect(await balanceOf(recipient)).toBe(before + 17n)
})

test('error: a journaled tx whose nonce went to another tx fails with NonceConsumedByOtherError', async () => {
  const dir = freshDir()
  const nonce = await nonceOf('pending')
  const ours = await signTransferAt(nonce, 19n)
  appendJournalEntry(journalPaths(dir, 'devtest', signer.address), {
    v: 1,
    key: 'wf-6/transfer',
    chainId: anvil.endpoint.chainId,
    signer: signer.address,
    nonce,
    hash: ours.hash,
    raw: ours.raw,
    signedAt: new Date().toISOString(),
  })
  // Someone else sends from the same signer with the same nonce (a rogue second worker).
  const wallet = createWalletClient({
    account: signer,
    chain: endpointChain(anvil.endpoint),
    transport: http(anvil.endpoint.rpcUrl),
  })
  const other = await wallet.sendTransaction({ to: recipient, value: 1n, nonce })
  await client().waitForTransactionReceipt({ hash: other })
  const before = await balanceOf(recipient)
  const error = await submitTransaction(transfer('wf-6/transfer', 19n), { signer, journalDir: dir }).catch(
    (e) => e,
  )
  expect(error).toBeInstanceOf(NonceConsumedByOtherError)
  expect(toActivityFailure(error)).toMatchObject({ type: 'NonceConsumedByOtherError', nonRetryable: true })
  expect(await balanceOf(recipient)).toBe(before)
})

test('error: a revert in simulation signs and sends nothing', async () => {
  const dir = freshDir()
  const nonceBefore = await nonceOf('pending')
  const error = await submitTransaction(transfer('wf-7/transfer', parseEther('999999999')), {
    signer,
    journalDir: dir,
  }).catch((e) => e)
  expect(error).toBeInstanceOf(TransactionRevertedError)
  expect(error.context.stage).toBe('simulation')
  expect(error.context.reason).toMatch(/exceeds balance/)
  expect(await nonceOf('pending')).toBe(nonceBefore)
  expect(readJournal(journalPaths(dir, 'devtest', signer.address).journal)).toEqual([])
})

test('error: a journaled tx that reverts when mined fails with TransactionRevertedError (mined)', async () => {
  const dir = freshDir()
  const nonce = await nonceOf('pending')
  const doomed = await signTransferAt(nonce, parseEther('999999999'))
  appendJournalEntry(journalPaths(dir, 'devtest', signer.address), {
    v: 1,
    key: 'wf-8/transfer',
    chainId: anvil.endpoint.chainId,
    signer: signer.address,
    nonce,
    hash: doomed.hash,
    raw: doomed.raw,
    signedAt: new Date().toISOString(),
  })
  const error = await submitTransaction(transfer('wf-8/transfer', parseEther('999999999')), {
    signer,
    journalDir: dir,
  }).catch((e) => e)
  expect(error).toBeInstanceOf(TransactionRevertedError)
  expect(error.context).toMatchObject({ stage: 'mined', hash: doomed.hash })
})

test('behavior: concurrent submits with different keys get distinct sequential nonces', async () => {
  const dir = freshDir()
  const before = await balanceOf(recipient)
  const nonceBefore = await nonceOf()
  const count = 6
  const started = performance.now()
  const results = await Promise.all(
    Array.from({ length: count }, (_, i) =>
      submitTransaction(transfer(`wf-9/${i}`, 1n), { signer, journalDir: dir }),
    ),
  )
  const elapsed = performance.now() - started
  console.log(
    `${count} concurrent submits on one signer: ${elapsed.toFixed(1)} ms (${(elapsed / count).toFixed(1)} ms each)`,
  )
  const nonces = await Promise.all(
    results.map(async (r) => (await client().getTransaction({ hash: r.hash })).nonce),
  )
  expect([...nonces].sort((a, b) => a - b)).toEqual(Array.from({ length: count }, (_, i) => nonceBefore + i))
  expect(new Set(results.map((r) => r.hash)).size).toBe(count)
  expect(await balanceOf(recipient)).toBe(before + BigInt(count))
})

test('behavior: sequential submits cost a few ms each on anvil', async () => {
  const dir = freshDir()
  const count = 20
  const started = performance.now()
  for (let i = 0; i < count; i++)
    await submitTransaction(transfer(`wf-10/${i}`, 1n), { signer, journalDir: dir })
  const perTx = (performance.now() - started) / count
  console.log(`sequential submit on anvil: ${perTx.toFixed(1)} ms per tx (sign, fsync, send, receipt)`)
  const replayStarted = performance.now()
  for (let i = 0; i < count; i++)
    await submitTransaction(transfer(`wf-10/${i}`, 1n), { signer, journalDir: dir })
  console.log(
    `idempotent replay of a mined key: ${((performance.now() - replayStarted) / count).toFixed(1)} ms`,
  )
  expect(perTx).toBeLessThan(1_000)
})

test('error: an RPC URL serving another chain fails with WrongChainError naming chain and URL', async () => {
  const wrong = { ...anvil.endpoint, name: 'base', chainId: 8453 }
  const error = await submitTransaction(
    { ...transfer('wf-12/x', 1n), chain: wrong },
    { signer, journalDir: freshDir() },
  ).catch((e) => e)
  expect(error).toBeInstanceOf(WrongChainError)
  expect(error.message).toContain('base')
  expect(error.message).toContain(anvil.endpoint.rpcUrl.replace('http://', ''))
  expect(toActivityFailure(error)).toMatchObject({ type: 'WrongChainError', nonRetryable: true })
})

test('error: the private key never appears in errors, failures, logs or the journal', async () => {
  const dir = freshDir()
  const lines: string[] = []
  const log = {
    info: (fields: object, message: string) => lines.push(`${message} ${JSON.stringify(fields)}`),
  }
  await submitTransaction(transfer('wf-13/ok', 1n), { signer, journalDir: dir, log })
  const failures = await Promise.all([
    submitTransaction(transfer('wf-13/revert', parseEther('999999999')), {
      signer,
      journalDir: dir,
      log,
    }).catch((e) => e),
    submitTransaction(
      { ...transfer('wf-13/bad', 1n), chain: { ...anvil.endpoint, rpcUrl: 'http://127.0.0.1:1' } },
      { signer, journalDir: dir, log },
    ).catch((e) => e),
  ])
  const texts = [
    ...lines,
    ...failures.flatMap((e: Error) => [e.message, String(e.stack), JSON.stringify(toActivityFailure(e))]),
    readFileSync(journalPaths(dir, 'devtest', signer.address).journal, 'utf8'),
  ]
    .join('\n')
    .toLowerCase()
  expect(lines.length).toBeGreaterThan(0)
  expect(texts).not.toContain(anvilKeys[0].slice(2).toLowerCase())
  expect(texts).not.toContain(anvilKeys[0].slice(2, 20).toLowerCase())
})

test('error: a journal from another instance of the chain (devnet restart) is refused before anything is sent', async () => {
  const dir = freshDir()
  const first = await submitTransaction(transfer('wf-14/a', 1n), { signer, journalDir: dir })
  const confirmed = readJournalFile(journalPaths(dir, 'devtest', signer.address).journal).confirmed
  expect(confirmed).toMatchObject([{ key: 'wf-14/a', hash: first.hash, blockNumber: first.blockNumber }])
  const restarted = await startAnvil({ name: 'devtest' })
  try {
    const error = await submitTransaction(
      { ...transfer('wf-14/b', 1n), chain: restarted.endpoint },
      { signer, journalDir: dir },
    ).catch((e) => e)
    expect(error).toBeInstanceOf(JournalChainMismatchError)
    expect(toActivityFailure(error)).toMatchObject({ type: 'JournalChainMismatchError', nonRetryable: true })
    const restartedNonce = await getPublicClient(restarted.endpoint).getTransactionCount({
      address: signer.address,
      blockTag: 'pending',
    })
    expect(restartedNonce).toBe(0)
  } finally {
    await restarted.stop()
  }
})

test('error: reusing an idempotency key for a different call is refused, nothing sent', async () => {
  const dir = freshDir()
  await submitTransaction(transfer('wf-15/transfer', 2n), { signer, journalDir: dir })
  const nonceBefore = await nonceOf('pending')
  const error = await submitTransaction(transfer('wf-15/transfer', 3n), { signer, journalDir: dir }).catch(
    (e) => e,
  )
  expect(error).toBeInstanceOf(IdempotencyKeyConflictError)
  expect(error.context.field).toBe('data')
  expect(await nonceOf('pending')).toBe(nonceBefore)
})
