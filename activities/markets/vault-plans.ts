/**
 * Read plans of the ERC-4626 venues: a Morpho vault over one Morpho Blue market (market totals, fee, the
 * IRM's rate at target) and the sUSDS savings vault (position and savings rate); and of idle balances.
 *
 * @module
 */
import type { Address } from 'viem'
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

/** Plan of the operator's idle USDS and USDC balances. */
export function idlePlan(
  deployment: ChainDeployment,
  operator: Address,
): ReadPlan<{ USDS: bigint; USDC: bigint }> {
  return {
    subject: 'idle',
    calls: [
      call('USDS', deployment.tokens.USDS, erc20Abi, 'balanceOf', [operator]),
      call('USDC', deployment.tokens.USDC, erc20Abi, 'balanceOf', [operator]),
    ],
    decode: (results) => {
      const [usds, usdc] = results as [bigint, bigint]
      return { USDS: usds, USDC: usdc }
    },
  }
}
