/**
 * The one classifier of transport / JSON-RPC errors (viem's error classes and Node socket errors), shared by
 * the activity boundary, the market multicall, the transaction broadcast and the devnet relayer. It looks
 * at error names, HTTP status and socket codes along the `cause` chain only (no `instanceof`), so it works
 * on viem errors of any copy of viem and needs no import: `devnet/` may use it.
 *
 * @module
 */

/**
 * What went wrong between us and the node:
 * - `no-answer`: the node gave no JSON-RPC answer (connection refused or reset, DNS, socket closed,
 *   request timeout, HTTP error status);
 * - `node-error`: the node answered with an error about itself, not about the request (internal error,
 *   rate / limit exceeded, resource unavailable, method not found or not supported);
 * - `request-error`: the node rejected the request itself (revert, invalid params, any other JSON-RPC error).
 */
export type TransportErrorKind = 'no-answer' | 'node-error' | 'request-error'

/** The verdict of {@link classifyTransportError}. */
export type TransportErrorVerdict = {
  kind: TransportErrorKind
  /**
   * Whether the same request may succeed later: HTTP 5xx / 408 / 429, timeouts, refused or closed
   * connections and node-side errors are retryable; reverts, invalid params and other HTTP 4xx are final.
   */
  retryable: boolean
  /** Name of the error in the cause chain that decided the verdict (e.g. `HttpRequestError`). */
  name: string
  /** HTTP status, when the verdict comes from an HTTP error response. */
  status?: number
}

/** viem errors raised when no answer came back at all (the HTTP one is decided by its status). */
const noAnswerNames = new Set([
  'HttpRequestError',
  'TimeoutError',
  'WebSocketRequestError',
  'SocketClosedError',
])
/** Node-side JSON-RPC errors that are not about the call itself. */
const nodeErrorNames = new Set([
  'InternalRpcError',
  'LimitExceededRpcError',
  'ResourceUnavailableRpcError',
  'MethodNotFoundRpcError',
  'MethodNotSupportedRpcError',
])
/** Node socket / DNS error codes (on the error or any cause, e.g. the `fetch failed` TypeError's cause). */
const socketCodes = /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|ENOTFOUND|EAI_AGAIN)$/
/** Messages of fetch / socket failures that carry no code. */
const socketMessages = /ECONNREFUSED|fetch failed|socket hang up/

type Walked = { name?: unknown; code?: unknown; message?: unknown; status?: unknown; cause?: unknown }

/** The error and its causes, outermost first (at most 10 deep, cycles cut). */
function causeChain(error: unknown): Walked[] {
  const chain: Walked[] = []
  for (let e: unknown = error; e !== null && typeof e === 'object' && chain.length < 10; ) {
    if (chain.includes(e as Walked)) break
    chain.push(e as Walked)
    e = (e as Walked).cause
  }
  return chain
}

function httpStatusRetryable(status: number | undefined): boolean {
  return status === undefined || status === 408 || status === 429 || status >= 500
}

function noAnswer(e: Walked): TransportErrorVerdict | undefined {
  const name = typeof e.name === 'string' ? e.name : ''
  if (noAnswerNames.has(name)) {
    if (name !== 'HttpRequestError') return { kind: 'no-answer', retryable: true, name }
    const status = typeof e.status === 'number' ? e.status : undefined
    return {
      kind: 'no-answer',
      retryable: httpStatusRetryable(status),
      name,
      ...(status === undefined ? {} : { status }),
    }
  }
  if (typeof e.code === 'string' && socketCodes.test(e.code))
    return { kind: 'no-answer', retryable: true, name: name || e.code }
  if (typeof e.message === 'string' && socketMessages.test(e.message))
    return { kind: 'no-answer', retryable: true, name: name || 'Error' }
  return undefined
}

/**
 * Classifies a transport / JSON-RPC error, or returns `undefined` for anything else (our own errors,
 * programming errors, decoding errors). The whole cause chain is searched: a sign of "no answer" anywhere
 * wins over a node-side error, which wins over a rejected request.
 *
 * @example
 * classifyTransportError(new HttpRequestError({ url, status: 503 })) // { kind: 'no-answer', retryable: true, ... }
 */
export function classifyTransportError(error: unknown): TransportErrorVerdict | undefined {
  const chain = causeChain(error)
  for (const e of chain) {
    const verdict = noAnswer(e)
    if (verdict) return verdict
  }
  for (const e of chain) {
    if (typeof e.name === 'string' && nodeErrorNames.has(e.name))
      return { kind: 'node-error', retryable: true, name: e.name }
  }
  for (const e of chain) {
    if (typeof e.name === 'string' && (e.name === 'RpcRequestError' || e.name.endsWith('RpcError')))
      return { kind: 'request-error', retryable: false, name: e.name }
  }
  return undefined
}

/** True for transport errors a retry of the same request may fix (see {@link TransportErrorVerdict}). */
export function isRetryableTransportError(error: unknown): boolean {
  return classifyTransportError(error)?.retryable === true
}

/** True when the node gave no JSON-RPC answer at all (down, unreachable, timed out, HTTP error status). */
export function isNoAnswerError(error: unknown): boolean {
  return classifyTransportError(error)?.kind === 'no-answer'
}
