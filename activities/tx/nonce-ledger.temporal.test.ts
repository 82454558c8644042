import type { Worker } from '@temporalio/worker'
import { afterAll, beforeAll, expect, test } from 'vitest'
import {
  connectTemporal,
  startTestWorker,
  type TemporalTestContext,
  uniqueTaskQueue,
} from '../../test/temporal-harness.js'
import { nonceOwnerStateQuery } from '../../workflows/nonce-owner.js'
import { NonceLeaseLostError, type NonceLedger, temporalNonceLedger } from './nonce-ledger.js'

let ctx: TemporalTestContext
let worker: Worker
let running: Promise<void>
let taskQueue: string
const signer = '0x00000000000000000000000000000000000000a1' as const

beforeAll(async () => {
  ctx = await connectTemporal()
  taskQueue = uniqueTaskQueue('nonce-owner')
  worker = await startTestWorker(ctx, { taskQueue })
  running = worker.run()
})
afterAll(async () => {
  worker?.shutdown()
  await running
  await ctx?.close()
})

const raw = (n: number) => `0x${n.toString(16).padStart(4, '0')}` as const
const hash = (n: number) => `0x${n.toString(16).padStart(64, '0')}` as const
const ledger = (chainId: number): NonceLedger => temporalNonceLedger(ctx.client, taskQueue, chainId, signer)

test('behavior: same key -> same nonce and, once recorded, the same bytes; the next key gets the next nonce', async () => {
  const l = ledger(1)
  const a = await l.reserve({ key: 'a', chainNonce: 7 })
  expect(a).toEqual({ nonce: 7, unconfirmed: [] })
  expect((await l.reserve({ key: 'a', chainNonce: 0 })).nonce).toBe(7)
  // b waits while a holds the (unsigned) reservation, then gets the next nonce once a recorded its bytes.
  const b = l.reserve({ key: 'b', chainNonce: 7 })
  await l.recordSigned({ key: 'a', nonce: 7, raw: raw(7), hash: hash(7) })
  expect(await b).toEqual({ nonce: 8, unconfirmed: [{ key: 'a', nonce: 7, raw: raw(7), hash: hash(7) }] })
  // A retry of a (any host) gets the recorded bytes back, never a new nonce.
  expect((await l.reserve({ key: 'a', chainNonce: 9 })).signed).toEqual({
    key: 'a',
    nonce: 7,
    raw: raw(7),
    hash: hash(7),
  })
  await l.confirmed('a')
  // Recording a second time (another host racing) is refused: only one set of bytes per key.
  await expect(l.recordSigned({ key: 'a', nonce: 7, raw: raw(70), hash: hash(70) })).rejects.toBeInstanceOf(
    NonceLeaseLostError,
  )
})

test('behavior: a reservation given back or left unsigned past its lease is handed out again: no gap', async () => {
  const l = ledger(2)
  expect((await l.reserve({ key: 'x', chainNonce: 3 })).nonce).toBe(3)
  await l.release('x')
  expect((await l.reserve({ key: 'y', chainNonce: 3, leaseMs: 1_000 })).nonce).toBe(3)
  // y never records (its host died): z waits for y's lease, then takes nonce 3.
  const started = Date.now()
  expect((await l.reserve({ key: 'z', chainNonce: 3 })).nonce).toBe(3)
  expect(Date.now() - started).toBeGreaterThanOrEqual(500)
  // y's late record is refused, so y never broadcasts; z's goes through.
  await expect(l.recordSigned({ key: 'y', nonce: 3, raw: raw(3), hash: hash(3) })).rejects.toBeInstanceOf(
    NonceLeaseLostError,
  )
  await l.recordSigned({ key: 'z', nonce: 3, raw: raw(33), hash: hash(33) })
  // An external transaction moved the chain on: the owner follows the chain's nonce.
  expect((await l.reserve({ key: 'w', chainNonce: 10 })).nonce).toBe(10)
  const state = await ctx.client.workflow.getHandle(l.ownerId).query(nonceOwnerStateQuery)
  expect(state.entries.map((e) => [e.key, e.nonce, e.status])).toEqual([
    ['z', 3, 'signed'],
    ['w', 10, 'reserved'],
  ])
})
