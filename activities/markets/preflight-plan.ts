/**
 * The pre-flight reads of one chain, as a read plan inside the chain's snapshot multicall (no extra
 * request): RELAYER role of the signer, per venue its controller setting (`maxSlippages` / `maxExchangeRates`)
 * and its deposit and withdraw keys, per destination `layerZeroRecipients(eid)` and the LAYERZERO keys of the
 * chain's USDS / USDC OFTs (on hub-and-spoke pairs also each OFT's own room, `quoteOFT`), and the PSM keys.
 * `sll/preflight.ts` evaluates them.
 *
 * @module
 */
import { type Address, type Hex, parseAbi } from 'viem'
import { type ChainName, chainIdentities, chainNames } from '../../chains/names.js'
import type { ChainDeployment } from '../../chains/types.js'
import { quoteOftAbi } from '../../layerzero/oft-abi.js'
import type { RateLimitGuard } from '../../policies/rate-limit-snapshot.js'
import { type ControllerVersion, controllerAbis, rateLimitsAbi } from '../../sll/abis.js'
import { guardKeyOn } from '../../sll/guard-key.js'
import type { KeyRead, PreflightReads, PsmReads, RouteReads, VenueReads } from '../../sll/preflight.js'
import type { RateLimitData } from '../../sll/rate-limits.js'
import { RELAYER_ROLE } from '../../sll/roles.js'
import { call, type PlannedCall, type ReadPlan } from './plan.js'

/** What the pre-flight needs to know of a chain's SLL deployment (a subset of `chains/sll-deployment.ts`). */
export type PreflightTarget = {
  controllerVersion: ControllerVersion
  controller: Address
  rateLimits: Address
  psm?: { kind: 'litePsm' | 'psm3'; address: Address } | undefined
  /** The RELAYER whose role is checked (the signer); omitted: the role is not checked. */
  relayer?: Address | undefined
  /** Destinations of the controller's CCTP route (USDC_TO_DOMAIN keys); omitted: no CCTP keys read. */
  cctpDestinations?: readonly ChainName[] | undefined
}

/**
 * One key of the snapshot's `rateLimits` section as read: what it guards and the units it counts in
 * (`sUSDS`: counted in sUSDS, priced by the chain's sUSDS rate when the section is assembled).
 */
export type GuardedKeyRead = KeyRead & {
  guards: RateLimitGuard
  decimals: number
  unit: 'USD' | 'sUSDS'
  /** LayerZero keys: the OFT's own room to that destination (`quoteOFT` maxAmountLD; 0 when it refuses to quote). */
  oftMaxAmount?: bigint
}

/**
 * The SendParam of the OFT-room probe: nothing sent, nothing to anyone; `quoteOFT` of it returns the OFT's
 * limits for `dstEid` (an OFT with its own outbound rate limiter reports its room as `maxAmountLD`).
 */
export function oftRoomProbe(dstEid: number) {
  return {
    dstEid,
    to: `0x${'0'.repeat(64)}` as Hex,
    amountLD: 0n,
    minAmountLD: 0n,
    extraOptions: '0x' as Hex,
    composeMsg: '0x' as Hex,
    oftCmd: '0x' as Hex,
  }
}

/** `quoteOFT`'s first result, as viem decodes it. */
type OftLimitResult = readonly [{ minAmountLD: bigint; maxAmountLD: bigint }, ...unknown[]]

/** Whether a LayerZero / CCTP pair is a hub-and-spoke route (Ethereum to an L2 or back): the routes that exist. */
export function isHubSpokePair(from: ChainName, to: ChainName): boolean {
  return from !== to && (from === 'ethereum' || to === 'ethereum')
}

const multicallTimestampAbi = parseAbi(['function getCurrentBlockTimestamp() view returns (uint256)'])

type Pending = { key: Hex; label: string; section?: Omit<GuardedKeyRead, keyof KeyRead> | undefined }

/**
 * The plan. Venue reads need the vault prices for the exchange-rate check: those come from the market reads
 * of the same multicall, so {@link PreflightReads} is completed by `readChainRaw` (`exchangeRate`).
 */
