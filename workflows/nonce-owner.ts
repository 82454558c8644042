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
 * - `recordReplacement` (Update): the signed bytes of a fee-bumped replacement of a key's recorded
 *   transaction (same call, same nonce), accepted only when it replaces the key's newest version; recorded
 *   before it is broadcast, like the first signature, so a retry re-sends a recorded version.
 * - `releaseNonce` (Signal): the holder gives an unsigned reservation back (e.g. the simulation reverted).
 * - `transactionConfirmed` (Signal): the transaction of a key reached its depth (with the hash of the version
 *   that was mined, which becomes the key's `raw` / `hash`).
 * Continues as new when Temporal suggests it, carrying the unconfirmed entries and the recent confirmed ones.
 */
export const reserveNonceUpdate = defineUpdate<ReservedNonce, [ReserveNonceInput]>('reserveNonce')
/** See {@link reserveNonceUpdate}. */
export const recordSignedUpdate = defineUpdate<void, [RecordSignedInput]>('recordSigned')
/** See {@link reserveNonceUpdate}. */
export const recordReplacementUpdate = defineUpdate<void, [RecordReplacementInput]>('recordReplacement')
/** See {@link reserveNonceUpdate}. */
export const releaseNonceSignal = defineSignal<[{ key: string }]>('releaseNonce')
/** See {@link reserveNonceUpdate}. */
export const transactionConfirmedSignal =
  defineSignal<[{ key: string; hash?: `0x${string}` }]>('transactionConfirmed')
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

/** One signed version of a key's transaction. */
export type SignedVersion = { raw: `0x${string}`; hash: `0x${string}` }

/**
 * A transaction recorded by the owner: `raw` / `hash` is the newest version (the one to broadcast), or the
 * mined one once confirmed; `replaced` the earlier versions at the same nonce (oldest first), any of which
 * may still be the one mined.
 */
export type RecordedTransaction = {
  key: string
  nonce: number
  raw: `0x${string}`
  hash: `0x${string}`
  replaced?: SignedVersion[]
}

/** Input of `recordReplacement`: the new version and the hash of the newest version it replaces. */
export type RecordReplacementInput = RecordedTransaction & { replaces: `0x${string}` }

/** Most versions (first signature + fee bumps) one key may record. */
export const MAX_SIGNED_VERSIONS = 16

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
  /** Earlier versions at the same nonce (fee bumps), oldest first. */
  replaced?: SignedVersion[]
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
    ...(entry.replaced?.length ? { replaced: entry.replaced } : {}),
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

  setHandler(
    recordReplacementUpdate,
    ({ key, raw, hash }) => {
      const entry = entries.get(key) as Entry
      if (entry.hash === hash) return // the same replacement recorded again (a retried Update)
      entry.replaced = [
        ...(entry.replaced ?? []),
        { raw: entry.raw as `0x${string}`, hash: entry.hash as `0x${string}` },
      ]
      entry.raw = raw
      entry.hash = hash
      changed()
    },
    {
      validator: ({ key, nonce, raw, hash, replaces }) => {
        const entry = entries.get(key)
        if (entry?.status !== 'signed' || entry.nonce !== nonce)
          throw new Error(`recordReplacement: ${key} has no unconfirmed transaction at nonce ${nonce}`)
        if (entry.hash === hash) return
        if (entry.hash !== replaces)
          throw new Error(`recordReplacement: ${key}'s newest version is ${entry.hash}, not ${replaces}`)
        if ((entry.replaced?.length ?? 0) + 1 >= MAX_SIGNED_VERSIONS)
          throw new Error(`recordReplacement: ${key} has ${MAX_SIGNED_VERSIONS} versions already`)
        if (!/^0x[0-9a-f]+$/i.test(raw) || !/^0x[0-9a-f]{64}$/i.test(hash))
          throw new Error('recordReplacement: raw and hash must be hex')
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

  setHandler(transactionConfirmedSignal, ({ key, hash }) => {
    const entry = entries.get(key)
    if (entry?.status !== 'signed') return
    const mined = entry.replaced?.find((v) => v.hash === hash)
    if (mined && entry.raw && entry.hash) {
      // An earlier version was mined: it is the key's transaction from now on.
      entry.replaced = [
        ...(entry.replaced ?? []).filter((v) => v !== mined),
        { raw: entry.raw, hash: entry.hash },
      ]
      entry.raw = mined.raw
      entry.hash = mined.hash
    }
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
