import type { ChainName } from '../../chains/names.js'

/** PriceFeed ratio denominator (`PriceFeed.PRICE_RATIO_DENOMINATOR`, 1e20). */
export const priceRatioDenominator = 10n ** 20n

/** Native token price in USD per chain, used to derive cross-chain price ratios (AVAX vs ETH). */
const nativePriceUsd: Record<ChainName, bigint> = {
  ethereum: 3000n,
  base: 3000n,
  arbitrum: 3000n,
  optimism: 3000n,
  unichain: 3000n,
  avalanche: 30n,
}

/** Destination gas price (wei per gas) the PriceFeed quotes with: L1s dearer than L2s. */
const gasPriceWei: Record<ChainName, bigint> = {
  ethereum: 5_000_000_000n,
  base: 50_000_000n,
  arbitrum: 50_000_000n,
  optimism: 50_000_000n,
  unichain: 50_000_000n,
  avalanche: 25_000_000_000n,
}

/** The PriceFeed `Price` a source chain stores for a destination chain. */
export function priceFor(source: ChainName, destination: ChainName) {
  return {
    priceRatio: (priceRatioDenominator * nativePriceUsd[destination]) / nativePriceUsd[source],
    gasPriceInUnit: gasPriceWei[destination],
    gasPerByte: 16,
  }
}

/** `setNativeTokenPriceUSD` argument (USD scaled by the ratio denominator). */
export function nativeTokenPriceUsd(chain: ChainName): bigint {
  return nativePriceUsd[chain] * priceRatioDenominator
}

/** Executor per-destination config: base gas on top of the requested lzReceive gas, 20 % margin. */
export function executorDstConfig(dstEid: number) {
  return {
    dstEid,
    lzReceiveBaseGas: 50_000n,
    lzComposeBaseGas: 50_000n,
    multiplierBps: 12_000,
    floorMarginUSD: 0n,
    nativeCap: 10n ** 18n,
  }
}

/** DVN per-destination config: verification gas with a 20 % margin. */
export function dvnDstConfig(dstEid: number) {
  return { dstEid, gas: 100_000n, multiplierBps: 12_000, floorMarginUSD: 0n }
}

/** Block confirmations required by the default ULN config (the relayer verifies with this many). */
export const ulnConfirmations = 1n

/** Max OApp message size in the default executor config. */
export const maxMessageSize = 10_000
