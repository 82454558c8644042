import { ApplicationFailure } from '@temporalio/common'
import { HttpRequestError, TimeoutError } from 'viem'
import { expect, test } from 'vitest'
import { NonRetryableError } from '../lib/errors.js'
import { asActivity, NON_RETRYABLE_ERROR_TYPES, toActivityFailure } from './failure.js'
import { NonceConsumedByOtherError, ReceiptTimeoutError, TransactionRevertedError } from './tx/errors.js'

const reverted = new TransactionRevertedError({
  chain: 'base',
  idempotencyKey: 'wf/1',
  to: '0x0000000000000000000000000000000000000001',
  reason: 'ERC20: transfer amount exceeds balance',
  stage: 'simulation',
})

test('default: a NonRetryableError becomes a non-retryable failure typed with its class name', () => {
  const failure = toActivityFailure(reverted)
  expect(failure).toBeInstanceOf(ApplicationFailure)
  expect(failure.type).toBe('TransactionRevertedError')
  expect(failure.nonRetryable).toBe(true)
  expect(failure.message).toContain('exceeds balance')
  expect(failure.details?.[0]).toMatchObject({ stage: 'simulation' })
})

test('behavior: RetryableError subclasses and RPC errors stay retryable', () => {
  const timeout = new ReceiptTimeoutError({ chain: 'base', hash: '0x1', confirmations: 1, timeoutMs: 5 })
  expect(toActivityFailure(timeout)).toMatchObject({ type: 'ReceiptTimeoutError', nonRetryable: false })
  const http = new HttpRequestError({ url: 'https://rpc.example/v2/SECRET', status: 502, body: { id: 1 } })
  const failure = toActivityFailure(http)
  expect(failure).toMatchObject({ type: 'RpcError', nonRetryable: false })
  expect(JSON.stringify(failure)).not.toContain('SECRET')
  expect(toActivityFailure(new TimeoutError({ body: {}, url: 'http://127.0.0.1:1' }))).toMatchObject({
    type: 'RpcError',
    nonRetryable: false,
  })
  expect(toActivityFailure(new TypeError('boom'))).toMatchObject({ type: 'TypeError', nonRetryable: false })
})

test('behavior: bigint context fields become decimal strings in failure details', () => {
  class AmountTooLargeError extends NonRetryableError {
    override readonly name = 'AmountTooLargeError'
    constructor(readonly context: { amount: bigint }) {
      super(`amount ${context.amount} too large`)
    }
  }
  const failure = toActivityFailure(new AmountTooLargeError({ amount: 10n ** 30n }))
  expect(failure.details?.[0]).toEqual({ amount: (10n ** 30n).toString() })
})

test('behavior: every final error class is listed for retry policies', () => {
  const nonce = new NonceConsumedByOtherError({
    chain: 'base',
    signer: '0x1',
    idempotencyKey: 'k',
    nonce: 1,
    hash: '0x2',
  })
  for (const error of [reverted, nonce]) expect(NON_RETRYABLE_ERROR_TYPES).toContain(error.name)
})

test('behavior: asActivity rethrows mapped failures and keeps results and the function name', async () => {
  async function transfer(ok: boolean) {
    if (!ok) throw reverted
    return 'done'
  }
  const wrapped = asActivity(transfer)
  expect(wrapped.name).toBe('transfer')
  await expect(wrapped(true)).resolves.toBe('done')
  await expect(wrapped(false)).rejects.toMatchObject({ type: 'TransactionRevertedError', nonRetryable: true })
})
