import {
  type Abi,
  type Address,
  type Chain,
  type Hex,
  isAddress,
  isHex,
  keccak256,
  type LocalAccount,
  type PublicClient,
  parseTransaction,
  recoverTransactionAddress,
  type TransactionReceipt,
  type Transport,
} from 'viem'
import { cappedFees, type FeeCaps } from '../../lib/fee-caps.js'
import { KeyedMutex } from '../../lib/mutex.js'
import { isNoAnswerError } from '../../lib/transport-errors.js'
import type { RecordedTransaction } from '../../workflows/nonce-owner.js'
import { type ChainEndpoint, getVerifiedPublicClient, pollingIntervalFor } from '../clients.js'
import { crashIfChaos } from './chaos.js'
import {
  BroadcastRejectedError,
  IdempotencyKeyConflictError,
  InvalidResumeDetailsError,
  InvalidTransactionInputError,
  JournalChainMismatchError,
  NonceConsumedByOtherError,
  ReceiptTimeoutError,
  TransactionRevertedError,
} from './errors.js'
import {
  appendJournalEntry,
  type ConfirmationEntry,
  findJournalEntry,
  highestJournaledNonce,
  type JournalEntry,
  type JournalPaths,
  journalPaths,
  readJournal,
  readJournalFile,
  resolveJournalDir,
} from './journal.js'
import type { NonceLedger } from './nonce-ledger.js'
import { decodeRevertReason, isRevertError } from './revert.js'
import { loadSigner } from './signer.js'
import { acquireSignerLock } from './signer-lock.js'
import { sllErrorAbi, sllRevertError } from './sll-errors.js'

/** What to send. JSON-safe: usable as a Temporal activity input. */
export type SubmitTransactionInput = {
  chain: ChainEndpoint
  /** Unique per intended transaction, stable across retries, e.g. `${workflowId}/${step}`. */
  idempotencyKey: string
  to: Address
  data: Hex
  /** Wei as a decimal string (default `0`). */
  value?: string
  /** Receipt depth to wait for (default 1). */
  confirmations?: number
}

/** A mined, successful transaction. JSON-safe (no bigint). */
export type SubmittedTransaction = {
  hash: Hex
  blockNumber: string
  status: 'success'
  gasUsed: string
}

/** What a retry needs to find the transaction again; pass it to Temporal `heartbeat`. */
export type PersistedTransaction = { key: string; hash: Hex; raw: Hex }

/** Structured log sink (pino-compatible subset). Fields never contain key material. */
export type TxLogger = { info: (fields: object, message: string) => void }

/**
 * Fields of the two lines every sent transaction logs, once at signing (`tx: signed and journaled`,
 * status `signed`) and once at inclusion (`tx: confirmed` with status `success`, or `tx: mined reverted`
 * with status `reverted`). Never key material; the field is `idempotencyKey` (the step key), not `key`,
 * which pino redacts.
 */
export type TxLogFields = {
  chain: string
  idempotencyKey: string
  hash: Hex
  nonce: number
  to: Address
  status: 'signed' | 'success' | 'reverted'
  blockNumber?: string
}

/** Process-side options of {@link submitTransaction} (not part of the JSON activity input). */
export type SubmitOptions = {
  /** Signer; default {@link loadSigner} from env. */
  signer?: LocalAccount | undefined
  /** Journal directory; default `SLL_TX_JOURNAL_DIR` or `.sll-state/tx-journal`. */
  journalDir?: string | undefined
  /** Called with the signed tx details after journaling and while waiting (at most once per second). */
  persist?: ((details: PersistedTransaction) => void | Promise<void>) | undefined
  /** Details persisted by an earlier attempt (e.g. `activityInfo().heartbeatDetails`). */
  resume?: unknown | undefined
  /** Max wait for the receipt depth before a retryable {@link ReceiptTimeoutError} (default 120 s). */
  receiptTimeoutMs?: number | undefined
  /** Extra ABI to decode custom revert errors (the SLL's AccessControl errors are always known). */
  errorAbi?: Abi | undefined
  /**
   * Runs right before the first simulation of a key that was never signed (not on a resume of a journaled
   * tx): the controller call's pre-send check. Throwing stops the send with nothing signed.
   */
  beforeSign?: (() => Promise<void>) | undefined
  /** Aborts the wait for the receipt (e.g. Temporal `cancellationSignal()`). */
  signal?: AbortSignal | undefined
  /** Structured log sink; fields carry idempotency key, hash and nonce only. */
  log?: TxLogger | undefined
  /**
   * The (chain, signer)'s nonce owner (Temporal, `nonce-ledger.ts`). When set it is the source of truth:
   * the nonce comes from it, the signed bytes are recorded in it before any broadcast, and the local
   * journal, PID lock and `resume` are not used (any host may retry).
   */
  nonces?: NonceLedger | undefined
  /** Gas price caps per chain: a first signature above the cap throws `FeeCapExceededError` (nothing signed). */
  feeCaps?: FeeCaps | undefined
}

