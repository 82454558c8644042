import { type Abi, BaseError, decodeErrorResult, type Hex, isHex } from 'viem'

/** True if `error` (from `eth_call` / `eth_estimateGas`) says the call reverted, as opposed to an RPC failure. */
export function isRevertError(error: unknown): boolean {
  if (error instanceof BaseError) {
    const network = error.walk((e) =>
      ['HttpRequestError', 'TimeoutError', 'WebSocketRequestError', 'SocketClosedError'].includes(
        (e as { name?: string }).name ?? '',
      ),
    )
    if (network) return false
    const hit = error.walk(
      (e) =>
        (e as { name?: string }).name === 'ExecutionRevertedError' ||
        (e as { name?: string }).name === 'RawContractError' ||
        (e as { name?: string }).name === 'ContractFunctionRevertedError',
    )
    if (hit) return true
  }
  const text = error instanceof Error ? error.message : String(error)
  return /execution reverted|revert/i.test(text)
}

function findRevertData(error: unknown): Hex | undefined {
  let current: unknown = error
  for (let depth = 0; depth < 10 && current; depth++) {
    const data = (current as { data?: unknown }).data
    if (typeof data === 'string' && isHex(data) && data.length >= 10) return data
    if (typeof data === 'object' && data !== null) {
      const inner = (data as { data?: unknown }).data
      if (typeof inner === 'string' && isHex(inner) && inner.length >= 10) return inner
    }
    current = (current as { cause?: unknown }).cause
  }
  return undefined
}

/**
 * Best-effort revert reason: decodes `Error(string)`, `Panic(uint256)` and custom errors of `abi`;
 * falls back to the node's message detail, or the raw selector.
 */
export function decodeRevertReason(error: unknown, abi: Abi = []): string | undefined {
  const data = findRevertData(error)
  if (data) {
    try {
      const decoded = decodeErrorResult({ abi, data })
      if (decoded.errorName === 'Error') return String(decoded.args?.[0])
      if (decoded.errorName === 'Panic') return `Panic(${String(decoded.args?.[0])})`
      return `${decoded.errorName}(${(decoded.args ?? []).map(String).join(', ')})`
    } catch {
      return `custom error ${data.slice(0, 10)}`
    }
  }
  if (error instanceof BaseError) {
    const detail = error.details
    if (detail) return detail
  }
  return undefined
}
