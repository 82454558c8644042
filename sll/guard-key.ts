import type { Hex } from 'viem'
import { cctpDomains } from '../cctp/domains.js'
import { chainIdentities } from '../chains/names.js'
import type { ChainDeployment, Registry } from '../chains/types.js'
import type { RateLimitGuard } from '../policies/rate-limit-snapshot.js'
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
} from './keys.js'

/**
 * The bytes32 key a guard stands for (pure): the hash the chain's controller triggers for that action,
 * derived from the registry's addresses with `sll/keys.ts`. Throws a plain `Error` naming the guard when
 * the registry lacks the venue or OFT (a snapshot of another network).
 */
export function keyOfGuard(guard: RateLimitGuard, registry: Registry): Hex {
  const venueOf = (market: string) => {
    const chain = market.split('/')[0] as keyof Registry
    const venue = registry[chain]?.venues.find((v) => v.id === market)
    if (!venue) throw new Error(`rate-limit guard ${guard.action} names ${market}, which the registry lacks`)
    return venue
  }
  const deployment = (chain: keyof Registry): ChainDeployment => registry[chain]
  switch (guard.action) {
    case 'deposit': {
      const v = venueOf(guard.market)
      return 'aToken' in v ? aaveDepositKey(v.aToken) : erc4626DepositKey(v.vault)
    }
    case 'withdraw': {
      const v = venueOf(guard.market)
      return 'aToken' in v ? aaveWithdrawKey(v.aToken) : erc4626WithdrawKey(v.vault)
    }
    case 'psm-deposit':
      return psmDepositKey(deployment(guard.chain).tokens[guard.asset])
    case 'psm-withdraw':
      return psmWithdrawKey(deployment(guard.chain).tokens[guard.asset])
    case 'usds-to-usdc':
      return usdsToUsdcKey
    case 'usds-mint':
      return usdsMintKey
    case 'layerzero': {
      const oft = deployment(guard.chain).layerZero.ofts[guard.asset]
      if (!oft) throw new Error(`rate-limit guard layerzero: ${guard.chain} has no ${guard.asset} OFT`)
      return layerZeroKey(oft.address, chainIdentities[guard.toChain].eid)
    }
    case 'cctp':
      return usdcToCctpKey
    case 'cctp-domain':
      return usdcToDomainKey(cctpDomains[guard.toChain])
  }
}

/** A short human name of a guard, e.g. `deposit base/aave/USDC`, `layerzero USDC base -> ethereum`. */
export function guardLabel(guard: RateLimitGuard): string {
  switch (guard.action) {
    case 'deposit':
    case 'withdraw':
      return `${guard.action} ${guard.market}`
    case 'psm-deposit':
    case 'psm-withdraw':
      return `${guard.action} ${guard.asset}`
    case 'usds-to-usdc':
    case 'usds-mint':
    case 'cctp':
      return guard.action
    case 'layerzero':
      return `layerzero ${guard.asset} -> ${guard.toChain}`
    case 'cctp-domain':
      return `cctp -> ${guard.toChain}`
  }
}

/** Whether two guards name the same action on the same thing. */
export function sameGuard(a: RateLimitGuard, b: RateLimitGuard): boolean {
  return JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort())
}