type Client = PublicClient<Transport, Chain>

type Context = {
  input: SubmitTransactionInput
  value: bigint
  confirmations: number
  signer: LocalAccount
  client: Client
  paths: JournalPaths
  options: SubmitOptions
}

const nonceOwners = new KeyedMutex()
const DEFAULT_RECEIPT_TIMEOUT_MS = 120_000
const RECEIPT_SETTLE_ATTEMPTS = 10
const RECEIPT_SETTLE_DELAY_MS = 200
const REBROADCAST_EVERY_MS = 5_000
const PERSIST_EVERY_MS = 1_000

function validate(input: SubmitTransactionInput): { value: bigint; confirmations: number } {
  const key = input.idempotencyKey
  const fail = (field: string, problem: string) =>
    new InvalidTransactionInputError({ idempotencyKey: key, field, problem })
  if (typeof key !== 'string' || key.length === 0) throw fail('idempotencyKey', 'must be a non-empty string')
  if (!isAddress(input.to, { strict: false })) throw fail('to', 'is not an address')
  if (!isHex(input.data)) throw fail('data', 'is not 0x-prefixed hex')
  if (input.value !== undefined && !/^\d+$/.test(input.value)) throw fail('value', 'is not a decimal string')
  const confirmations = input.confirmations ?? 1
  if (!Number.isInteger(confirmations) || confirmations < 1)
    throw fail('confirmations', 'must be an integer >= 1')
  return { value: BigInt(input.value ?? '0'), confirmations }
}

/**
 * Sends one transaction at most once per idempotency key and waits for its receipt.
 *
 * 1. Looks the key up in the durable journal (and in `options.resume`). If found, never signs again:
 *    returns the receipt, re-broadcasts the same raw bytes if the tx is missing, or throws
 *    {@link NonceConsumedByOtherError} when its nonce went to another tx.
 * 2. Otherwise, holding the per-(chain, signer) mutex: simulates (`eth_call` at `pending`; a revert throws
 *    {@link TransactionRevertedError} with nothing signed), picks the nonce, signs, journals with fsync,
 *    reports `{ key, hash, raw }` to `persist`, then broadcasts.
 * 3. Waits for `confirmations` blocks; a mined revert throws {@link TransactionRevertedError}.
 */
export async function submitTransaction(
  input: SubmitTransactionInput,
  options: SubmitOptions = {},
): Promise<SubmittedTransaction> {
  const { value, confirmations } = validate(input)
  const signer = options.signer ?? loadSigner()
  const client = await getVerifiedPublicClient(input.chain)
  const paths = journalPaths(resolveJournalDir(options.journalDir), input.chain.name, signer.address)
  const ctx: Context = { input, value, confirmations, signer, client, paths, options }
  if (options.nonces) return submitOwned(ctx, options.nonces)
  acquireSignerLock(paths.lock)

  const journal = readJournalFile(paths.journal)
  await checkJournalBelongsToChain(ctx, journal.confirmed)
  let entry = findJournalEntry(journal.signed, input.idempotencyKey)
  if (!entry && options.resume !== undefined && options.resume !== null) {
    entry = await adoptResumeDetails(ctx, options.resume)
  }
  if (entry) {
    assertSameCall(ctx, entry)
    options.log?.info(
      { idempotencyKey: entry.key, hash: entry.hash, nonce: entry.nonce },
      'tx: found signed tx, settling',
    )
    await options.persist?.(persisted(entry))
  } else {
    entry = await nonceOwners.runExclusive(`${input.chain.chainId}|${signer.address.toLowerCase()}`, () =>
      signAndBroadcast(ctx),
    )
    crashIfChaos('after-broadcast', input.idempotencyKey, paths.dir)
  }
  const { result, blockHash } = await awaitReceipt(ctx, entry)
  if (!journal.confirmed.some((c) => c.key === entry.key)) {
    appendJournalEntry(paths, {
      v: 1,
      kind: 'confirmed',
      key: entry.key,
      hash: entry.hash,
      blockNumber: result.blockNumber,
      blockHash,
      confirmedAt: new Date().toISOString(),
    })
  }
  return result
}

