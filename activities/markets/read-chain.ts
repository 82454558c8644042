/**
 * Reads every venue of one chain (and the operator's idle balances) in one multicall: one JSON-RPC request
 * per chain in steady state, two on the first read of an Aave reserve without registry hints (discovery of
 * its debt tokens and strategy) or after governance changed them.
 *
 * @module
 */
import type { Address, Transport } from 'viem'
import type { ChainName } from '../../chains/names.js'
import type { AaveVenue, ChainDeployment } from '../../chains/types.js'
import { evaluatePreflight } from '../../sll/preflight.js'
import { redactUrl } from '../tx/redact.js'
import { aaveDiscoveryPlan, aavePlan, StaleReserveAddresses } from './aave-plan.js'
import { createMarketsClient, type RequestCounter } from './client.js'
import { type ChainMarkets, toChainMarkets } from './convert.js'
import type { ChainCostConfig } from './cost-config.js'
import { costPlan } from './cost-plan.js'
import { chainCosts } from './cost-section.js'
import { knownReserveAddresses, rememberReserveAddresses } from './discovery-cache.js'
import { ChainUnreachableError, DeploymentMismatchError, VenueReadError } from './errors.js'
import { type MulticallContext, runMulticall, shortMessage } from './multicall.js'
import type { ReadPlan } from './plan.js'
import { type PreflightTarget, preflightPlan } from './preflight-plan.js'
import type { RawChainMarkets, RawMarket, ReserveAddresses } from './raw.js'
import { type IdlePsm3, idlePlan, MorphoMarketMismatch, morphoPlan, savingsPlan } from './vault-plans.js'

/** Inputs of a one-chain market read. */
export type ReadChainOptions = {
  chain: ChainName
  rpcUrl: string
  deployment: ChainDeployment
  /** Whose positions and idle balances to read (the ALMProxy; the devnet operator account). */
  operator: Address
  /** The chain's PSM3 (L2s): the operator's PSM3 shares and idle sUSDS count as idle money. */
  psm3?: IdlePsm3 | undefined
  /**
   * The chain's SLL controller (and the RELAYER to check): its pre-flight reads join the same multicall
   * and the result carries `preflight` (see `sll/preflight.ts`). Omitted: no pre-flight.
   */
  preflight?: PreflightTarget | undefined
  /**
   * Prices moves on this chain (with `preflight`): the cost reads join the multicall, the gas price is one
   * `eth_gasPrice` beside it, and the result carries `costs` (see `cost-section.ts`). Omitted: no costs.
   */
  costs?: ChainCostConfig | undefined
  /** Overrides the HTTP transport (tests: viem `custom({ request })`). */
  transport?: Transport
}

/** Reads the addresses of the reserves that are neither cached nor in the registry (one request). */
async function discover(ctx: MulticallContext, venues: AaveVenue[]): Promise<void> {
  if (venues.length === 0) return
  const plans = venues.map(aaveDiscoveryPlan)
  const results = await runMulticall(ctx, plans)
  plans.forEach((plan, i) => {
    const venue = venues[i]!
    rememberReserveAddresses(ctx.deployment.chainId, venue, plan.decode(results[i]!))
  })
}

/** Builds the plans of every venue from registry data and known reserve addresses. */
function plansFor(options: ReadChainOptions): ReadPlan<RawMarket>[] {
  const { deployment, operator } = options
  return deployment.venues.map((venue): ReadPlan<RawMarket> => {
    if (venue.protocol === 'morpho') return morphoPlan(venue, operator)
    if (venue.protocol === 'savings') return savingsPlan(venue, operator)
    const addresses = knownReserveAddresses(deployment.chainId, venue)
    if (!addresses) throw new Error(`reserve addresses of ${venue.id} unknown after discovery`)
    return aavePlan(venue, addresses, operator)
  })
}

/**
 * Reads one chain and returns the raw numbers (bigint). Throws `ChainUnreachableError`,
 * `WrongChainError` or `VenueReadError` (naming chain and venue); never returns a partial read.
 */
