/**
 * The pre-flight reads of one chain, as a read plan inside the chain's snapshot multicall (no extra
 * request): RELAYER role of the signer, per venue its controller setting (`maxSlippages` / `maxExchangeRates`)
 * and its deposit and withdraw keys, per destination `layerZeroRecipients(eid)` and the LAYERZERO keys of the
 * chain's USDS / USDC OFTs, and the PSM keys. `sll/preflight.ts` evaluates them.
 *
 * @module
 */
import { type Address, type Hex, parseAbi } from 'viem'
import { cctpDomains } from '../../cctp/domains.js'
import { type ChainName, chainIdentities, chainNames } from '../../chains/names.js'
import type { ChainDeployment } from '../../chains/types.js'
import type { RateLimitGuard } from '../../policies/rate-limit-snapshot.js'
import { type ControllerVersion, controllerAbis, rateLimitsAbi } from '../../sll/abis.js'
import {
  aaveDepositKey,
  aaveWithdrawKey,
  erc4626DepositKey,
  erc4626WithdrawKey,
  layerZeroKey,
  psmDepositKey,
  psmWithdrawKey,
  usdcToCctpKey,
  usdcToDomainKey,
  usdsMintKey,
  usdsToUsdcKey,
} from '../../sll/keys.js'
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
export type GuardedKeyRead = KeyRead & { guards: RateLimitGuard; decimals: number; unit: 'USD' | 'sUSDS' }

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

  type VenueShape =
    | { kind: 'aave'; market: string; aToken: Address; decimals: number }
    | { kind: 'erc4626'; market: string; vault: Address; decimals: number }
  const venues: VenueShape[] = []
  for (const venue of deployment.venues) {
    if (venue.protocol === 'aave' || venue.protocol === 'sparklend') {
      calls.push(call('Controller', target.controller, abi, 'maxSlippages', [venue.aToken]))
      const units = { decimals: venue.decimals, unit: 'USD' } as const
      keyCall(aaveDepositKey(venue.aToken), `AAVE_DEPOSIT(${venue.id})`, {
        guards: { action: 'deposit', market: venue.id },
        ...units,
      })
      keyCall(aaveWithdrawKey(venue.aToken), `AAVE_WITHDRAW(${venue.id})`, {
        guards: { action: 'withdraw', market: venue.id },
        ...units,
      })
      venues.push({ kind: 'aave', market: venue.id, aToken: venue.aToken, decimals: venue.decimals })
    } else if (venue.protocol === 'morpho' || venue.protocol === 'savings') {
      calls.push(call('Controller', target.controller, abi, 'maxExchangeRates', [venue.vault]))
      // ERC-4626 keys count the vault's assets (USDS for the savings vault), not its shares
      const units = { decimals: venue.decimals, unit: 'USD' } as const
      keyCall(erc4626DepositKey(venue.vault), `4626_DEPOSIT(${venue.id})`, {
        guards: { action: 'deposit', market: venue.id },
        ...units,
      })
      keyCall(erc4626WithdrawKey(venue.vault), `4626_WITHDRAW(${venue.id})`, {
        guards: { action: 'withdraw', market: venue.id },
        ...units,
      })
      venues.push({ kind: 'erc4626', market: venue.id, vault: venue.vault, decimals: venue.decimals })
    }
  }

  const destinations = chainNames.filter((c) => c !== deployment.name)
  const routeShapes: Array<{ to: ChainName; eid: number; ofts: RouteReads['ofts'][number][] }> = []
  for (const to of destinations) {
    const eid = chainIdentities[to].eid
    calls.push(call('Controller', target.controller, abi, 'layerZeroRecipients', [eid]))
    const ofts: RouteReads['ofts'][number][] = []
    for (const asset of ['USDS', 'USDC'] as const) {
      const oft = deployment.layerZero.ofts[asset]
      if (!oft) continue
      const label = `LAYERZERO(${deployment.name}/${asset} -> ${to})`
      const decimals = asset === 'USDC' ? 6 : 18
      keyCall(
        layerZeroKey(oft.address, eid),
        label,
        isHubSpokePair(deployment.name, to)
          ? {
              guards: { action: 'layerzero', chain: deployment.name, toChain: to, asset },
              decimals,
              unit: 'USD',
            }
          : undefined,
      )
      ofts.push({
        asset,
        oft: oft.address,
        decimals,
        limit: { key: layerZeroKey(oft.address, eid), label, data: undefined as never },
      })
    }
    routeShapes.push({ to, eid, ofts })
  }

  const psmKeys: Array<{ side: 'deposit' | 'withdraw' | 'lite'; asset: 'USDS' | 'USDC' }> = []
  if (target.psm?.kind === 'litePsm') {
    keyCall(usdsToUsdcKey, `USDS_TO_USDC(${deployment.name})`, {
      guards: { action: 'usds-to-usdc', chain: deployment.name },
      decimals: 6,
      unit: 'USD',
    })
    psmKeys.push({ side: 'lite', asset: 'USDC' })
  } else if (target.psm?.kind === 'psm3') {
    for (const asset of ['USDS', 'USDC'] as const) {
      const units = { decimals: asset === 'USDC' ? 6 : 18, unit: 'USD' } as const
      keyCall(psmDepositKey(deployment.tokens[asset]), `PSM_DEPOSIT(${deployment.name}/${asset})`, {
        guards: { action: 'psm-deposit', chain: deployment.name, asset },
        ...units,
      })
      psmKeys.push({ side: 'deposit', asset })
      keyCall(psmWithdrawKey(deployment.tokens[asset]), `PSM_WITHDRAW(${deployment.name}/${asset})`, {
        guards: { action: 'psm-withdraw', chain: deployment.name, asset },
        ...units,
      })
      psmKeys.push({ side: 'withdraw', asset })
    }
  }
  const extra = sectionOnlyKeys(deployment, target)
  for (const k of extra) keyCall(k.key, k.label, k.section)

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
      const routes: RouteReads[] = routeShapes.map((shape) => {
        const recipient = next() as Hex
        return { ...shape, recipient, ofts: shape.ofts.map((oft) => ({ ...oft, limit: keyRead() })) }
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
        return [{ key: pending.key, label: pending.label, data: copyData(data), ...pending.section }]
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
function sectionOnlyKeys(deployment: ChainDeployment, target: PreflightTarget): Required<Pending>[] {
  const chain = deployment.name
  const out: Required<Pending>[] = []
  if (target.psm?.kind === 'psm3') {
    const sUsds = deployment.tokens.sUSDS
    const units = { decimals: 18, unit: 'sUSDS' } as const
    out.push(
      {
        key: psmDepositKey(sUsds),
        label: `PSM_DEPOSIT(${chain}/sUSDS)`,
        section: { guards: { action: 'psm-deposit', chain, asset: 'sUSDS' }, ...units },
      },
      {
        key: psmWithdrawKey(sUsds),
        label: `PSM_WITHDRAW(${chain}/sUSDS)`,
        section: { guards: { action: 'psm-withdraw', chain, asset: 'sUSDS' }, ...units },
      },
    )
  }
  if (target.controllerVersion === 'mainnet-v1.10')
    out.push({
      key: usdsMintKey,
      label: `USDS_MINT(${chain})`,
      section: { guards: { action: 'usds-mint', chain }, decimals: 18, unit: 'USD' },
    })
  if (target.cctpDestinations) {
    out.push({
      key: usdcToCctpKey,
      label: `USDC_TO_CCTP(${chain})`,
      section: { guards: { action: 'cctp', chain }, decimals: 6, unit: 'USD' },
    })
    for (const to of target.cctpDestinations)
      out.push({
        key: usdcToDomainKey(cctpDomains[to]),
        label: `USDC_TO_DOMAIN(${chain} -> ${to})`,
        section: { guards: { action: 'cctp-domain', chain, toChain: to }, decimals: 6, unit: 'USD' },
      })
  }
  return out
}