/**
 * {@link submitTransaction} with a nonce owner: reserve (same key -> same nonce and, once signed, the same
 * bytes), simulate, sign, record the bytes in the owner's history, and only then broadcast. A retry on any
 * host settles the recorded bytes; a reservation given back or lapsed before its bytes were recorded was
 * never broadcast, so its nonce is handed out again and no gap is left.
 */
async function submitOwned(ctx: Context, nonces: NonceLedger): Promise<SubmittedTransaction> {
  const { input, client, signer, options } = ctx
  const key = input.idempotencyKey
  const chainNonce = await client.getTransactionCount({ address: signer.address, blockTag: 'pending' })
  const reserved = await nonces.reserve({ key, chainNonce })
  let entry: JournalEntry
  if (reserved.signed) {
    entry = ownedEntry(ctx, reserved.signed)
    assertSameTarget(ctx, entry)
    options.log?.info(
      { idempotencyKey: key, hash: entry.hash, nonce: entry.nonce },
      'tx: found signed tx, settling',
    )
    await pushUnconfirmed(ctx, reserved.unconfirmed)
  } else {
    try {
      if (options.beforeSign) await options.beforeSign()
      await simulate(ctx)
    } catch (error) {
      await nonces.release(key)
      throw error
    }
    await pushUnconfirmed(ctx, reserved.unconfirmed)
    const raw = await signAt(ctx, reserved.nonce)
    entry = ownedEntry(ctx, { key, nonce: reserved.nonce, raw, hash: keccak256(raw) })
    await nonces.recordSigned({ key, nonce: entry.nonce, raw: entry.raw, hash: entry.hash })
    options.log?.info(
      { ...txLogFields(ctx, entry, 'signed'), owner: nonces.ownerId },
      'tx: signed and journaled',
    )
    await options.persist?.(persisted(entry))
    crashIfChaos('after-sign', key, ctx.paths.dir)
    await broadcast(ctx, entry)
    crashIfChaos('after-broadcast', key, ctx.paths.dir)
  }
  const { result } = await awaitReceipt(ctx, entry)
  await nonces.confirmed(key)
  return result
}

function ownedEntry(ctx: Context, tx: RecordedTransaction): JournalEntry {
  return {
    v: 1,
    key: tx.key,
    chainId: ctx.input.chain.chainId,
    signer: ctx.signer.address,
    nonce: tx.nonce,
    hash: tx.hash,
    raw: tx.raw,
    signedAt: new Date().toISOString(),
  }
}

/**
 * Recorded transactions of lower nonces that are not mined yet go (again) to the node, same bytes, so a
 * host that died between recording and broadcasting leaves no gap in front of ours. A node refusing one is
 * logged, not thrown: that key's own retry reports it.
 */
async function pushUnconfirmed(ctx: Context, txs: readonly RecordedTransaction[]): Promise<void> {
  if (txs.length === 0) return
  const mined = await ctx.client.getTransactionCount({ address: ctx.signer.address, blockTag: 'latest' })
  for (const tx of txs) {
    if (tx.nonce < mined) continue
    try {
      await broadcast(ctx, ownedEntry(ctx, tx))
    } catch (error) {
      ctx.options.log?.info(
        { idempotencyKey: tx.key, hash: tx.hash, nonce: tx.nonce, error: (error as Error).name },
        'tx: re-broadcast of a recorded tx refused',
      )
    }
  }
}

/**
 * The recorded tx of a key is the step's call, decided once: a retry may compute arguments from newer chain
 * state (a slippage bound such as `minSharesOut`), so only target, function and value must match; a mismatch
 * there means the key is reused by mistake.
 */
function assertSameTarget(ctx: Context, entry: JournalEntry): void {
  const tx = parseTransaction(entry.raw)
  const conflict = (field: 'to' | 'data' | 'value') =>
    new IdempotencyKeyConflictError({ idempotencyKey: entry.key, hash: entry.hash, field })
  if ((tx.to ?? '').toLowerCase() !== ctx.input.to.toLowerCase()) throw conflict('to')
  if ((tx.data ?? '0x').slice(0, 10).toLowerCase() !== ctx.input.data.slice(0, 10).toLowerCase())
    throw conflict('data')
  if ((tx.value ?? 0n) !== ctx.value) throw conflict('value')
}

