/**
 * What the live snapshot's move costs take from configuration rather than from the chains: the USD price
 * of each chain's native token (the gas token), and the transit hours of LayerZero and CCTP transfers.
 * Every value has a validated default (below) and an env override; a malformed value fails with the
 * variable named.
 *
 * | variable | default | meaning |
 * | --- | --- | --- |
 * | `SLL_NATIVE_USD_<CHAIN>` | 3000 (ETH chains), 25 (Avalanche) | USD per native token (gas, LayerZero fee) |
 * | `SLL_LAYERZERO_HOURS_<CHAIN>` | 0.3 | LayerZero transit from `<CHAIN>` (DVN confirmations + delivery) |
 * | `SLL_CCTP_HOURS_<CHAIN>` | 0.3, Avalanche 0.02 | CCTP attestation wait for burns on `<CHAIN>` (Circle V1) |
 *
 * On the devnet the defaults are the (fixed) prices; in production set `SLL_NATIVE_USD_<CHAIN>` to current
 * prices (the orchestrator has no price feed): they only weigh costs, never amounts moved.
 *
 * @module
 */
import { type ChainName, chainNames } from '../../chains/names.js'
import { MarketsConfigError } from './sources.js'

/** Cost configuration of one chain. */
export type ChainCostConfig = {
  /** USD per native token. */
  nativeUsd: number
  /** LayerZero transit hours from this chain. */
  layerZeroHours: number
  /** CCTP attestation wait (hours) for burns on this chain. */
  cctpHours: number
}

/** Cost configuration of every chain. */
export type CostConfig = Record<ChainName, ChainCostConfig>

const DEFAULT_NATIVE_USD: Record<ChainName, number> = {
  ethereum: 3000,
  base: 3000,
  arbitrum: 3000,
  optimism: 3000,
  unichain: 3000,
  avalanche: 25,
}
const DEFAULT_LAYERZERO_HOURS = 0.3
const DEFAULT_CCTP_HOURS: Record<ChainName, number> = {
  ethereum: 0.3,
  base: 0.3,
  arbitrum: 0.3,
  optimism: 0.3,
  unichain: 0.3,
  avalanche: 0.02,
}

function numberFrom(
  env: NodeJS.ProcessEnv,
  variable: string,
  fallback: number,
  range: { min: number; max: number; what: string },
): number {
  const raw = env[variable]?.trim()
  if (!raw) return fallback
  const value = Number(raw)
  if (!Number.isFinite(value) || value < range.min || value > range.max)
    throw new MarketsConfigError(
      variable,
      `${JSON.stringify(raw)} is not ${range.what} between ${range.min} and ${range.max}`,
      `Set ${variable} to ${range.what} (e.g. ${fallback}), or unset it for the default ${fallback}.`,
    )
  return value
}

/**
 * The cost configuration from the environment (see the module table).
 *
 * @throws {MarketsConfigError} naming the variable of a malformed value.
 */
export function costConfigFromEnv(env: NodeJS.ProcessEnv = process.env): CostConfig {
  const price = { min: 0, max: 1_000_000, what: 'a USD price' }
  const hours = { min: 0, max: 168, what: 'a number of hours' }
  const entries = chainNames.map((chain): [ChainName, ChainCostConfig] => {
    const upper = chain.toUpperCase()
    return [
      chain,
      {
        nativeUsd: numberFrom(env, `SLL_NATIVE_USD_${upper}`, DEFAULT_NATIVE_USD[chain], price),
        layerZeroHours: numberFrom(env, `SLL_LAYERZERO_HOURS_${upper}`, DEFAULT_LAYERZERO_HOURS, hours),
        cctpHours: numberFrom(env, `SLL_CCTP_HOURS_${upper}`, DEFAULT_CCTP_HOURS[chain], hours),
      },
    ]
  })
  return Object.fromEntries(entries) as CostConfig
}
