/**
 * Per-chain caps on what a move may spend besides the money it moves: the LayerZero native fee of one
 * bridge send (`msg.value`) and the gas price of one transaction (`maxFeePerGas`), plus the fee bump of
 * a stuck transaction within that cap. Pure: parsed from an env object given by the caller.
 *
 * @module
 */
import { type ChainName, chainNames, isChainName } from '../chains/names.js'
import { NonRetryableError } from './errors.js'

/** The caps of one chain, in wei of its native token. */
export type ChainFeeCaps = { maxLzFeeWei: bigint; maxGasPriceWei: bigint }

/** The caps of every chain. */
export type FeeCaps = Record<ChainName, ChainFeeCaps>

const GWEI = 1_000_000_000n
const ETHER = 10n ** 18n

/**
 * Defaults, generous against today's prices (an ordinary send costs far less): a LayerZero fee of at most
 * 0.05 ETH (5 AVAX on Avalanche, whose native token is ~100x cheaper), gas at most 300 gwei on Ethereum,
 * 10 gwei on the L2s, 500 nAVAX on Avalanche.
 */
export const defaultFeeCaps: FeeCaps = {
  ethereum: { maxLzFeeWei: ETHER / 20n, maxGasPriceWei: 300n * GWEI },
  base: { maxLzFeeWei: ETHER / 20n, maxGasPriceWei: 10n * GWEI },
  arbitrum: { maxLzFeeWei: ETHER / 20n, maxGasPriceWei: 10n * GWEI },
  optimism: { maxLzFeeWei: ETHER / 20n, maxGasPriceWei: 10n * GWEI },
  unichain: { maxLzFeeWei: ETHER / 20n, maxGasPriceWei: 10n * GWEI },
  avalanche: { maxLzFeeWei: 5n * ETHER, maxGasPriceWei: 500n * GWEI },
}

/** An env variable holding a fee cap is not a positive integer. */
export class FeeCapConfigError extends NonRetryableError {
  override readonly name = 'FeeCapConfigError'
}

/** What a transaction would pay is above the chain's cap: nothing was signed. */
export class FeeCapExceededError extends NonRetryableError {
  override readonly name = 'FeeCapExceededError'
  constructor(
    readonly context: {
      chain: ChainName
      kind: 'layerzero-fee' | 'gas-price'
      /** What the chain asks for now (wei). */
      asked: string
      cap: string
      /** The env variable that raises the cap. */
      variable: string
      step?: string
    },
  ) {
    const unit = context.kind === 'gas-price' ? 'wei per gas' : 'wei'
    const what = context.kind === 'gas-price' ? 'gas price' : 'LayerZero native fee'
    super(
      `${context.chain}: ${what} ${context.asked} ${unit} is above the cap ${context.cap} ${unit}${context.step ? ` (step ${context.step})` : ''}; nothing was signed`,
      {
        instruction: `Wait for fees to fall and retry the move, or raise ${context.variable} if this price is acceptable.`,
      },
    )
  }
}

/** The env variable of a chain's LayerZero fee cap (wei), e.g. `SLL_MAX_LZ_FEE_WEI_BASE`. */
export const lzFeeCapVariable = (chain: ChainName): string => `SLL_MAX_LZ_FEE_WEI_${chain.toUpperCase()}`
/** The env variable of a chain's gas price cap (gwei, decimals allowed), e.g. `SLL_MAX_GAS_PRICE_GWEI_BASE`. */
export const gasPriceCapVariable = (chain: ChainName): string =>
  `SLL_MAX_GAS_PRICE_GWEI_${chain.toUpperCase()}`

function parseWei(variable: string, value: string): bigint {
  if (!/^[1-9]\d{0,40}$/.test(value.trim())) {
    throw new FeeCapConfigError(`${variable}=${JSON.stringify(value)} is not a positive integer (wei)`, {
      instruction: `Set ${variable} to the most wei one LayerZero send may pay, e.g. 50000000000000000 (0.05 ETH).`,
    })
  }
  return BigInt(value.trim())
}

function parseGwei(variable: string, value: string): bigint {
  const match = /^(\d{1,12})(?:\.(\d{1,9}))?$/.exec(value.trim())
  const wei = match ? BigInt(match[1] as string) * GWEI + BigInt((match[2] ?? '').padEnd(9, '0')) : 0n
  if (wei === 0n) {
    throw new FeeCapConfigError(`${variable}=${JSON.stringify(value)} is not a positive number of gwei`, {
      instruction: `Set ${variable} to the highest gas price (gwei, up to 9 decimals) a transaction may pay, e.g. 50 or 0.5.`,
    })
  }
  return wei
}