/** A signed tx found under this key must be the call the caller asks for, or the key is reused by mistake. */
function assertSameCall(ctx: Context, entry: JournalEntry): void {
  const tx = parseTransaction(entry.raw)
  const conflict = (field: 'to' | 'data' | 'value') =>
    new IdempotencyKeyConflictError({ idempotencyKey: entry.key, hash: entry.hash, field })
  if ((tx.to ?? '').toLowerCase() !== ctx.input.to.toLowerCase()) throw conflict('to')
  if ((tx.data ?? '0x').toLowerCase() !== ctx.input.data.toLowerCase()) throw conflict('data')
  if ((tx.value ?? 0n) !== ctx.value) throw conflict('value')
}

const verifiedJournals = new Set<string>()

/**
 * The newest confirmed tx of the journal must be known to the node (mined or pending): otherwise the
 * journal belongs to another instance of the chain and settling or re-broadcasting from it is unsafe.
 * Checked once per process and newest confirmation.
 */
async function checkJournalBelongsToChain(
  ctx: Context,
  confirmed: readonly ConfirmationEntry[],
): Promise<void> {
  const last = confirmed.at(-1)
  if (!last) return
  const cacheKey = `${ctx.paths.journal}|${last.hash}`
  if (verifiedJournals.has(cacheKey)) return
  if (!(await isKnownToNode(ctx.client, last.hash))) {
    throw new JournalChainMismatchError({
      chain: ctx.input.chain.name,
      journalFile: ctx.paths.journal,
      hash: last.hash,
      blockNumber: last.blockNumber,
    })
  }
  verifiedJournals.add(cacheKey)
}

/** True when a tx for this key has already been signed (journal of the default or given directory). */
export function hasSignedTransaction(
  chain: ChainEndpoint,
  idempotencyKey: string,
  signer: Address,
  journalDir?: string,
): boolean {
  const paths = journalPaths(resolveJournalDir(journalDir), chain.name, signer)
  return findJournalEntry(readJournal(paths.journal), idempotencyKey) !== undefined
}

function txLogFields(ctx: Context, entry: JournalEntry, status: TxLogFields['status']): TxLogFields {
  return {
    chain: ctx.input.chain.name,
    idempotencyKey: entry.key,
    hash: entry.hash,
    nonce: entry.nonce,
    to: ctx.input.to,
    status,
  }
}

function persisted(entry: JournalEntry): PersistedTransaction {
  return { key: entry.key, hash: entry.hash, raw: entry.raw }
}

async function adoptResumeDetails(ctx: Context, resume: unknown): Promise<JournalEntry> {
  const key = ctx.input.idempotencyKey
  const invalid = (problem: string) => new InvalidResumeDetailsError({ idempotencyKey: key, problem })
  const details = resume as Partial<PersistedTransaction>
  if (typeof details !== 'object' || details.key !== key) throw invalid('key does not match')
  if (!isHex(details.raw) || !isHex(details.hash) || keccak256(details.raw) !== details.hash) {
    throw invalid('hash is not the keccak256 of raw')
  }
  const tx = parseTransaction(details.raw)
  const from = await recoverTransactionAddress({ serializedTransaction: details.raw as never })
  if (from.toLowerCase() !== ctx.signer.address.toLowerCase()) throw invalid('signed by another account')
  if (tx.chainId !== ctx.input.chain.chainId || tx.nonce === undefined)
    throw invalid('wrong chain or no nonce')
  const entry: JournalEntry = {
    v: 1,
    key,
    chainId: ctx.input.chain.chainId,
    signer: ctx.signer.address,
    nonce: tx.nonce,
    hash: details.hash,
    raw: details.raw,
    signedAt: new Date().toISOString(),
  }
  appendJournalEntry(ctx.paths, entry)
  return entry
}

function callOf(ctx: Context) {
  return { account: ctx.signer.address, to: ctx.input.to, data: ctx.input.data, value: ctx.value }
}

/** `eth_call` at `pending`: a revert is a final error and nothing is signed. */
async function simulate(ctx: Context): Promise<void> {
  const { input } = ctx
  try {
    await ctx.client.call({ ...callOf(ctx), blockTag: 'pending' })
  } catch (error) {
    if (!isRevertError(error)) throw error
    const reason = decodeRevertReason(error, [...sllErrorAbi, ...(ctx.options.errorAbi ?? [])])
    // Controller refusals (RELAYER removed, key or setting unset) are their own final errors.
    throw (
      sllRevertError({ chain: input.chain.name, to: input.to, reason }) ??
      new TransactionRevertedError({
        chain: input.chain.name,
        idempotencyKey: input.idempotencyKey,
        to: input.to,
        reason,
        stage: 'simulation',
      })
    )
  }
}