export function preflightPlan(
  deployment: ChainDeployment,
  target: PreflightTarget,
): ReadPlan<Omit<PreflightReads, 'chain'> & { limits: GuardedKeyRead[] }> {
  const abi = controllerAbis[target.controllerVersion]
  const calls: PlannedCall[] = [
    call('Multicall3', deployment.multicall3, multicallTimestampAbi, 'getCurrentBlockTimestamp'),
  ]
  if (target.relayer)
    calls.push(call('Controller', target.controller, abi, 'hasRole', [RELAYER_ROLE, target.relayer]))
  const keys: Pending[] = []
  const keyCall = (key: Hex, label: string, section?: Pending['section']) => {
    keys.push({ key, label, section })
    calls.push(call('RateLimits', target.rateLimits, rateLimitsAbi, 'getRateLimitData', [key]))
  }
  /** A key named by what it guards: key and label from `sll/guard-key.ts`, the one derivation. */
  const guardedCall = (section: NonNullable<Pending['section']>) => {
    const { key, label } = guardKeyOn(section.guards, deployment)
    keyCall(key, label, section)
    return key
  }

  type VenueShape =
    | { kind: 'aave'; market: string; aToken: Address; decimals: number }
    | { kind: 'erc4626'; market: string; vault: Address; decimals: number }
  const venues: VenueShape[] = []
  for (const venue of deployment.venues) {
    if (venue.protocol === 'aave' || venue.protocol === 'sparklend') {
      calls.push(call('Controller', target.controller, abi, 'maxSlippages', [venue.aToken]))
      const units = { decimals: venue.decimals, unit: 'USD' } as const
      guardedCall({ guards: { action: 'deposit', market: venue.id }, ...units })
      guardedCall({ guards: { action: 'withdraw', market: venue.id }, ...units })
      venues.push({ kind: 'aave', market: venue.id, aToken: venue.aToken, decimals: venue.decimals })
    } else if (venue.protocol === 'morpho' || venue.protocol === 'savings') {
      calls.push(call('Controller', target.controller, abi, 'maxExchangeRates', [venue.vault]))
      // ERC-4626 keys count the vault's assets (USDS for the savings vault), not its shares
      const units = { decimals: venue.decimals, unit: 'USD' } as const
      guardedCall({ guards: { action: 'deposit', market: venue.id }, ...units })
      guardedCall({ guards: { action: 'withdraw', market: venue.id }, ...units })
      venues.push({ kind: 'erc4626', market: venue.id, vault: venue.vault, decimals: venue.decimals })
    }
  }

  const destinations = chainNames.filter((c) => c !== deployment.name)
  const routeShapes: Array<{
    to: ChainName
    eid: number
    ofts: RouteReads['ofts'][number][]
    /** Per OFT: whether its room was probed (`quoteOFT`, right after its key's read). */
    probed: boolean[]
  }> = []
  for (const to of destinations) {
    const eid = chainIdentities[to].eid
    calls.push(call('Controller', target.controller, abi, 'layerZeroRecipients', [eid]))
    const ofts: RouteReads['ofts'][number][] = []
    const probed: boolean[] = []
    for (const asset of ['USDS', 'USDC'] as const) {
      const oft = deployment.layerZero.ofts[asset]
      if (!oft) continue
      const decimals = asset === 'USDC' ? 6 : 18
      const guards = { action: 'layerzero', chain: deployment.name, toChain: to, asset } as const
      const { key, label } = guardKeyOn(guards, deployment)
      // Only hub-and-spoke pairs enter the section (the routes that exist); the pre-flight checks every pair.
      const inSection = isHubSpokePair(deployment.name, to)
      keyCall(key, label, inSection ? { guards, decimals, unit: 'USD' } : undefined)
      // The OFT's own limit (a quote that reverts, e.g. a paused OFT, decodes as undefined: room 0).
      if (inSection)
        calls.push({
          ...call('OFT', oft.address, quoteOftAbi, 'quoteOFT', [oftRoomProbe(eid)]),
          optional: true,
        })
      probed.push(inSection)
      ofts.push({ asset, oft: oft.address, decimals, limit: { key, label, data: undefined as never } })
    }
    routeShapes.push({ to, eid, ofts, probed })
  }

  const psmKeys: Array<{ side: 'deposit' | 'withdraw' | 'lite'; asset: 'USDS' | 'USDC' }> = []
  if (target.psm?.kind === 'litePsm') {
    guardedCall({ guards: { action: 'usds-to-usdc', chain: deployment.name }, decimals: 6, unit: 'USD' })
    psmKeys.push({ side: 'lite', asset: 'USDC' })
  } else if (target.psm?.kind === 'psm3') {
    for (const asset of ['USDS', 'USDC'] as const) {
      const units = { decimals: asset === 'USDC' ? 6 : 18, unit: 'USD' } as const
      guardedCall({ guards: { action: 'psm-deposit', chain: deployment.name, asset }, ...units })
      psmKeys.push({ side: 'deposit', asset })
      guardedCall({ guards: { action: 'psm-withdraw', chain: deployment.name, asset }, ...units })
      psmKeys.push({ side: 'withdraw', asset })
    }
  }
  const extra = sectionOnlyKeys(deployment, target)
  for (const section of extra) guardedCall(section)

  return {
    subject: 'sll-preflight',
    calls,
    decode: (results) => {
      let i = 0
      let k = 0
      const keyResultIndex: number[] = []
      const next = () => results[i++]
      const nowSeconds = next() as bigint
      const relayerHasRole = target.relayer ? (next() as boolean) : undefined
      const keyRead = (): KeyRead => {
        const pending = keys[k++] as Pending
        keyResultIndex.push(i)
        return { key: pending.key, label: pending.label, data: copyData(next() as RateLimitData) }
      }
      const venueReads: VenueReads[] = venues.map((shape) => {
        const setting = next() as bigint
        const deposit = keyRead()
        const withdraw = keyRead()
        return shape.kind === 'aave'
          ? { ...shape, maxSlippage: setting, deposit, withdraw }
          : { ...shape, maxExchangeRate: setting, deposit, withdraw }
      })
      const oftRoom = new Map<Hex, bigint>()
      const routes: RouteReads[] = routeShapes.map(({ probed, ...shape }) => {
        const recipient = next() as Hex
        const ofts = shape.ofts.map((oft, j) => {
          const limit = keyRead()
          if (probed[j]) oftRoom.set(limit.key, (next() as OftLimitResult | undefined)?.[0].maxAmountLD ?? 0n)
          return { ...oft, limit }
        })
        return { ...shape, recipient, ofts }
      })
      let psm: PsmReads | undefined
      if (target.psm?.kind === 'litePsm') psm = { kind: 'litePsm', usdsToUsdc: keyRead() }
      else if (target.psm?.kind === 'psm3') {
        const deposit: Partial<Record<'USDS' | 'USDC', KeyRead>> = {}
        const withdraw: Partial<Record<'USDS' | 'USDC', KeyRead>> = {}
        for (const k of psmKeys) (k.side === 'deposit' ? deposit : withdraw)[k.asset] = keyRead()
        psm = { kind: 'psm3', deposit, withdraw }
      }
      for (const _ of extra) keyRead()
      const limits = keys.flatMap((pending, index): GuardedKeyRead[] => {
        if (!pending.section) return []
        const data = results[keyResultIndex[index]!] as RateLimitData
        const room = oftRoom.get(pending.key)
        return [
          {
            key: pending.key,
            label: pending.label,
            data: copyData(data),
            ...pending.section,
            ...(room === undefined ? {} : { oftMaxAmount: room }),
          },
        ]
      })
      return {
        limits,
        controllerVersion: target.controllerVersion,
        controller: target.controller,
        rateLimits: target.rateLimits,
        ...(target.relayer ? { relayer: target.relayer } : {}),
        ...(relayerHasRole === undefined ? {} : { relayerHasRole }),
        nowSeconds,
        venues: venueReads,
        routes,
        ...(psm ? { psm } : {}),
      }
    },
  }
}

