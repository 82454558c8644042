/**
 * Final errors of the SLL controllers, raised before sending (the pre-send check of a controller call) or
 * mapped from a simulation revert ({@link sllRevertError}). Each names the chain, the contract, the key or
 * setting, and what governance (or the operator) must do; none is retried.
 *
 * @module
 */
import { type Abi, parseAbi } from 'viem'
import { NonRetryableError } from '../../lib/errors.js'
import { RELAYER_ROLE } from '../../sll/roles.js'

/** The custom errors every SLL contract may revert with (decoded in simulation reverts). */
export const sllErrorAbi: Abi = parseAbi([
  'error AccessControlUnauthorizedAccount(address account, bytes32 neededRole)',
  'error AccessControlBadConfirmation()',
])

/**
 * The controller no longer grants RELAYER to our signer: the FREEZER called `removeRelayer`, or governance
 * never granted it. Nothing may be sent on this chain until governance grants the role again.
 */
export class RelayerRemovedError extends NonRetryableError {
  override readonly name = 'RelayerRemovedError'
  constructor(
    readonly context: {
      chain: string
      controller: string
      relayer: string
      /** `pre-send`: the role check before signing; `simulation`: the controller reverted the call. */
      stage: 'pre-send' | 'simulation'
    },
  ) {
    super(
      `RELAYER removed on ${context.chain}: controller ${context.controller} does not grant RELAYER to ${context.relayer} ` +
        `(AccessControlUnauthorizedAccount, ${context.stage}); nothing was sent`,
      {
        instruction:
          'The FREEZER removed the relayer (kill switch). Do not retry: find out why it was frozen; once it is safe, ' +
          `governance calls grantRole(RELAYER, ${context.relayer}) on ${context.controller}, then the next cycle continues from the real state.`,
      },
    )
  }
}

/** A rate-limit key the call draws on is not set (`maxAmount` 0): the controller reverts `RateLimits/zero-maxAmount`. */
export class RateLimitKeyUnsetError extends NonRetryableError {
  override readonly name = 'RateLimitKeyUnsetError'
  constructor(
    readonly context: {
      chain: string
      controller: string
      rateLimits?: string
      /** The key (bytes32) and what it is for, when known (pre-send); unknown from a simulation revert. */
      key?: string
      label?: string
      functionName?: string
    },
  ) {
    const which = context.key
      ? `key ${context.label ?? ''} (${context.key})${context.rateLimits ? ` on RateLimits ${context.rateLimits}` : ''}`
      : 'a rate-limit key of this call'
    super(
      `${context.chain}: ${which} is not set (maxAmount 0): controller ${context.controller}` +
        `${context.functionName ? ` ${context.functionName}` : ''} reverts RateLimits/zero-maxAmount; nothing was sent`,
      {
        instruction:
          `The venue or route is not onboarded: governance must call RateLimits.setRateLimitData(${context.key ?? 'key'}, maxAmount, slope) ` +
          '(or setUnlimitedRateLimitData). Until then the planner leaves it out.',
      },
    )
  }
}

/** The call asks for more than a key's current capacity (`RateLimits/rate-limit-exceeded`). */
export class RateLimitCapacityExceededError extends NonRetryableError {
  override readonly name = 'RateLimitCapacityExceededError'
  constructor(readonly context: { chain: string; controller: string; functionName?: string }) {
    super(
      `${context.chain}: controller ${context.controller}${context.functionName ? ` ${context.functionName}` : ''} ` +
        'reverts RateLimits/rate-limit-exceeded: the amount is above the key’s current capacity; nothing was sent',
      {
        instruction:
          'Wait until the key regenerates (slope), or plan a smaller move; the next cycle bounds moves by the capacity it reads.',
      },
    )
  }
}

/** A controller setting the call needs is missing (`maxSlippages`, `maxExchangeRates`, `layerZeroRecipients`). */
export class ControllerSettingMissingError extends NonRetryableError {
  override readonly name = 'ControllerSettingMissingError'
  constructor(
    readonly context: {
      chain: string
      controller: string
      /** e.g. `maxSlippages(0x…)`. */
      setting: string
      /** What governance must call, e.g. `setMaxSlippage(aToken, 0.999e18)`. */
      fix: string
      /** The controller's revert string, when it came from a simulation. */
      revert?: string
    },
  ) {
    super(
      `${context.chain}: controller ${context.controller} ${context.setting} is not set` +
        `${context.revert ? ` (${context.revert})` : ''}; nothing was sent`,
      { instruction: `Governance must call ${context.fix} on ${context.controller}.` },
    )
  }
}

/**
 * Maps a simulation revert of a controller call to its final SLL error, or `undefined` for any other revert
 * (kept as `TransactionRevertedError`). `reason` is the decoded revert reason.
 */
export function sllRevertError(args: {
  chain: string
  to: string
  reason: string | undefined
  functionName?: string
}): NonRetryableError | undefined {
  const { chain, to, reason } = args
  if (!reason) return undefined
  const fn = args.functionName ? { functionName: args.functionName } : {}
  const unauthorized = /AccessControlUnauthorizedAccount\((0x[0-9a-fA-F]{40}), (0x[0-9a-fA-F]{64})\)/.exec(
    reason,
  )
  if (unauthorized && unauthorized[2]!.toLowerCase() === RELAYER_ROLE) {
    return new RelayerRemovedError({ chain, controller: to, relayer: unauthorized[1]!, stage: 'simulation' })
  }
  if (reason.includes('RateLimits/zero-maxAmount'))
    return new RateLimitKeyUnsetError({ chain, controller: to, ...fn })
  if (reason.includes('RateLimits/rate-limit-exceeded'))
    return new RateLimitCapacityExceededError({ chain, controller: to, ...fn })
  const controllerCheck = /\b(MC|FC)\/(max-slippage-not-set|recipient-not-set|exchange-rate-too-high)\b/.exec(
    reason,
  )
  if (controllerCheck) {
    const settings = {
      'max-slippage-not-set': ['maxSlippages(aToken)', 'setMaxSlippage(aToken, 0.999e18)'],
      'recipient-not-set': [
        'layerZeroRecipients(eid)',
        'setLayerZeroRecipient(eid, bytes32(destination ALMProxy))',
      ],
      'exchange-rate-too-high': [
        'maxExchangeRates(vault) (unset, or below the vault’s price)',
        'setMaxExchangeRate(vault, shares, maxExpectedAssets)',
      ],
    } as const
    const [setting, fix] = settings[controllerCheck[2] as keyof typeof settings]
    return new ControllerSettingMissingError({
      chain,
      controller: to,
      setting,
      fix,
      revert: controllerCheck[0],
    })
  }
  return undefined
}
