/**
 * The pre-flight reads of one chain, as a read plan inside the chain's snapshot multicall (no extra
 * request): RELAYER role of the signer, per venue its controller setting (`maxSlippages` / `maxExchangeRates`)
 * and its deposit and withdraw keys, per destination `layerZeroRecipients(eid)` and the LAYERZERO keys of the
 * chain's USDS / USDC OFTs, and the PSM keys. `sll/preflight.ts` evaluates them.
 *
 * @module
 */
import { type Address, type Hex, parseAbi } from 'viem'
import { type ChainName, chainIdentities, chainNames } from '../../chains/names.js'
import type { ChainDeployment } from '../../chains/types.js'
import { type ControllerVersion, controllerAbis, rateLimitsAbi } from '../../sll/abis.js'
import {
  aaveDepositKey,
  aaveWithdrawKey,
  erc4626DepositKey,
  erc4626WithdrawKey,
  layerZeroKey,
  psmDepositKey,
  psmWithdrawKey,
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
}

const multicallTimestampAbi = parseAbi(['function getCurrentBlockTimestamp() view returns (uint256)'])

type Pending = { key: Hex; label: string }

/**
 * The plan. Venue reads need the vault prices for the exchange-rate check: those come from the market reads
 * of the same multicall, so {@link PreflightReads} is completed by `readChainRaw` (`exchangeRate`).
 */
export function preflightPlan(
  deployment: ChainDeployment,
  target: PreflightTarget,
): ReadPlan<Omit<PreflightReads, 'chain'>> {
  const abi = controllerAbis[target.controllerVersion]
  const calls: PlannedCall[] = [
    call('Multicall3', deployment.multicall3, multicallTimestampAbi, 'getCurrentBlockTimestamp'),
  ]
  if (target.relayer)
    calls.push(call('Controller', target.controller, abi, 'hasRole', [RELAYER_ROLE, target.relayer]))
  const keys: Pending[] = []
  const keyCall = (key: Hex, label: string) => {
    keys.push({ key, label })
    calls.push(call('RateLimits', target.rateLimits, rateLimitsAbi, 'getRateLimitData', [key]))
  }

  type VenueShape =
    | { kind: 'aave'; market: string; aToken: Address; decimals: number }
    | { kind: 'erc4626'; market: string; vault: Address; decimals: number }
  const venues: VenueShape[] = []
  for (const venue of deployment.venues) {
    if (venue.protocol === 'aave' || venue.protocol === 'sparklend') {
      calls.push(call('Controller', target.controller, abi, 'maxSlippages', [venue.aToken]))
      keyCall(aaveDepositKey(venue.aToken), `AAVE_DEPOSIT(${venue.id})`)
      keyCall(aaveWithdrawKey(venue.aToken), `AAVE_WITHDRAW(${venue.id})`)
      venues.push({ kind: 'aave', market: venue.id, aToken: venue.aToken, decimals: venue.decimals })
    } else if (venue.protocol === 'morpho' || venue.protocol === 'savings') {
      calls.push(call('Controller', target.controller, abi, 'maxExchangeRates', [venue.vault]))
      keyCall(erc4626DepositKey(venue.vault), `4626_DEPOSIT(${venue.id})`)
      keyCall(erc4626WithdrawKey(venue.vault), `4626_WITHDRAW(${venue.id})`)
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
      keyCall(layerZeroKey(oft.address, eid), label)
      ofts.push({
        asset,
        oft: oft.address,
        decimals: asset === 'USDC' ? 6 : 18,
        limit: { key: layerZeroKey(oft.address, eid), label, data: undefined as never },
      })
    }
    routeShapes.push({ to, eid, ofts })
  }

  const psmKeys: Array<{ side: 'deposit' | 'withdraw' | 'lite'; asset: 'USDS' | 'USDC' }> = []
  if (target.psm?.kind === 'litePsm') {
    keyCall(usdsToUsdcKey, `USDS_TO_USDC(${deployment.name})`)
    psmKeys.push({ side: 'lite', asset: 'USDC' })
  } else if (target.psm?.kind === 'psm3') {
    for (const asset of ['USDS', 'USDC'] as const) {
      keyCall(psmDepositKey(deployment.tokens[asset]), `PSM_DEPOSIT(${deployment.name}/${asset})`)
      psmKeys.push({ side: 'deposit', asset })
      keyCall(psmWithdrawKey(deployment.tokens[asset]), `PSM_WITHDRAW(${deployment.name}/${asset})`)
      psmKeys.push({ side: 'withdraw', asset })
    }
  }

  return {
    subject: 'sll-preflight',
    calls,
    decode: (results) => {
      let i = 0
      let k = 0
      const next = () => results[i++]
      const nowSeconds = next() as bigint
      const relayerHasRole = target.relayer ? (next() as boolean) : undefined
      const keyRead = (): KeyRead => {
        const pending = keys[k++] as Pending
        const raw = next() as RateLimitData
        return {
          key: pending.key,
          label: pending.label,
          data: {
            maxAmount: raw.maxAmount,
            slope: raw.slope,
            lastAmount: raw.lastAmount,
            lastUpdated: raw.lastUpdated,
          },
        }
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
      return {
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
