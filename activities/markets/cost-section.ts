/**
 * Pure assembly of the live snapshot's `costs` section from what each chain's read returned: the chain's
 * gas price, the LayerZero fees quoted in its multicall, its CCTP mint recipients and keys, and the cost
 * configuration (`cost-config.ts`). No I/O; workflows import it (no viem).
 *
 * - `txUsd[chain]` = gas price x {@link STEP_GAS}.marketStep x native USD: one controller market step.
 * - per hub-and-spoke pair (`costs.routes`): LayerZero `bridgeUsd` = the send step's gas + the quoted
 *   native fee (which pays the DVNs and the destination executor), `bridgeHours` configured; CCTP
 *   `cctpUsd` = the burn step's gas on the source + `receiveMessage` gas on the destination (Circle V1
 *   charges no protocol fee), `cctpHours` = the configured attestation wait of the source. CCTP is left
 *   out of a pair (not offered to the planner) when the source controller has no mint recipient for the
 *   destination's domain, or its USDC_TO_CCTP / USDC_TO_DOMAIN key is unset (maxAmount 0).
 *
 * @module
 */
import type { ChainName } from '../../chains/names.js'
import type { UnavailableItem } from '../../policies/availability.js'
import type { Snapshot } from '../../policies/snapshot.js'
import type { ChainCostConfig } from './cost-config.js'
import type { CostReads } from './cost-plan.js'
import type { GuardedKeyRead } from './preflight-plan.js'
import { STEP_GAS } from './step-gas.js'

/** One directed pair from a chain, priced (USD, hours). */
export type CostRoute = {
  to: ChainName
  /** The LayerZero send step on the source plus the quoted native fee. */
  layerZeroUsd: number
  layerZeroHours: number
  /** The CCTP burn step on the source; absent when CCTP is unavailable for the pair (see `cctpUnavailable`). */
  cctpBurnUsd?: number
  cctpHours?: number
  /** Why CCTP is not offered along a pair the controller routes CCTP on (no entry: no CCTP route there). */
  cctpUnavailable?: string
}

/** One chain's move costs (JSON-safe: crosses Temporal payloads inside `ChainMarkets`). */
export type ChainCosts = {
  chain: ChainName
  /** Gas price read (wei, decimal string). */
  gasPriceWei: string
  nativeUsd: number
  /** One controller market step (deposit or withdraw), USD. */
  txUsd: number
  routes: CostRoute[]
  /** `receiveMessage` of one burn on this chain (USD), when the chain has CCTP. */
  cctpReceiveUsd?: number
}

const WEI_PER_NATIVE = 1e18
const round = (usd: number) => Math.round(usd * 1e6) / 1e6
const isZeroWord = (word: string | undefined) => word === undefined || /^0x0*$/i.test(word)

/**
 * Prices one chain's cost reads. `keys` are the chain's rate-limit keys as read (the CCTP keys among
 * them decide availability); `hasCctp` whether the chain's controller has a CCTP route at all.
 */
export function chainCosts(args: {
  chain: ChainName
  gasPriceWei: bigint
  reads: CostReads
  config: ChainCostConfig
  keys: readonly GuardedKeyRead[]
  hasCctp: boolean
}): ChainCosts {
  const { chain, gasPriceWei, reads, config } = args
  const usdOf = (wei: bigint) => (Number(wei) / WEI_PER_NATIVE) * config.nativeUsd
  const gasUsd = (gas: bigint) => usdOf(gas * gasPriceWei)
  const unsetKey = (match: (k: GuardedKeyRead) => boolean) =>
    args.keys.find((k) => match(k) && k.data.maxAmount === 0n)
  const routes = reads.layerZero.map(({ to, nativeFeeWei }): CostRoute => {
    const route: CostRoute = {
      to,
      layerZeroUsd: round(gasUsd(STEP_GAS.layerZeroSend) + usdOf(nativeFeeWei ?? 0n)),
      layerZeroHours: config.layerZeroHours,
    }
    const hasRoute = reads.mintRecipients.some((m) => m.to === to)
    const why = hasRoute ? cctpUnavailable(chain, to, reads, unsetKey) : undefined
    if (why) route.cctpUnavailable = why
    else if (hasRoute) {
      route.cctpBurnUsd = round(gasUsd(STEP_GAS.cctpBurn))
      route.cctpHours = config.cctpHours
    }
    return route
  })
  return {
    chain,
    gasPriceWei: gasPriceWei.toString(),
    nativeUsd: config.nativeUsd,
    txUsd: round(gasUsd(STEP_GAS.marketStep)),
    routes,
    ...(args.hasCctp ? { cctpReceiveUsd: round(gasUsd(STEP_GAS.cctpReceive)) } : {}),
  }
}

