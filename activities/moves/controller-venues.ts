import { parseAbi } from 'viem'

/** ERC-4626 previews the mainnet controller's share bounds are computed from. */
export const erc4626Abi = parseAbi([
  'function previewDeposit(uint256 assets) view returns (uint256 shares)',
  'function previewWithdraw(uint256 assets) view returns (uint256 shares)',
])

/** Tolerance of the ERC-4626 share bounds (`minSharesOut` / `maxSharesIn`): 1 basis point. */
export const SHARE_BOUND_BPS = 1n

/** `shares` widened by {@link SHARE_BOUND_BPS}: down for a minimum out, up for a maximum in. */
export function withSlippage(shares: bigint, direction: 'up' | 'down'): bigint {
  if (direction === 'down') return (shares * (10_000n - SHARE_BOUND_BPS)) / 10_000n
  return (shares * (10_000n + SHARE_BOUND_BPS) + 9_999n) / 10_000n
}