function copyData(raw: RateLimitData): RateLimitData {
  return {
    maxAmount: raw.maxAmount,
    slope: raw.slope,
    lastAmount: raw.lastAmount,
    lastUpdated: raw.lastUpdated,
  }
}

/**
 * Keys only the `rateLimits` section needs (the pre-flight does not check them): PSM3 sUSDS keys, Ethereum's
 * USDS_MINT, and the CCTP keys (USDC_TO_CCTP, USDC_TO_DOMAIN per destination) where the controller has CCTP.
 */
function sectionOnlyKeys(
  deployment: ChainDeployment,
  target: PreflightTarget,
): NonNullable<Pending['section']>[] {
  const chain = deployment.name
  const out: NonNullable<Pending['section']>[] = []
  if (target.psm?.kind === 'psm3') {
    const units = { decimals: 18, unit: 'sUSDS' } as const
    out.push(
      { guards: { action: 'psm-deposit', chain, asset: 'sUSDS' }, ...units },
      { guards: { action: 'psm-withdraw', chain, asset: 'sUSDS' }, ...units },
    )
  }
  if (target.controllerVersion === 'mainnet-v1.10')
    out.push({ guards: { action: 'usds-mint', chain }, decimals: 18, unit: 'USD' })
  if (target.cctpDestinations) {
    out.push({ guards: { action: 'cctp', chain }, decimals: 6, unit: 'USD' })
    for (const to of target.cctpDestinations)
      out.push({ guards: { action: 'cctp-domain', chain, toChain: to }, decimals: 6, unit: 'USD' })
  }
  return out
}