function cctpUnavailable(
  chain: ChainName,
  to: ChainName,
  reads: CostReads,
  unsetKey: (match: (k: GuardedKeyRead) => boolean) => GuardedKeyRead | undefined,
): string | undefined {
  const mint = reads.mintRecipients.find((m) => m.to === to)
  if (isZeroWord(mint?.recipient))
    return `${chain}: the controller's mintRecipients(domain of ${to}) is not set (transferUSDCToCCTP would revert): governance must call setMintRecipient(domain, bytes32(ALMProxy of ${to}))`
  const key = unsetKey(
    (k) =>
      (k.guards.action === 'cctp' && k.guards.chain === chain) ||
      (k.guards.action === 'cctp-domain' && k.guards.chain === chain && k.guards.toChain === to),
  )
  if (key) return `${chain}: rate-limit key ${key.label} is unset (maxAmount 0): governance must set it`
  return undefined
}

/**
 * The snapshot's `costs` section from every chain's costs (chains without costs add nothing), or
 * undefined when no chain has any. The snapshot-wide `bridgeUsd` / `bridgeHours` (for pairs without an
 * entry) are the largest of the pairs'.
 */
export function assembleCosts(
  perChain: ReadonlyArray<{ chain: ChainName; costs?: ChainCosts | undefined }>,
): NonNullable<Snapshot['costs']> | undefined {
  const priced = perChain.flatMap((c) => (c.costs ? [c.costs] : []))
  if (priced.length === 0) return undefined
  const byChain = new Map(priced.map((c) => [c.chain, c]))
  const routes = priced.flatMap((source) =>
    source.routes.map((r) => {
      const receive = byChain.get(r.to)?.cctpReceiveUsd
      const cctp =
        r.cctpBurnUsd !== undefined && receive !== undefined
          ? { cctpUsd: round(r.cctpBurnUsd + receive), cctpHours: r.cctpHours ?? 0 }
          : {}
      return {
        from: source.chain,
        to: r.to,
        bridgeUsd: r.layerZeroUsd,
        bridgeHours: r.layerZeroHours,
        ...cctp,
      }
    }),
  )
  return {
    txUsd: Object.fromEntries(priced.map((c) => [c.chain, c.txUsd])),
    bridgeUsd: Math.max(0, ...routes.map((r) => r.bridgeUsd)),
    bridgeHours: Math.max(0, ...routes.map((r) => r.bridgeHours)),
    routes,
  }
}

/**
 * The pairs whose CCTP route the controller would refuse (unset mint recipient or key), as the plan's
 * `unavailable` items (shown by `sll plan` and the cycle's memo): the planner does not offer CCTP there.
 */
export function cctpUnavailableItems(
  perChain: ReadonlyArray<{ chain: ChainName; costs?: ChainCosts | undefined }>,
): UnavailableItem[] {
  return perChain.flatMap((c) =>
    (c.costs?.routes ?? []).flatMap((r) =>
      r.cctpUnavailable
        ? [
            {
              subject: `${c.chain} -> ${r.to} (USDC over CCTP)`,
              what: 'route' as const,
              code: 'cctp-unavailable',
              reason: r.cctpUnavailable,
            },
          ]
        : [],
    ),
  )
}
