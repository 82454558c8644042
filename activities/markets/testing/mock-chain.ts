/**
 * An in-memory EVM stand-in for unit tests of the market readers: a viem `custom({ request })` transport
 * answering `eth_chainId` and `eth_call` to Multicall3 `aggregate3`, dispatching each inner call to
 * registered contract functions (ABI-encoded for real, so the readers' decoding is exercised).
 *
 * @module
 */
import {
  type Abi,
  type Address,
  custom,
  decodeFunctionData,
  encodeErrorResult,
  encodeFunctionResult,
  type Hex,
  HttpRequestError,
  multicall3Abi,
  numberToHex,
  type Transport,
} from 'viem'

type Handler = (args: readonly unknown[]) => unknown
type Entry = { abi: Abi; functionName: string; handler: Handler }

const revertAbi = [
  { type: 'error', name: 'Error', inputs: [{ name: 'message', type: 'string' }] },
] as const satisfies Abi

/** A function handler can throw this to make the call revert with `Error(message)`. */
export class MockRevert extends Error {}

/** A fake chain: contracts are registered functions; `mode` simulates node failures. */
export class MockChain {
  /** JSON-RPC requests received. */
  requests = 0
  /** `'down'`: every request fails like a refused connection; `'limited'`: `eth_call` hits a rate limit. */
  mode: 'up' | 'down' | 'limited' = 'up'
  private readonly contracts = new Map<string, Entry[]>()

  constructor(
    public chainId: number,
    readonly multicall3: Address,
  ) {}

  /** Registers `functionName` of `abi` at `address`, answered by `handler(args)`. */
  on(address: Address, abi: Abi, functionName: string, handler: Handler): this {
    const key = address.toLowerCase()
    const entries = (this.contracts.get(key) ?? []).filter((e) => e.functionName !== functionName)
    entries.push({ abi, functionName, handler })
    this.contracts.set(key, entries)
    return this
  }

  /** Removes every function of `address` (the address then has no code). */
  remove(address: Address): this {
    this.contracts.delete(address.toLowerCase())
    return this
  }

  /** Runs one call against the registered contracts (an unknown address answers empty data, like an EOA). */
  private execute(target: Address, data: Hex): { success: boolean; returnData: Hex } {
    const entries = this.contracts.get(target.toLowerCase())
    if (!entries) return { success: true, returnData: '0x' }
    for (const entry of entries) {
      let decoded: { functionName: string; args?: readonly unknown[] }
      try {
        decoded = decodeFunctionData({ abi: entry.abi, data }) as typeof decoded
      } catch {
        continue
      }
      if (decoded.functionName !== entry.functionName) continue
      try {
        const result = entry.handler(decoded.args ?? [])
        return {
          success: true,
          returnData: encodeFunctionResult({
            abi: entry.abi,
            functionName: entry.functionName,
            result,
          } as never),
        }
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error)
        return {
          success: false,
          returnData: encodeErrorResult({ abi: revertAbi, errorName: 'Error', args: [message] }),
        }
      }
    }
    return { success: false, returnData: '0x' }
  }

  private handle(method: string, params: unknown): unknown {
    if (method === 'eth_chainId') return numberToHex(this.chainId)
    if (method !== 'eth_call') throw new Error(`MockChain: unsupported method ${method}`)
    const [{ to, data }] = params as [{ to: Address; data: Hex }]
    if (to.toLowerCase() !== this.multicall3.toLowerCase()) {
      const { success, returnData } = this.execute(to, data)
      if (!success) throw Object.assign(new Error('execution reverted'), { code: 3, data: returnData })
      return returnData
    }
    const { functionName, args } = decodeFunctionData({ abi: multicall3Abi, data })
    if (functionName !== 'aggregate3') throw new Error(`MockChain: unsupported multicall ${functionName}`)
    const [calls] = args as unknown as [readonly { target: Address; allowFailure: boolean; callData: Hex }[]]
    const results = calls.map((c) => {
      if (c.target.toLowerCase() === this.multicall3.toLowerCase() && c.callData === '0x3408e470')
        return {
          success: true,
          returnData: encodeFunctionResult({
            abi: chainIdAbi,
            functionName: 'getChainId',
            result: BigInt(this.chainId),
          }),
        }
      return this.execute(c.target, c.callData)
    })
    return encodeFunctionResult({ abi: multicall3Abi, functionName: 'aggregate3', result: results })
  }

  /** The viem transport of this chain. */
  transport(): Transport {
    return custom(
      {
        request: async ({ method, params }) => {
          this.requests += 1
          if (this.mode === 'down')
            throw new HttpRequestError({ url: 'http://127.0.0.1:1', details: 'fetch failed: ECONNREFUSED' })
          if (this.mode === 'limited' && method === 'eth_call')
            throw Object.assign(new Error('rate limit exceeded'), { code: -32005 })
          return this.handle(method, params)
        },
      },
      { retryCount: 0 },
    )
  }
}

const chainIdAbi = [
  {
    type: 'function',
    name: 'getChainId',
    stateMutability: 'view',
    inputs: [],
    outputs: [{ type: 'uint256' }],
  },
] as const satisfies Abi
