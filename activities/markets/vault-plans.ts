/**
 * Read plans of the ERC-4626 venues: a Morpho vault over one Morpho Blue market (market totals, fee, the
 * IRM's rate at target) and the sUSDS savings vault (position and savings rate); and of idle balances.
 *
 * @module
 */
import { type Address, parseAbi } from 'viem'
import type { ChainDeployment, MorphoVaultVenue, SavingsVenue } from '../../chains/types.js'
import { adaptiveCurveIrmAbi, erc20Abi, erc4626Abi, morphoBlueAbi, savingsRateAbi } from './abis.js'
import { call, type ReadPlan } from './plan.js'
import type { RawMorphoVault, RawSavingsVault } from './raw.js'

/** The registry's IRM or loan token disagrees with what Morpho Blue stores for the market id. */
export class MorphoMarketMismatch extends Error {}

/** Plan of a Morpho vault. Position = our shares at the vault's share price (totalAssets / totalSupply). */
export function morphoPlan(venue: MorphoVaultVenue, operator: Address): ReadPlan<RawMorphoVault> {
  return {
    subject: venue.id,
    calls: [
      call('Vault', venue.vault, erc4626Abi, 'totalAssets'),
      call('Vault', venue.vault, erc4626Abi, 'totalSupply'),
      call('Vault', venue.vault, erc4626Abi, 'balanceOf', [operator]),
      call('Morpho', venue.morpho, morphoBlueAbi, 'market', [venue.marketId]),
      call('Morpho', venue.morpho, morphoBlueAbi, 'idToMarketParams', [venue.marketId]),
      call('AdaptiveCurveIrm', venue.irm, adaptiveCurveIrmAbi, 'rateAtTarget', [venue.marketId]),
    ],
    decode: (results) => {
      const [totalAssets, totalSupply, shares, market, params, rateAtTarget] = results as [
        bigint,
        bigint,
        bigint,
        readonly [bigint, bigint, bigint, bigint, bigint, bigint],
        readonly [Address, Address, Address, Address, bigint],
        bigint,
      ]
      const [loanToken, , , irm] = params
      if (
        irm.toLowerCase() !== venue.irm.toLowerCase() ||
        loanToken.toLowerCase() !== venue.underlying.toLowerCase()
      )
        throw new MorphoMarketMismatch(
          `market ${venue.marketId} has loan token ${loanToken} and IRM ${irm}; the registry says ${venue.underlying} and ${venue.irm}`,
        )
      return {
        kind: 'morpho',
        venue,
        vaultTotalAssets: totalAssets,
        vaultTotalSupply: totalSupply,
        shares,
        market: {
          totalSupplyAssets: market[0],
          totalSupplyShares: market[1],
          totalBorrowAssets: market[2],
          totalBorrowShares: market[3],
          lastUpdate: market[4],
          fee: market[5],
        },
        rateAtTarget,
      }
    },
  }
}

/** Plan of the sUSDS savings vault: position at its share price, and `ssr()`. */
export function savingsPlan(venue: SavingsVenue, operator: Address): ReadPlan<RawSavingsVault> {
  return {
    subject: venue.id,
    calls: [
      call('SavingsVault', venue.vault, erc4626Abi, 'totalAssets'),
      call('SavingsVault', venue.vault, erc4626Abi, 'totalSupply'),
      call('SavingsVault', venue.vault, erc4626Abi, 'balanceOf', [operator]),
      call('SavingsVault', venue.vault, savingsRateAbi, 'ssr'),
    ],
    decode: (results) => {
      const [totalAssets, totalSupply, shares, ssr] = results as [bigint, bigint, bigint, bigint]
      return { kind: 'savings', venue, totalAssets, totalSupply, shares, ssr }
    },
  }
}

/** The PSM3 of an L2 whose shares (and whose rate provider for sUSDS) the idle read values. */
export type IdlePsm3 = { address: Address; rateProvider: Address }

/** Raw idle money: USDS and USDC base units, and the rest already in 1e18 USD (see {@link idlePlan}). */
export type RawIdle = { USDS: bigint; USDC: bigint; otherUsd18: bigint }

const psm3IdleAbi = parseAbi([
  'function shares(address user) view returns (uint256)',
  'function totalShares() view returns (uint256)',
  'function totalAssets() view returns (uint256)',
])
const rateProviderIdleAbi = parseAbi(['function getConversionRate() view returns (uint256)'])

/**
 * Plan of the idle money of `operator` (the ALMProxy): USDS and USDC balances; with a PSM3 (L2s), also its
 * PSM3 shares valued as `convertToAssetValue` does (`shares * totalAssets / totalShares`, floor) and idle
 * sUSDS at the PSM3 rate provider's conversion rate, both as `otherUsd18`. Where sUSDS is a venue's vault
 * (Ethereum's savings vault) it is a position, not idle, and is not read here.
 */
export function idlePlan(deployment: ChainDeployment, operator: Address, psm3?: IdlePsm3): ReadPlan<RawIdle> {
  const calls = [
    call('USDS', deployment.tokens.USDS, erc20Abi, 'balanceOf', [operator]),
    call('USDC', deployment.tokens.USDC, erc20Abi, 'balanceOf', [operator]),
  ]
  const sUsdsIsVenue = deployment.venues.some(
    (v) => 'vault' in v && v.vault.toLowerCase() === deployment.tokens.sUSDS.toLowerCase(),
  )
  if (psm3) {
    calls.push(
      call('PSM3.shares', psm3.address, psm3IdleAbi, 'shares', [operator]),
      call('PSM3.totalShares', psm3.address, psm3IdleAbi, 'totalShares', []),
      call('PSM3.totalAssets', psm3.address, psm3IdleAbi, 'totalAssets', []),
    )
    if (!sUsdsIsVenue) {
      calls.push(
        call('sUSDS', deployment.tokens.sUSDS, erc20Abi, 'balanceOf', [operator]),
        call('RateProvider', psm3.rateProvider, rateProviderIdleAbi, 'getConversionRate', []),
      )
    }
  }
  return {
    subject: 'idle',
    calls,
    decode: (results) => {
      const [usds, usdc, shares, totalShares, totalAssets, susds, rate] = results as bigint[]
      let otherUsd18 = 0n
      if (shares !== undefined && totalShares !== undefined && totalAssets !== undefined) {
        otherUsd18 += totalShares === 0n ? shares : (shares * totalAssets) / totalShares
      }
      if (susds !== undefined && rate !== undefined) otherUsd18 += (susds * rate) / 10n ** 27n
      return { USDS: usds as bigint, USDC: usdc as bigint, otherUsd18 }
    },
  }
}
