import type { Hex } from 'viem'
import { cctpDomains } from '../cctp/domains.js'
import { chainIdentities } from '../chains/names.js'
import type { ChainDeployment, Registry } from '../chains/types.js'
import type { RateLimitGuard } from '../policies/rate-limit-snapshot.js'
import { guardChain, type KeyDraw } from './key-draws.js'
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

/** The bytes32 key of a guard and the controller's name of it, e.g. `AAVE_DEPOSIT(base/aave/USDC)`. */
export type GuardKey = { key: Hex; label: string }

/**
 * The key and label a guard stands for on one chain's deployment (pure): the hash the chain's controller
 * triggers for that action, derived from the deployment's addresses with `sll/keys.ts`. The one place
 * both the snapshot's reads (`activities/markets/preflight-plan.ts`) and the executor's steps
 * (`activities/moves/`) take keys from. Throws a plain `Error` naming the guard when the deployment lacks
 * the venue or OFT (a snapshot of another network).
 */
export function guardKeyOn(guard: RateLimitGuard, deployment: ChainDeployment): GuardKey {
  const chain = deployment.name
  const venueOf = (market: string) => {
    const venue = deployment.venues.find((v) => v.id === market)
    if (!venue) throw new Error(`rate-limit guard ${guard.action} names ${market}, which the registry lacks`)
    return venue
  }
  switch (guard.action) {
    case 'deposit': {
      const v = venueOf(guard.market)
      return 'aToken' in v
        ? { key: aaveDepositKey(v.aToken), label: `AAVE_DEPOSIT(${v.id})` }
        : { key: erc4626DepositKey(v.vault), label: `4626_DEPOSIT(${v.id})` }
    }
    case 'withdraw': {
      const v = venueOf(guard.market)
      return 'aToken' in v
        ? { key: aaveWithdrawKey(v.aToken), label: `AAVE_WITHDRAW(${v.id})` }
        : { key: erc4626WithdrawKey(v.vault), label: `4626_WITHDRAW(${v.id})` }
    }
    case 'psm-deposit':
      return {
        key: psmDepositKey(deployment.tokens[guard.asset]),
        label: `PSM_DEPOSIT(${chain}/${guard.asset})`,
      }
    case 'psm-withdraw':
      return {
        key: psmWithdrawKey(deployment.tokens[guard.asset]),
        label: `PSM_WITHDRAW(${chain}/${guard.asset})`,
      }
    case 'usds-to-usdc':
      return { key: usdsToUsdcKey, label: `USDS_TO_USDC(${chain})` }
    case 'usds-mint':
      return { key: usdsMintKey, label: `USDS_MINT(${chain})` }
    case 'layerzero': {
      const oft = deployment.layerZero.ofts[guard.asset]
      if (!oft) throw new Error(`rate-limit guard layerzero: ${chain} has no ${guard.asset} OFT`)
      return {
        key: layerZeroKey(oft.address, chainIdentities[guard.toChain].eid),
        label: `LAYERZERO(${chain}/${guard.asset} -> ${guard.toChain})`,
      }
    }
    case 'cctp':
      return { key: usdcToCctpKey, label: `USDC_TO_CCTP(${chain})` }
    case 'cctp-domain':
      return {
        key: usdcToDomainKey(cctpDomains[guard.toChain]),
        label: `USDC_TO_DOMAIN(${chain} -> ${guard.toChain})`,
      }
  }
}

/** The bytes32 key a guard stands for in a registry (the deployment of the guard's chain, {@link guardKeyOn}). */
export function keyOfGuard(guard: RateLimitGuard, registry: Registry): Hex {
  return guardKeyOn(guard, registry[guardChain(guard)]).key
}

/** A key draw as the controller call's rate-limit effect: the executor gates and predicts exactly this. */
export type DrawEffect = { key: Hex; label: string; kind: 'decrease' | 'increase'; amount: bigint }

/** The effects of key draws ({@link KeyDraw}, `sll/key-draws.ts`) with their keys and labels from the registry. */
export function drawEffects(draws: readonly KeyDraw[], registry: Registry): DrawEffect[] {
  return draws.map((d) => ({
    ...guardKeyOn(d.guards, registry[guardChain(d.guards)]),
    kind: d.kind,
    amount: d.amount,
  }))
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