export async function readChainRaw(options: ReadChainOptions): Promise<RawChainMarkets> {
  const { deployment, operator } = options
  if (deployment.name !== options.chain) throw new DeploymentMismatchError(options.chain, deployment.name)
  const counter: RequestCounter = { requests: 0 }
  const client = createMarketsClient({
    deployment,
    rpcUrl: options.rpcUrl,
    counter,
    ...(options.transport ? { transport: options.transport } : {}),
  })
  const ctx: MulticallContext = { client, deployment, rpcUrl: options.rpcUrl }
  const aaveVenues = deployment.venues.filter(
    (v): v is AaveVenue => v.protocol === 'aave' || v.protocol === 'sparklend',
  )

  await discover(
    ctx,
    aaveVenues.filter((v) => !knownReserveAddresses(deployment.chainId, v)),
  )
  for (let attempt = 1; ; attempt++) {
    const idle = idlePlan(deployment, operator, options.psm3)
    const plans = plansFor(options)
    const preflight = options.preflight ? preflightPlan(deployment, options.preflight) : undefined
    const costs =
      options.preflight && options.costs ? costPlan(deployment, options.preflight, operator) : undefined
    const [all, gasPriceWei] = await Promise.all([
      runMulticall(ctx, [idle, ...plans, ...(preflight ? [preflight] : []), ...(costs ? [costs] : [])]),
      costs ? readGasPrice(ctx) : undefined,
    ])
    const costResults = costs ? all.pop() : undefined
    const [idleResults, ...venueResults] = all
    const stale: { venue: AaveVenue; current: ReserveAddresses }[] = []
    const markets: RawMarket[] = []
    plans.forEach((plan, i) => {
      try {
        markets.push(plan.decode(venueResults[i]!))
      } catch (error) {
        if (error instanceof StaleReserveAddresses && attempt === 1) {
          stale.push({ venue: aaveVenues.find((v) => v.id === error.venueId)!, current: error.current })
          return
        }
        const detail =
          error instanceof StaleReserveAddresses
            ? 'reserve addresses keep changing between reads'
            : error instanceof MorphoMarketMismatch
              ? error.message
              : String(error)
        throw new VenueReadError(
          deployment.name,
          plan.subject,
          plan.calls[0]?.label ?? plan.subject,
          detail,
          error,
        )
      }
    })
    if (stale.length > 0) {
      for (const { venue, current } of stale) rememberReserveAddresses(deployment.chainId, venue, current)
      continue
    }
    const checked = preflight ? decodePreflight(deployment, preflight, all.at(-1)!, markets) : undefined
    return {
      chain: deployment.name,
      chainId: deployment.chainId,
      operator,
      markets,
      idle: idle.decode(idleResults!),
      requests: counter.requests,
      ...(checked ?? {}),
      ...(costs && options.costs && options.preflight && gasPriceWei !== undefined
        ? {
            costs: chainCosts({
              chain: deployment.name,
              gasPriceWei,
              reads: costs.decode(costResults!),
              config: options.costs,
              keys: checked?.rateLimits.keys ?? [],
              hasCctp: options.preflight.cctpDestinations !== undefined,
            }),
          }
        : {}),
    }
  }
}

/** The chain's gas price (`eth_gasPrice`; wei). Throws `ChainUnreachableError` when the node does not answer. */
async function readGasPrice(ctx: MulticallContext): Promise<bigint> {
  try {
    return await ctx.client.getGasPrice()
  } catch (error) {
    throw new ChainUnreachableError(ctx.deployment.name, redactUrl(ctx.rpcUrl), shortMessage(error), error)
  }
}

/** Evaluates the pre-flight reads (and returns the rate-limit keys read with them), with each vault's price (assets per share, 1e36) from its market read. */
function decodePreflight(
  deployment: ChainDeployment,
  plan: ReturnType<typeof preflightPlan>,
  results: readonly unknown[],
  markets: RawMarket[],
) {
  const { limits, ...reads } = plan.decode(results)
  const rates = new Map<string, bigint>()
  for (const m of markets) {
    if (m.kind === 'morpho' && m.vaultTotalSupply > 0n)
      rates.set(m.venue.id, (m.vaultTotalAssets * 10n ** 36n) / m.vaultTotalSupply)
    if (m.kind === 'savings' && m.totalSupply > 0n)
      rates.set(m.venue.id, (m.totalAssets * 10n ** 36n) / m.totalSupply)
  }
  const venues = reads.venues.map((v) =>
    v.kind === 'erc4626' && rates.has(v.market) ? { ...v, exchangeRate: rates.get(v.market) } : v,
  )
  return {
    preflight: evaluatePreflight({ ...reads, chain: deployment.name, venues }),
    rateLimits: { nowSeconds: reads.nowSeconds, keys: limits },
  }
}

/**
 * Reads one chain's markets and idle money, converted to the spec snapshot shape (JSON-safe; one Temporal
 * activity per chain). See {@link readChainRaw} for the errors.
 */
export async function readChainMarkets(options: ReadChainOptions): Promise<ChainMarkets> {
  return toChainMarkets(await readChainRaw(options))
}
