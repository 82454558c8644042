import { type Address, type Hex, maxUint256, zeroHash } from 'viem'
import { toUsd } from '../lib/amounts.js'
import type { ControllerVersion } from './abis.js'
import { currentRateLimit, isUnlimited, type RateLimitData } from './rate-limits.js'

/**
 * Pre-flight checks (pure, no I/O): turns what the snapshot multicall read from a chain's controller and
 * RateLimits into per-venue / per-route / per-conversion availability, with reasons an operator can hand
 * to governance (which contract, which key or setting, what must be set). A failing check means the
 * controller would revert the call: the planner leaves that venue or route out instead.
 *
 * Which keys each call draws on (see `/work/shared/notes/sll-controller.md`):
 * - `depositAave`: AAVE_DEPOSIT(aToken) decrease, `maxSlippages[aToken] != 0`.
 * - `withdrawAave`: AAVE_WITHDRAW(aToken) decrease AND AAVE_DEPOSIT(aToken) increase (an unset deposit key
 *   makes the increase revert `RateLimits/zero-maxAmount` too).
 * - `depositERC4626`: 4626_DEPOSIT(vault) decrease, price <= `maxExchangeRates[vault]`.
 * - `withdrawERC4626` / `redeemERC4626`: 4626_WITHDRAW(vault) decrease AND 4626_DEPOSIT(vault) increase.
 * - `transferTokenLayerZero(oft, _, eid)`: LAYERZERO(oft, eid) decrease, `layerZeroRecipients[eid] != 0`.
 * - Ethereum LitePSM: `swapUSDSToUSDC` decreases USDS_TO_USDC, `swapUSDCToUSDS` increases it (both need it set).
 * - L2 PSM3 conversion A -> B: `depositPSM(A)` (PSM_DEPOSIT(A)) then `withdrawPSM(B)` (PSM_WITHDRAW(B)).
 *
 * @module
 */

/** Why a check failed (stable codes for tests and metrics; the `reason` text is for people). */
export type PreflightCode =
  | 'relayer-removed'
  | 'rate-limit-unset'
  | 'max-slippage-unset'
  | 'max-exchange-rate-unset'
  | 'exchange-rate-too-high'
  | 'layerzero-recipient-unset'

/** The outcome of one check: ok, or why the controller would refuse. JSON-safe. */
export type Verdict =
  | { ok: true }
  | {
      ok: false
      code: PreflightCode
      /** One line naming the contract, the key or setting, and what governance must set. */
      reason: string
      /** The contract that refuses (controller or RateLimits). */
      contract: Address
      /** The key (bytes32) or setting, e.g. `maxSlippages(0x…)`. */
      setting: string
    }

/** A rate-limit key as read (`getRateLimitData`), with what it is for. */
export type KeyRead = { key: Hex; label: string; data: RateLimitData }

/** What the multicall read for one venue. */
export type VenueReads =
  | {
      kind: 'aave'
      market: string
      aToken: Address
      /** Underlying decimals (the keys' units). */
      decimals: number
      maxSlippage: bigint
      deposit: KeyRead
      withdraw: KeyRead
    }
  | {
      kind: 'erc4626'
      market: string
      vault: Address
      decimals: number
      /** `maxExchangeRates[vault]`: assets per share, 1e36 precision. */
      maxExchangeRate: bigint
      /** The vault's price now (assets per share unit, 1e36 precision), when known. */
      exchangeRate?: bigint | undefined
      deposit: KeyRead
      withdraw: KeyRead
    }

/** One LayerZero destination of a chain: recipient and the keys of the OFTs that may use it. */
export type RouteReads = {
  to: string
  eid: number
  /** `layerZeroRecipients[eid]` (bytes32; zero = not set). */
  recipient: Hex
  ofts: Array<{ asset: 'USDS' | 'USDC'; oft: Address; decimals: number; limit: KeyRead }>
}

/** PSM keys of a chain. */
export type PsmReads =
  | { kind: 'litePsm'; usdsToUsdc: KeyRead }
  | {
      kind: 'psm3'
      deposit: Partial<Record<'USDS' | 'USDC', KeyRead>>
      withdraw: Partial<Record<'USDS' | 'USDC', KeyRead>>
    }

/** Everything the pre-flight of one chain needs (read in the chain's snapshot multicall). */
export type PreflightReads = {
  chain: string
  controllerVersion: ControllerVersion
  controller: Address
  rateLimits: Address
  /** The signer whose RELAYER role was checked; undefined when none is configured (not checked). */
  relayer?: Address | undefined
  relayerHasRole?: boolean | undefined
  /** Block timestamp of the read (seconds), for rate-limit capacities. */
  nowSeconds: bigint
  venues: VenueReads[]
  routes: RouteReads[]
  psm?: PsmReads | undefined
}

