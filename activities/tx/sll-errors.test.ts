import { encodeErrorResult } from 'viem'
import { expect, test } from 'vitest'
import { RELAYER_ROLE } from '../../sll/roles.js'
import { decodeRevertReason } from './revert.js'
import {
  ControllerSettingMissingError,
  RateLimitCapacityExceededError,
  RateLimitKeyUnsetError,
  RelayerRemovedError,
  sllErrorAbi,
  sllRevertError,
} from './sll-errors.js'

const controller = '0x00000000000000000000000000000000000000c1'
const relayer = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8'

test('behavior: AccessControlUnauthorizedAccount(relayer, RELAYER) in simulation is RelayerRemovedError', () => {
  const data = encodeErrorResult({
    abi: sllErrorAbi,
    errorName: 'AccessControlUnauthorizedAccount',
    args: [relayer, RELAYER_ROLE],
  })
  const reason = decodeRevertReason({ data }, sllErrorAbi)
  const error = sllRevertError({ chain: 'base', to: controller, reason })
  expect(error).toBeInstanceOf(RelayerRemovedError)
  expect((error as RelayerRemovedError).context).toEqual({
    chain: 'base',
    controller,
    relayer,
    stage: 'simulation',
  })
  expect(error?.message).toContain(`grantRole(RELAYER, ${relayer})`)
  // another role is not the FREEZER path
  const other = decodeRevertReason(
    {
      data: encodeErrorResult({
        abi: sllErrorAbi,
        errorName: 'AccessControlUnauthorizedAccount',
        args: [relayer, `0x${'00'.repeat(32)}`],
      }),
    },
    sllErrorAbi,
  )
  expect(sllRevertError({ chain: 'base', to: controller, reason: other })).toBeUndefined()
})

test('behavior: controller and RateLimits revert strings map to their final classes', () => {
  const map = (reason: string) => sllRevertError({ chain: 'avalanche', to: controller, reason })
  expect(map('RateLimits/zero-maxAmount')).toBeInstanceOf(RateLimitKeyUnsetError)
  expect(map('RateLimits/rate-limit-exceeded')).toBeInstanceOf(RateLimitCapacityExceededError)
  const slippage = map('FC/max-slippage-not-set')
  expect(slippage).toBeInstanceOf(ControllerSettingMissingError)
  expect(slippage?.message).toContain('maxSlippages(aToken)')
  expect(slippage?.message).toContain('setMaxSlippage(aToken, 0.999e18)')
  expect(map('MC/recipient-not-set')?.message).toContain('setLayerZeroRecipient')
  expect(map('FC/exchange-rate-too-high')).toBeInstanceOf(ControllerSettingMissingError)
  expect(map('FC/slippage-too-high')).toBeUndefined()
  expect(sllRevertError({ chain: 'x', to: controller, reason: undefined })).toBeUndefined()
})
