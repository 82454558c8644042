import { type Abi, type Address, encodeFunctionData, type Hex } from 'viem'
import type { ChainName } from '../../chains/names.js'
import type { SllChainDeployment } from '../../chains/sll-deployment.js'
import { controllerAbis, rateLimitsAbi } from '../../sll/abis.js'
import { afterDecrease, afterIncrease, type RateLimitData } from '../../sll/rate-limits.js'
import { getPublicClient } from '../clients.js'
import type { Network } from '../network.js'
import { activityTransactions } from './activity-tx.js'
import { checkControllerCall } from './controller-check.js'
import { erc4626Abi, withSlippage } from './controller-venues.js'

/** A rate-limit key one controller call draws on, and how (`decrease` / coupled `increase`). */
export type LimitEffect = { key: Hex; label: string; kind: 'decrease' | 'increase'; amount: bigint }

/** `RateLimitData` with decimal strings (JSON-safe: crosses Temporal payloads). */
export type RateLimitDataJson = { maxAmount: string; slope: string; lastAmount: string; lastUpdated: string }

/**
 * The predicted state of one key right after a step's transaction (the `sll/` projector applied to the key
 * as it was in the block before, at the mined block's timestamp). A devnet test compares it with
 * `getRateLimitData` at `blockNumber`.
 */
export type RateLimitPrediction = {
  chain: ChainName
  key: Hex
  label: string
  blockNumber: string
  predicted: RateLimitDataJson
}

const toJson = (d: RateLimitData): RateLimitDataJson => ({
  maxAmount: d.maxAmount.toString(),
  slope: d.slope.toString(),
  lastAmount: d.lastAmount.toString(),
  lastUpdated: d.lastUpdated.toString(),
})

/** One relayer call on a chain's controller. */
export type ControllerCall = {
  functionName: string
  args: readonly unknown[]
  value?: bigint
  /** The keys the call draws on, in the order the controller triggers them. */
  limits: LimitEffect[]
  /**
   * Keys a later call of the same step draws on, checked (capacity) before this call's signature too, so a
   * step of two calls does not stop half-way (e.g. `withdrawPSM` after `depositPSM`).
   */
  gateAlso?: LimitEffect[]
}

/** The controller of `chain`, its ABI (by version), and the RELAYER's way to call it. */
export function chainController(network: Network, chain: ChainName) {
  const sll: SllChainDeployment = network.sll(chain)
  const abi = controllerAbis[sll.controllerVersion] as Abi
  const client = getPublicClient(network.endpoint(chain))
  /** Reads a view of the controller (e.g. `layerZeroRecipients`). */
  const read = <T>(functionName: string, args: readonly unknown[] = []): Promise<T> =>
    client.readContract({ address: sll.controller, abi, functionName, args }) as Promise<T>

  /**
   * Predicts each key after the transaction mined in `blockNumber`: reads it as of the block before
   * (what the controller saw; the same on a retry that resumes a sent transaction) and applies the
   * effects at the block's timestamp.
   */
  const predict = async (limits: LimitEffect[], blockNumber: bigint): Promise<RateLimitPrediction[]> => {
    if (limits.length === 0) return []
    const block = await client.getBlock({ blockNumber })
    const state = new Map<Hex, RateLimitData>()
    for (const { key } of limits) {
      if (state.has(key)) continue
      const data = (await client.readContract({
        address: sll.rateLimits,
        abi: rateLimitsAbi,
        functionName: 'getRateLimitData',
        args: [key],
        blockNumber: blockNumber - 1n,
      })) as RateLimitData
      state.set(key, data)
    }
    const labels = new Map<Hex, string>()
    for (const effect of limits) {
      const before = state.get(effect.key) as RateLimitData
      const after =
        effect.kind === 'decrease'
          ? afterDecrease(before, effect.amount, block.timestamp)
          : afterIncrease(before, effect.amount, block.timestamp)
      state.set(effect.key, after)
      labels.set(effect.key, effect.label)
    }
    return [...state.entries()].map(([key, data]) => ({
      chain,
      key,
      label: labels.get(key) as string,
      blockNumber: blockNumber.toString(),
      predicted: toJson(data),
    }))
  }

  /**
   * Sends `call` to the controller under the step key `key` (sign once, simulate first: the
   * `activityTransactions` adapter) and predicts the keys it drew on.
   */
  const relay = async (key: string, call: ControllerCall) => {
    const data = encodeFunctionData({ abi, functionName: call.functionName, args: call.args })
    const check = () =>
      checkControllerCall({ client, chain, sll, abi, relayer: network.signer.address, call })
    const tx = await activityTransactions(network).send(
      chain,
      key,
      { to: sll.controller, data, ...(call.value === undefined ? {} : { value: call.value }) },
      check,
    )
    const rateLimits = await predict(call.limits, BigInt(tx.blockNumber))
    return { tx, rateLimits }
  }

  /**
   * Arguments of `depositERC4626` / `withdrawERC4626`: `[vault, amount]`, plus on the MainnetController
   * v1.10 the share bound from the vault's preview widened by 1 bp (`minSharesOut` rounded down for a
   * deposit, `maxSharesIn` rounded up for a withdrawal: shares burnt for `amount` only fall while the
   * share price rises; the bound guards a price drop).
   */
  const erc4626Args = async (
    kind: 'deposit' | 'withdraw',
    vault: Address,
    amount: bigint,
  ): Promise<readonly unknown[]> => {
    if (sll.controllerVersion !== 'mainnet-v1.10') return [vault, amount]
    const shares = await client.readContract({
      address: vault,
      abi: erc4626Abi,
      functionName: kind === 'deposit' ? 'previewDeposit' : 'previewWithdraw',
      args: [amount],
    })
    return [vault, amount, withSlippage(shares, kind === 'deposit' ? 'down' : 'up')]
  }

  return {
    sll,
    abi,
    client,
    read,
    relay,
    erc4626Args,
    controller: sll.controller as Address,
    proxy: sll.almProxy,
  }
}