/** Estimates gas and fees and signs the call at `nonce` (nothing is sent). */
async function signAt(ctx: Context, nonce: number): Promise<Hex> {
  const call = callOf(ctx)
  const [gasEstimate, estimated] = await Promise.all([
    ctx.client.estimateGas({ ...call, blockTag: 'pending' }),
    ctx.client.estimateFeesPerGas(),
  ])
  const fees = ctx.options.feeCaps
    ? cappedFees(ctx.options.feeCaps, ctx.input.chain.name, estimated, ctx.input.idempotencyKey)
    : estimated
  return ctx.signer.signTransaction({
    type: 'eip1559',
    chainId: ctx.input.chain.chainId,
    nonce,
    to: ctx.input.to,
    data: ctx.input.data,
    value: ctx.value,
    // Generous margin: some venues (the savings vault) use more gas the longer since their last accrual.
    gas: (gasEstimate * 150n) / 100n,
    maxFeePerGas: fees.maxFeePerGas,
    maxPriorityFeePerGas: fees.maxPriorityFeePerGas,
  })
}

async function signAndBroadcast(ctx: Context): Promise<JournalEntry> {
  const { input, client, signer, paths } = ctx
  const entries = readJournal(paths.journal)
  const existing = findJournalEntry(entries, input.idempotencyKey)
  if (existing) return existing // a concurrent call with the same key signed while we waited

  if (ctx.options.beforeSign) await ctx.options.beforeSign()
  await simulate(ctx)

  const [pendingNonce, minedNonce] = await Promise.all([
    client.getTransactionCount({ address: signer.address, blockTag: 'pending' }),
    client.getTransactionCount({ address: signer.address, blockTag: 'latest' }),
  ])
  // Journaled txs that are not mined yet keep their nonces; push any the node forgot back into its pool.
  for (const unmined of entries.filter((e) => e.nonce >= minedNonce)) await broadcast(ctx, unmined)
  const nonce = Math.max(pendingNonce, highestJournaledNonce(entries) + 1)

  const raw = await signAt(ctx, nonce)
  const entry: JournalEntry = {
    v: 1,
    key: input.idempotencyKey,
    chainId: input.chain.chainId,
    signer: signer.address,
    nonce,
    hash: keccak256(raw),
    raw,
    signedAt: new Date().toISOString(),
  }
  appendJournalEntry(paths, entry)
  ctx.options.log?.info(txLogFields(ctx, entry, 'signed'), 'tx: signed and journaled')
  await ctx.options.persist?.(persisted(entry))
  crashIfChaos('after-sign', input.idempotencyKey, paths.dir)
  await broadcast(ctx, entry)
  return entry
}

const acceptedBroadcastErrors = [
  /already known/i,
  /already imported/i,
  /known transaction/i,
  /nonce too low/i,
  /nonce has already been used/i,
  /replacement transaction underpriced/i,
]

function errorText(error: unknown): string {
  const parts: string[] = []
  let current: unknown = error
  for (let depth = 0; depth < 10 && current; depth++) {
    const e = current as { message?: unknown; details?: unknown }
    if (typeof e.message === 'string') parts.push(e.message)
    if (typeof e.details === 'string') parts.push(e.details)
    current = (current as { cause?: unknown }).cause
  }
  return parts.join(' | ')
}

/**
 * Sends the journaled raw bytes. "Already known" / "nonce too low" are fine here: the receipt wait
 * decides whether our tx or another one holds the nonce. Network errors propagate (retryable).
 */
async function broadcast(ctx: Context, entry: JournalEntry): Promise<void> {
  try {
    await ctx.client.sendRawTransaction({ serializedTransaction: entry.raw })
  } catch (error) {
    const text = errorText(error)
    if (acceptedBroadcastErrors.some((pattern) => pattern.test(text))) return
    if (isNoAnswerError(error)) throw error
    const detail = text.split(' | ').find((part) => part.length > 0 && part.length < 300) ?? 'unknown error'
    throw new BroadcastRejectedError({ chain: ctx.input.chain.name, hash: entry.hash, detail })
  }
}

async function receiptOrNull(client: Client, hash: Hex): Promise<TransactionReceipt | null> {
  try {
    return await client.getTransactionReceipt({ hash })
  } catch (error) {
    if ((error as { name?: string }).name === 'TransactionReceiptNotFoundError') return null
    throw error
  }
}

