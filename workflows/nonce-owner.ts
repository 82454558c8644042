import {
  allHandlersFinished,
  condition,
  continueAsNew,
  defineQuery,
  defineSignal,
  defineUpdate,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow'

/**
 * The one nonce owner of a (chain, signer), shared by every worker on every host: Temporal, not a process
 * or a directory, decides which step signs which nonce. Its workflow id is {@link nonceOwnerWorkflowId}.
 *
 * - `reserveNonce` (Update, keyed by the step's idempotency key): same key -> same nonce and, once signed,
 *   the same bytes. Reservations are handed out one at a time: the next key waits until the current one is
 *   signed (or released, or its lease ran out while someone waits: the nonce was never signed, so it is
 *   handed out again and no gap is left). So one (chain, signer) signs strictly in nonce order.
 * - `recordSigned` (Update): the raw signed bytes of a reservation, accepted only from the current holder;
 *   a transaction is broadcast only after this Update returned, so every broadcast transaction is in this
 *   workflow's history and any host can re-broadcast exactly those bytes.
 * - `releaseNonce` (Signal): the holder gives an unsigned reservation back (e.g. the simulation reverted).
 * - `transactionConfirmed` (Signal): the transaction of a key reached its depth.
 * Continues as new when Temporal suggests it, carrying the unconfirmed entries and the recent confirmed ones.
 */
export const reserveNonceUpdate = defineUpdate<ReservedNonce, [ReserveNonceInput]>('reserveNonce')
/** See {@link reserveNonceUpdate}. */
export const recordSignedUpdate = defineUpdate<void, [RecordSignedInput]>('recordSigned')
/** See {@link reserveNonceUpdate}. */
export const releaseNonceSignal = defineSignal<[{ key: string }]>('releaseNonce')
/** See {@link reserveNonceUpdate}. */
export const transactionConfirmedSignal = defineSignal<[{ key: string }]>('transactionConfirmed')
/** The owner's entries (tests, operators: `temporal workflow query --name nonceOwnerState`). */
export const nonceOwnerStateQuery = defineQuery<NonceOwnerState>('nonceOwnerState')

/**
 * Deterministic id of the nonce owner of a (chain, signer) served on a task queue, e.g.
 * `nonce:sll-orchestrator:8453:0xabc…`. One deployment = one task queue: every worker of it shares the
 * owner; deployments must not share a signer.
 */
export function nonceOwnerWorkflowId(taskQueue: string, chainId: number, signer: string): string {
  return `nonce:${taskQueue}:${chainId}:${signer.toLowerCase()}`
}

/** Input of `reserveNonce`. */
export type ReserveNonceInput = {
  key: string
  /** The chain's `pending` transaction count as the caller read it: the owner never hands out less. */
  chainNonce: number
  /** How long the reservation may stay unsigned before a waiting key may take the nonce (default 30 s). */
  leaseMs?: number
}

/** A transaction recorded by the owner. */
export type RecordedTransaction = { key: string; nonce: number; raw: `0x${string}`; hash: `0x${string}` }

/** Result of `reserveNonce`. */
export type ReservedNonce = {
  nonce: number
  /** Set when this key already signed: settle these bytes, never sign again. */
  signed?: RecordedTransaction
  /** Signed, unconfirmed transactions of lower nonces: the caller pushes them to the node (same bytes). */
  unconfirmed: RecordedTransaction[]
}

/** Input of `recordSigned`. */
export type RecordSignedInput = RecordedTransaction

type Entry = {
  key: string
  nonce: number
  status: 'reserved' | 'signed' | 'confirmed'
  /** Workflow time (ms) until which an unsigned reservation is kept from waiting keys. */
  leaseUntil?: number
  raw?: `0x${string}`
  hash?: `0x${string}`
  /** Workflow time (ms) of confirmation. */
  confirmedAt?: number
}

/** State of a nonce owner (also carried across continue-as-new). */
export type NonceOwnerState = {
  /** Next nonce to hand out; undefined until the first reservation reports the chain's nonce. */
  next?: number
  entries: Entry[]
}

/** Input of {@link nonceOwner}. */
export type NonceOwnerInput = { chainId: number; signer: string; state?: NonceOwnerState }

/** Confirmed entries are remembered this long (workflow time) so a late retry of a step still finds them. */
const KEEP_CONFIRMED_MS = 7 * 24 * 3600 * 1000
const DEFAULT_LEASE_MS = 30_000

function recorded(entry: Entry): RecordedTransaction {
  return {
    key: entry.key,
    nonce: entry.nonce,
    raw: entry.raw as `0x${string}`,
    hash: entry.hash as `0x${string}`,
  }
}

/** See {@link reserveNonceUpdate}. Runs forever (continue-as-new); started on first use by the activities. */
export async function nonceOwner(input: NonceOwnerInput): Promise<void> {
  const entries = new Map<string, Entry>()
  for (const entry of input.state?.entries ?? []) entries.set(entry.key, entry)
  let next = input.state?.next
  let version = 0 // bumped on every state change a waiting handler may care about
  const changed = () => {
    version++
  }
  const holder = (): Entry | undefined => [...entries.values()].find((e) => e.status === 'reserved')
  const unconfirmedBelow = (nonce: number) =>
    [...entries.values()]
      .filter((e) => e.status === 'signed' && e.nonce < nonce)
      .sort((a, b) => a.nonce - b.nonce)
      .map(recorded)

  setHandler(nonceOwnerStateQuery, () => ({
    ...(next === undefined ? {} : { next }),
    entries: [...entries.values()],
  }))

  setHandler(
    reserveNonceUpdate,
    async ({ key, chainNonce, leaseMs }) => {
      const lease = leaseMs ?? DEFAULT_LEASE_MS
      for (;;) {
        const own = entries.get(key)
        if (own) {
          if (own.status === 'reserved') {
            own.leaseUntil = Date.now() + lease
            return { nonce: own.nonce, unconfirmed: unconfirmedBelow(own.nonce) }
          }
          return { nonce: own.nonce, signed: recorded(own), unconfirmed: unconfirmedBelow(own.nonce) }
        }
        const current = holder()
        if (!current) break
        const seen = version
        const wait = Math.max(0, (current.leaseUntil ?? 0) - Date.now())
        const moved = await condition(() => version !== seen, wait)
        if (!moved && entries.get(current.key) === current && current.status === 'reserved') {
          // Never signed within its lease while another key waits: hand the same nonce out again.
          entries.delete(current.key)
          next = current.nonce
          changed()
        }
      }
      // External transactions (or the first use) move the floor up; never below what we handed out.
      const nonce = Math.max(next ?? 0, chainNonce)
      next = nonce + 1
      entries.set(key, { key, nonce, status: 'reserved', leaseUntil: Date.now() + lease })
      changed()
      return { nonce, unconfirmed: unconfirmedBelow(nonce) }
    },
    {
      validator: ({ key, chainNonce }) => {
        if (typeof key !== 'string' || key.length === 0)
          throw new Error('reserveNonce: key must be non-empty')
        if (!Number.isSafeInteger(chainNonce) || chainNonce < 0)
          throw new Error('reserveNonce: chainNonce must be an integer >= 0')
      },
    },
  )

  setHandler(
    recordSignedUpdate,
    ({ key, raw, hash }) => {
      const entry = entries.get(key) as Entry
      entry.status = 'signed'
      entry.raw = raw
      entry.hash = hash
      delete entry.leaseUntil
      changed()
    },
    {
      validator: ({ key, nonce, raw, hash }) => {
        const entry = entries.get(key)
        if (entry?.status !== 'reserved' || entry.nonce !== nonce) {
          // The lease went to another key (or the key signed already): the caller must not broadcast.
          throw new Error(`recordSigned: ${key} holds no reservation of nonce ${nonce}`)
        }
        if (!/^0x[0-9a-f]+$/i.test(raw) || !/^0x[0-9a-f]{64}$/i.test(hash))
          throw new Error('recordSigned: raw and hash must be hex')
      },
    },
  )

  setHandler(releaseNonceSignal, ({ key }) => {
    const entry = entries.get(key)
    if (entry?.status !== 'reserved') return
    entries.delete(key)
    // Only the highest nonce is ever unsigned (reservations are one at a time): it is handed out again.
    if (next === entry.nonce + 1) next = entry.nonce
    changed()
  })

  setHandler(transactionConfirmedSignal, ({ key }) => {
    const entry = entries.get(key)
    if (entry?.status !== 'signed') return
    entry.status = 'confirmed'
    entry.confirmedAt = Date.now()
    changed()
  })

  await condition(() => workflowInfo().continueAsNewSuggested)
  await condition(allHandlersFinished)
  const keep = [...entries.values()].filter(
    (e) => e.status !== 'confirmed' || Date.now() - (e.confirmedAt ?? 0) < KEEP_CONFIRMED_MS,
  )
  await continueAsNew<typeof nonceOwner>({
    chainId: input.chainId,
    signer: input.signer,
    state: { ...(next === undefined ? {} : { next }), entries: keep },
  })
}
