import { type Address, encodeFunctionData, type Hex, parseAbi } from 'viem'
import type { Venue } from '../../chains/types.js'

const aavePoolAbi = parseAbi([
  'function supply(address asset, uint256 amount, address onBehalfOf, uint16 referralCode)',
  'function withdraw(address asset, uint256 amount, address to) returns (uint256)',
])

const erc4626Abi = parseAbi([
  'function deposit(uint256 assets, address receiver) returns (uint256 shares)',
  'function withdraw(uint256 assets, address receiver, address owner) returns (uint256 shares)',
])

/** One contract call: target and calldata; `spender` is who must be approved first (deposits). */
export type VenueCall = { to: Address; data: Hex; spender?: Address }

/** The call that supplies `amount` base units of the venue's underlying on behalf of `owner`. */
export function depositCall(venue: Venue, amount: bigint, owner: Address): VenueCall {
  switch (venue.protocol) {
    case 'aave':
    case 'sparklend':
      return {
        to: venue.pool,
        spender: venue.pool,
        data: encodeFunctionData({
          abi: aavePoolAbi,
          functionName: 'supply',
          args: [venue.underlying, amount, owner, 0],
        }),
      }
    case 'morpho':
    case 'savings':
      return {
        to: venue.vault,
        spender: venue.vault,
        data: encodeFunctionData({ abi: erc4626Abi, functionName: 'deposit', args: [amount, owner] }),
      }
  }
}

/** The call that withdraws `amount` base units of the venue's underlying to `owner`. */
export function withdrawCall(venue: Venue, amount: bigint, owner: Address): VenueCall {
  switch (venue.protocol) {
    case 'aave':
    case 'sparklend':
      return {
        to: venue.pool,
        data: encodeFunctionData({
          abi: aavePoolAbi,
          functionName: 'withdraw',
          args: [venue.underlying, amount, owner],
        }),
      }
    case 'morpho':
    case 'savings':
      return {
        to: venue.vault,
        data: encodeFunctionData({ abi: erc4626Abi, functionName: 'withdraw', args: [amount, owner, owner] }),
      }
  }
}