/**
 * Reads the caps from `env` (`SLL_MAX_LZ_FEE_WEI_<CHAIN>` in wei, `SLL_MAX_GAS_PRICE_GWEI_<CHAIN>` in
 * gwei); an unset variable keeps {@link defaultFeeCaps}.
 *
 * @throws {FeeCapConfigError} naming the variable and the fix, for a value that is not a positive number.
 */
export function parseFeeCaps(env: Readonly<Record<string, string | undefined>>): FeeCaps {
  const caps = {} as FeeCaps
  for (const chain of chainNames) {
    const lz = env[lzFeeCapVariable(chain)]
    const gas = env[gasPriceCapVariable(chain)]
    caps[chain] = {
      maxLzFeeWei:
        lz === undefined || lz === ''
          ? defaultFeeCaps[chain].maxLzFeeWei
          : parseWei(lzFeeCapVariable(chain), lz),
      maxGasPriceWei:
        gas === undefined || gas === ''
          ? defaultFeeCaps[chain].maxGasPriceWei
          : parseGwei(gasPriceCapVariable(chain), gas),
    }
  }
  return caps
}

/**
 * Refuses a LayerZero native fee above the chain's cap.
 *
 * @throws {FeeCapExceededError} when `fee` > the cap.
 */
export function assertLzFeeWithinCap(caps: FeeCaps, chain: ChainName, fee: bigint, step?: string): void {
  const cap = caps[chain].maxLzFeeWei
  if (fee <= cap) return
  throw new FeeCapExceededError({
    chain,
    kind: 'layerzero-fee',
    asked: fee.toString(),
    cap: cap.toString(),
    variable: lzFeeCapVariable(chain),
    ...(step ? { step } : {}),
  })
}

/** EIP-1559 fees of one transaction (wei per gas). */
export type Eip1559Fees = { maxFeePerGas: bigint; maxPriorityFeePerGas: bigint }

/**
 * The fees to sign with: the node's estimate, refused above the cap (a chain outside the six, e.g. a test
 * anvil, has none). The base fee part may still rise after signing; {@link bumpedFees} replaces a stuck
 * transaction within the same cap.
 *
 * @throws {FeeCapExceededError} when the estimate's `maxFeePerGas` is above the chain's cap.
 */
export function cappedFees<F extends Eip1559Fees>(
  caps: FeeCaps,
  chain: string,
  estimate: F,
  step?: string,
): F {
  if (!isChainName(chain)) return estimate
  const cap = caps[chain].maxGasPriceWei
  if (estimate.maxFeePerGas <= cap) return estimate
  throw new FeeCapExceededError({
    chain,
    kind: 'gas-price',
    asked: estimate.maxFeePerGas.toString(),
    cap: cap.toString(),
    variable: gasPriceCapVariable(chain),
    ...(step ? { step } : {}),
  })
}

/** Minimum raise of both fees for a replacement the nodes accept (geth / anvil: +10 %), in percent. */
export const REPLACEMENT_BUMP_PERCENT = 12n

/**
 * The fees of a replacement for a stuck transaction (same nonce, same call): at least
 * {@link REPLACEMENT_BUMP_PERCENT} above what it was signed with (the nodes' replacement rule), and at
 * least the node's current estimate; `undefined` when that would exceed the chain's gas price cap (the
 * transaction stays as it is and the step ends at its bound, with the cap named).
 */
export function bumpedFees(
  caps: FeeCaps,
  chain: ChainName,
  signed: Eip1559Fees,
  current: Eip1559Fees,
): Eip1559Fees | undefined {
  const raise = (fee: bigint) => (fee * (100n + REPLACEMENT_BUMP_PERCENT) + 99n) / 100n
  const max = (a: bigint, b: bigint) => (a > b ? a : b)
  const maxPriorityFeePerGas = max(raise(signed.maxPriorityFeePerGas), current.maxPriorityFeePerGas)
  const maxFeePerGas = max(max(raise(signed.maxFeePerGas), current.maxFeePerGas), maxPriorityFeePerGas)
  if (maxFeePerGas > caps[chain].maxGasPriceWei) return undefined
  return { maxFeePerGas, maxPriorityFeePerGas }
}