/** Availability of one venue. Capacities: whole-token decimal strings, absent = unlimited. */
export type VenueAvailability = {
  market: string
  deposit: Verdict
  withdraw: Verdict
  depositCapacity?: string
  withdrawCapacity?: string
}

/** Availability of one LayerZero route (source chain -> destination, per bridged stablecoin). */
export type RouteAvailability = {
  from: string
  to: string
  asset: 'USDS' | 'USDC'
  verdict: Verdict
  capacity?: string
}

/** Availability of a PSM conversion on one chain. */
export type ConversionAvailability = { from: 'USDS' | 'USDC'; to: 'USDS' | 'USDC'; verdict: Verdict }

/** The pre-flight of one chain (JSON-safe: crosses Temporal payloads). */
export type ChainPreflight = {
  chain: string
  controller: Address
  controllerName: 'MainnetController' | 'ForeignController'
  relayer?: Address
  /** `missing`: the FREEZER removed the relayer (or it was never granted): nothing may be sent. */
  relayerRole: 'held' | 'missing' | 'unchecked'
  /** Block timestamp of the read, seconds (decimal string). */
  checkedAt: string
  venues: VenueAvailability[]
  routes: RouteAvailability[]
  conversions: ConversionAvailability[]
}

const OK: Verdict = { ok: true }

/** `MainnetController` or `ForeignController`, by version. */
export function controllerName(version: ControllerVersion): 'MainnetController' | 'ForeignController' {
  return version === 'mainnet-v1.10' ? 'MainnetController' : 'ForeignController'
}

const shortAddr = (a: string) => `${a.slice(0, 6)}…${a.slice(-4)}`

function keyVerdict(reads: PreflightReads, key: KeyRead): Verdict {
  if (key.data.maxAmount !== 0n) return OK
  return {
    ok: false,
    code: 'rate-limit-unset',
    contract: reads.rateLimits,
    setting: key.key,
    reason:
      `${reads.chain}: RateLimits ${reads.rateLimits} key ${key.label} (${key.key}) is not set (maxAmount 0, ` +
      `the controller reverts RateLimits/zero-maxAmount): governance must call ` +
      `RateLimits.setRateLimitData(${key.key}, maxAmount, slope) or setUnlimitedRateLimitData(${key.key})`,
  }
}

function firstFailing(...verdicts: Verdict[]): Verdict {
  return verdicts.find((v) => !v.ok) ?? OK
}

function capacity(key: KeyRead, nowSeconds: bigint, decimals: number): string | undefined {
  if (isUnlimited(key.data) || key.data.maxAmount === maxUint256) return undefined
  return toUsd(currentRateLimit(key.data, nowSeconds), decimals)
}

/** The RELAYER check: a removed relayer fails every call on the chain. */
export function relayerVerdict(reads: PreflightReads): Verdict {
  if (reads.relayerHasRole !== false) return OK
  const name = controllerName(reads.controllerVersion)
  return {
    ok: false,
    code: 'relayer-removed',
    contract: reads.controller,
    setting: 'RELAYER',
    reason:
      `${reads.chain}: ${name} ${reads.controller} does not grant RELAYER to ${reads.relayer} (removed by the ` +
      `FREEZER, or never granted): governance must call grantRole(RELAYER, ${reads.relayer}) once it is safe`,
  }
}