/** Looks for the receipt a few times over ~2 s before concluding it does not exist. */
async function receiptAppears(client: Client, hash: Hex): Promise<boolean> {
  for (let attempt = 0; attempt < RECEIPT_SETTLE_ATTEMPTS; attempt++) {
    if (await receiptOrNull(client, hash)) return true
    await new Promise((resolve) => setTimeout(resolve, RECEIPT_SETTLE_DELAY_MS))
  }
  return (await receiptOrNull(client, hash)) !== null
}

/** True if the node knows the tx (mined or pending). */
async function isKnownToNode(client: Client, hash: Hex): Promise<boolean> {
  try {
    await client.getTransaction({ hash })
    return true
  } catch (error) {
    if ((error as { name?: string }).name === 'TransactionNotFoundError') return false
    throw error
  }
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason)
    const timer = setTimeout(resolve, ms)
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer)
        reject(signal.reason)
      },
      { once: true },
    )
  })

/**
 * Polls until the receipt is `confirmations` deep (same block hash at depth), re-broadcasting the
 * journaled bytes when the node does not know the tx, and failing finally when the nonce went elsewhere.
 */
async function awaitReceipt(
  ctx: Context,
  entry: JournalEntry,
): Promise<{ result: SubmittedTransaction; blockHash: Hex }> {
  const { client, input, options } = ctx
  const timeoutMs = options.receiptTimeoutMs ?? DEFAULT_RECEIPT_TIMEOUT_MS
  const started = Date.now()
  const pollMs = pollingIntervalFor(input.chain.rpcUrl)
  let lastBroadcast = 0
  let lastPersist = Date.now()
  for (;;) {
    const receipt = await receiptOrNull(client, entry.hash)
    if (receipt) {
      if (receipt.status !== 'success') {
        options.log?.info(
          { ...txLogFields(ctx, entry, 'reverted'), blockNumber: String(receipt.blockNumber) },
          'tx: mined reverted',
        )
        throw new TransactionRevertedError({
          chain: input.chain.name,
          idempotencyKey: entry.key,
          to: receipt.to ?? input.to,
          reason: undefined,
          stage: 'mined',
          hash: entry.hash,
        })
      }
      const head = ctx.confirmations > 1 ? await client.getBlockNumber({ cacheTime: 0 }) : receipt.blockNumber
      if (head - receipt.blockNumber + 1n >= BigInt(ctx.confirmations)) {
        const stillThere = ctx.confirmations > 1 ? await receiptOrNull(client, entry.hash) : receipt
        if (stillThere?.blockHash === receipt.blockHash) {
          options.log?.info(
            { ...txLogFields(ctx, entry, 'success'), blockNumber: String(receipt.blockNumber) },
            'tx: confirmed',
          )
          return {
            result: {
              hash: entry.hash,
              blockNumber: receipt.blockNumber.toString(),
              status: 'success',
              gasUsed: receipt.gasUsed.toString(),
            },
            blockHash: receipt.blockHash,
          }
        }
      }
    } else {
      const mined = await client.getTransactionCount({ address: ctx.signer.address, blockTag: 'latest' })
      if (mined > entry.nonce) {
        // Our nonce is used. Either by our tx (mined between the two reads; a node may expose the new nonce
        // a moment before the receipt) or by another one: only a receipt that stays missing means another.
        if (!(await receiptAppears(client, entry.hash))) {
          throw new NonceConsumedByOtherError({
            chain: input.chain.name,
            signer: ctx.signer.address,
            idempotencyKey: entry.key,
            nonce: entry.nonce,
            hash: entry.hash,
          })
        }
        continue
      }
      if (Date.now() - lastBroadcast >= REBROADCAST_EVERY_MS && !(await isKnownToNode(client, entry.hash))) {
        options.log?.info(
          { idempotencyKey: entry.key, hash: entry.hash, nonce: entry.nonce },
          'tx: re-broadcasting same bytes',
        )
        await broadcast(ctx, entry)
        lastBroadcast = Date.now()
        continue
      }
    }
    if (Date.now() - lastPersist >= PERSIST_EVERY_MS) {
      await options.persist?.(persisted(entry))
      lastPersist = Date.now()
    }
    if (Date.now() - started > timeoutMs) {
      throw new ReceiptTimeoutError({
        chain: input.chain.name,
        hash: entry.hash,
        confirmations: ctx.confirmations,
        timeoutMs,
      })
    }
    await sleep(pollMs, options.signal)
  }
}
