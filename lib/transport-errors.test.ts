import {
  ContractFunctionRevertedError,
  HttpRequestError,
  InternalRpcError,
  InvalidParamsRpcError,
  LimitExceededRpcError,
  MethodNotFoundRpcError,
  parseAbi,
  RpcRequestError,
  SocketClosedError,
  TimeoutError,
  UnknownRpcError,
} from 'viem'
import { describe, expect, test } from 'vitest'
import { classifyTransportError, isNoAnswerError, isRetryableTransportError } from './transport-errors.js'

const url = 'http://127.0.0.1:8545'
const rpcError = (code: number, message: string) =>
  new RpcRequestError({ body: { method: 'eth_call' }, error: { code, message }, url })

describe('classifyTransportError', () => {
  test('default: HTTP 5xx and 429 are retryable, other 4xx final', () => {
    for (const status of [500, 502, 503, 504, 429, 408])
      expect(classifyTransportError(new HttpRequestError({ url, status }))).toMatchObject({
        kind: 'no-answer',
        retryable: true,
        status,
      })
    for (const status of [400, 401, 403, 404, 405])
      expect(classifyTransportError(new HttpRequestError({ url, status }))).toMatchObject({
        kind: 'no-answer',
        retryable: false,
        status,
      })
  })

  test('behavior: timeouts, refused connections and closed sockets are retryable', () => {
    expect(classifyTransportError(new TimeoutError({ body: {}, url }))).toMatchObject({
      kind: 'no-answer',
      retryable: true,
    })
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' })
    const fetchFailed = new TypeError('fetch failed', { cause: refused })
    expect(classifyTransportError(new HttpRequestError({ url, cause: fetchFailed }))).toMatchObject({
      kind: 'no-answer',
      retryable: true,
      name: 'HttpRequestError',
    })
    expect(classifyTransportError(fetchFailed)).toMatchObject({ kind: 'no-answer', retryable: true })
    expect(classifyTransportError(refused)).toMatchObject({ kind: 'no-answer', name: 'Error' })
    expect(classifyTransportError(new Error('socket hang up'))).toMatchObject({ kind: 'no-answer' })
    expect(classifyTransportError(new SocketClosedError({ url }))).toMatchObject({
      kind: 'no-answer',
      retryable: true,
    })
  })

  test('behavior: node-side errors are retryable', () => {
    for (const error of [
      new InternalRpcError(rpcError(-32603, 'internal')),
      new LimitExceededRpcError(rpcError(-32005, 'exceeds defined limit')),
      new MethodNotFoundRpcError(rpcError(-32601, 'no such method')),
    ])
      expect(classifyTransportError(error)).toMatchObject({ kind: 'node-error', retryable: true })
  })

  test('behavior: reverts and invalid params are final', () => {
    expect(classifyTransportError(new InvalidParamsRpcError(rpcError(-32602, 'bad params')))).toMatchObject({
      kind: 'request-error',
      retryable: false,
      name: 'InvalidParamsRpcError',
    })
    expect(classifyTransportError(rpcError(3, 'execution reverted'))).toMatchObject({
      kind: 'request-error',
      retryable: false,
      name: 'RpcRequestError',
    })
    const revert = new ContractFunctionRevertedError({
      abi: parseAbi(['function f()']),
      functionName: 'f',
      message: 'execution reverted: nope',
    })
    expect(classifyTransportError(new Error('wrapped', { cause: revert }))).toBeUndefined()
    expect(classifyTransportError(new UnknownRpcError(new Error('mock revert')))).toMatchObject({
      kind: 'request-error',
      retryable: false,
    })
  })

  test('behavior: errors that are not about the transport are not classified', () => {
    expect(classifyTransportError(new TypeError('x is undefined'))).toBeUndefined()
    expect(classifyTransportError('boom')).toBeUndefined()
    expect(classifyTransportError(null)).toBeUndefined()
    const loop: { name: string; cause?: unknown } = { name: 'Error' }
    loop.cause = loop
    expect(classifyTransportError(loop)).toBeUndefined()
  })
})

test('behavior: isRetryableTransportError and isNoAnswerError follow the verdict', () => {
  expect(isRetryableTransportError(new HttpRequestError({ url, status: 503 }))).toBe(true)
  expect(isRetryableTransportError(new HttpRequestError({ url, status: 400 }))).toBe(false)
  expect(isRetryableTransportError(new TypeError('x'))).toBe(false)
  expect(isNoAnswerError(new HttpRequestError({ url, status: 400 }))).toBe(true)
  expect(isNoAnswerError(new InternalRpcError(rpcError(-32603, 'internal')))).toBe(false)
})