function venueAvailability(reads: PreflightReads, venue: VenueReads): VenueAvailability {
  const name = controllerName(reads.controllerVersion)
  let setting: Verdict = OK
  if (venue.kind === 'aave' && venue.maxSlippage === 0n) {
    setting = {
      ok: false,
      code: 'max-slippage-unset',
      contract: reads.controller,
      setting: `maxSlippages(${venue.aToken})`,
      reason:
        `${reads.chain}: ${name} ${reads.controller} maxSlippages(aToken ${venue.aToken} of ${venue.market}) ` +
        `is 0 (depositAave reverts ${name === 'MainnetController' ? 'MC' : 'FC'}/max-slippage-not-set): ` +
        `governance must call setMaxSlippage(${venue.aToken}, 0.999e18)`,
    }
  }
  if (venue.kind === 'erc4626') {
    if (venue.maxExchangeRate === 0n) {
      setting = {
        ok: false,
        code: 'max-exchange-rate-unset',
        contract: reads.controller,
        setting: `maxExchangeRates(${venue.vault})`,
        reason:
          `${reads.chain}: ${name} ${reads.controller} maxExchangeRates(vault ${venue.vault} of ${venue.market}) ` +
          `is 0 (every depositERC4626 reverts exchange-rate-too-high): governance must call ` +
          `setMaxExchangeRate(${venue.vault}, shares, maxExpectedAssets)`,
      }
    } else if (venue.exchangeRate !== undefined && venue.exchangeRate > venue.maxExchangeRate) {
      setting = {
        ok: false,
        code: 'exchange-rate-too-high',
        contract: reads.controller,
        setting: `maxExchangeRates(${venue.vault})`,
        reason:
          `${reads.chain}: vault ${venue.vault} of ${venue.market} prices a share at ${venue.exchangeRate} ` +
          `(1e36 precision), above ${name} ${reads.controller} maxExchangeRates(${shortAddr(venue.vault)}) ` +
          `= ${venue.maxExchangeRate}: governance must raise it with setMaxExchangeRate, or the vault is unsafe`,
      }
    }
  }
  const depositKey = keyVerdict(reads, venue.deposit)
  const withdrawKey = keyVerdict(reads, venue.withdraw)
  const relayer = relayerVerdict(reads)
  const out: VenueAvailability = {
    market: venue.market,
    deposit: firstFailing(relayer, depositKey, setting),
    // withdrawals refill the deposit key: an unset deposit key makes them revert as well
    withdraw: firstFailing(relayer, withdrawKey, depositKey),
  }
  const dc = capacity(venue.deposit, reads.nowSeconds, venue.decimals)
  const wc = capacity(venue.withdraw, reads.nowSeconds, venue.decimals)
  if (dc !== undefined) out.depositCapacity = dc
  if (wc !== undefined) out.withdrawCapacity = wc
  return out
}

function routeAvailability(reads: PreflightReads, route: RouteReads): RouteAvailability[] {
  const name = controllerName(reads.controllerVersion)
  const recipient: Verdict =
    route.recipient === zeroHash || BigInt(route.recipient) === 0n
      ? {
          ok: false,
          code: 'layerzero-recipient-unset',
          contract: reads.controller,
          setting: `layerZeroRecipients(${route.eid})`,
          reason:
            `${reads.chain}: ${name} ${reads.controller} layerZeroRecipients(${route.eid} = ${route.to}) is not ` +
            `set (transferTokenLayerZero reverts recipient-not-set): governance must call ` +
            `setLayerZeroRecipient(${route.eid}, bytes32(ALMProxy of ${route.to}))`,
        }
      : OK
  return route.ofts.map((oft) => {
    const out: RouteAvailability = {
      from: reads.chain,
      to: route.to,
      asset: oft.asset,
      verdict: firstFailing(relayerVerdict(reads), recipient, keyVerdict(reads, oft.limit)),
    }
    const cap = capacity(oft.limit, reads.nowSeconds, oft.decimals)
    if (cap !== undefined) out.capacity = cap
    return out
  })
}

function conversions(reads: PreflightReads): ConversionAvailability[] {
  const psm = reads.psm
  if (!psm) return []
  const relayer = relayerVerdict(reads)
  if (psm.kind === 'litePsm') {
    const v = firstFailing(relayer, keyVerdict(reads, psm.usdsToUsdc))
    return [
      { from: 'USDS', to: 'USDC', verdict: v },
      { from: 'USDC', to: 'USDS', verdict: v },
    ]
  }
  const pair = (from: 'USDS' | 'USDC', to: 'USDS' | 'USDC'): ConversionAvailability => {
    const d = psm.deposit[from]
    const w = psm.withdraw[to]
    return {
      from,
      to,
      verdict: firstFailing(relayer, d ? keyVerdict(reads, d) : OK, w ? keyVerdict(reads, w) : OK),
    }
  }
  return [pair('USDS', 'USDC'), pair('USDC', 'USDS')]
}

/** Evaluates the pre-flight reads of one chain. */
export function evaluatePreflight(reads: PreflightReads): ChainPreflight {
  return {
    chain: reads.chain,
    controller: reads.controller,
    controllerName: controllerName(reads.controllerVersion),
    ...(reads.relayer ? { relayer: reads.relayer } : {}),
    relayerRole: reads.relayerHasRole === undefined ? 'unchecked' : reads.relayerHasRole ? 'held' : 'missing',
    checkedAt: reads.nowSeconds.toString(),
    venues: reads.venues.map((v) => venueAvailability(reads, v)),
    routes: reads.routes.flatMap((r) => routeAvailability(reads, r)),
    conversions: conversions(reads),
  }
}
