/**
 * Runs read plans as ONE Multicall3 `aggregate3` (viem `multicall`, `allowFailure: true`, no chunking) and
 * turns every failure into a named error: the whole aggregate failing (node down, no Multicall3, wrong
 * chain) or one call failing (that venue's contract reverted or is missing). The first call is always
 * Multicall3's own `getChainId()`, so the chain id is checked without an extra request.
 *
 * @module
 */
import {
  BaseError,
  type Chain,
  type ContractFunctionParameters,
  type PublicClient,
  type Transport,
} from 'viem'
import type { ChainDeployment } from '../../chains/types.js'
import { classifyTransportError, isNoAnswerError } from '../../lib/transport-errors.js'
import { WrongChainError } from '../clients.js'
import { redactUrl } from '../tx/redact.js'
import { multicall3ChainIdAbi } from './abis.js'
import { ChainUnreachableError, VenueReadError } from './errors.js'
import type { ReadPlan } from './plan.js'

/** What a multicall needs to know about its chain. */
export type MulticallContext = {
  client: PublicClient<Transport, Chain>
  deployment: ChainDeployment
  rpcUrl: string
}

type CallResult = { status: 'success'; result: unknown } | { status: 'failure'; error: unknown }

/** Whether `error` is a transport-level failure (the node did not answer); see `lib/transport-errors.ts`. */
export function isNetworkError(error: unknown): boolean {
  return isNoAnswerError(error)
}

/** One line describing an error (viem's short message, without the docs footer). */
export function shortMessage(error: unknown): string {
  if (error instanceof BaseError) return error.shortMessage
  if (error instanceof Error) return error.message
  return String(error)
}

/**
 * Explains a failed aggregate: unreachable node, wrong chain id (asked with `eth_chainId`, only on this
 * error path; a wrong chain usually makes the aggregate revert or return nothing), a node-side error
 * (overload, rate limit: retryable), or else a missing / broken Multicall3 at the registry address.
 */
async function explainAggregateFailure(ctx: MulticallContext, error: unknown): Promise<Error> {
  const { deployment } = ctx
  const url = redactUrl(ctx.rpcUrl)
  if (isNetworkError(error))
    return new ChainUnreachableError(deployment.name, url, shortMessage(error), error)
  let actual: number
  try {
    actual = await ctx.client.getChainId()
  } catch (chainIdError) {
    return new ChainUnreachableError(deployment.name, url, shortMessage(chainIdError), chainIdError)
  }
  if (actual !== deployment.chainId)
    return new WrongChainError({
      chain: deployment.name,
      rpcUrl: url,
      expectedChainId: deployment.chainId,
      actualChainId: actual,
    })
  if (classifyTransportError(error)?.kind === 'node-error')
    return new ChainUnreachableError(deployment.name, url, shortMessage(error), error)
  return new VenueReadError(
    deployment.name,
    'multicall3',
    `Multicall3.aggregate3 @ ${deployment.multicall3}`,
    shortMessage(error),
    error,
  )
}

/**
 * Executes every call of `plans` in one `aggregate3` and returns each plan's results (in call order).
 * Throws {@link ChainUnreachableError}, {@link WrongChainError} or {@link VenueReadError}.
 */
export async function runMulticall(
  ctx: MulticallContext,
  plans: readonly ReadPlan<unknown>[],
): Promise<unknown[][]> {
  const { deployment } = ctx
  const calls = plans.flatMap((plan) => plan.calls)
  const contracts = [
    { address: deployment.multicall3, abi: multicall3ChainIdAbi, functionName: 'getChainId' },
    ...calls.map((c) => ({ address: c.address, abi: c.abi, functionName: c.functionName, args: c.args })),
  ] as unknown as readonly ContractFunctionParameters[]

  let results: CallResult[]
  try {
    results = (await ctx.client.multicall({
      contracts,
      allowFailure: true,
      batchSize: 0,
      multicallAddress: deployment.multicall3,
    })) as CallResult[]
  } catch (error) {
    throw await explainAggregateFailure(ctx, error)
  }

  // viem reports a failed aggregate3 as the SAME error object on every call; per-call failures differ.
  const [first, ...rest] = results
  if (!first || first.status === 'failure') {
    const error = first?.status === 'failure' ? first.error : new Error('empty multicall result')
    if (rest.every((r) => r.status === 'failure' && r.error === error) || isNetworkError(error))
      throw await explainAggregateFailure(ctx, error)
    throw new VenueReadError(
      deployment.name,
      'multicall3',
      'Multicall3.getChainId()',
      shortMessage(error),
      error,
    )
  }
  const chainId = Number(first.result)
  if (chainId !== deployment.chainId)
    throw new WrongChainError({
      chain: deployment.name,
      rpcUrl: redactUrl(ctx.rpcUrl),
      expectedChainId: deployment.chainId,
      actualChainId: chainId,
    })

  const out: unknown[][] = []
  let index = 0
  for (const plan of plans) {
    const values: unknown[] = []
    for (const planned of plan.calls) {
      const result = rest[index++]
      if (!result)
        throw new VenueReadError(deployment.name, plan.subject, planned.label, 'no result returned')
      if (result.status === 'failure' && planned.optional) {
        values.push(undefined)
        continue
      }
      if (result.status === 'failure')
        throw new VenueReadError(
          deployment.name,
          plan.subject,
          planned.label,
          shortMessage(result.error),
          result.error,
        )
      values.push(result.result)
    }
    out.push(values)
  }
  return out
}
