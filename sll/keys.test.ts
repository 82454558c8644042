import { expect, test } from 'vitest'
import {
  aaveDepositKey,
  erc4626WithdrawKey,
  layerZeroKey,
  limitId,
  limitIdNames,
  limitIds,
  psmDepositKey,
  usdcToDomainKey,
} from './keys.js'
import { CONTROLLER_ROLE, FREEZER_ROLE, RELAYER_ROLE, roleId } from './roles.js'

test('default: base ids are keccak256 of their Solidity names', () => {
  for (const [key, id] of Object.entries(limitIds)) {
    expect(limitId(limitIdNames[key as keyof typeof limitIds])).toBe(id)
  }
})

test('default: role ids', () => {
  expect(roleId('RELAYER')).toBe(RELAYER_ROLE)
  expect(roleId('FREEZER')).toBe(FREEZER_ROLE)
  expect(roleId('CONTROLLER')).toBe(CONTROLLER_ROLE)
})

test('behavior: derived keys of production addresses match the note', () => {
  expect(aaveDepositKey('0x377C3bd93f2a2984E1E7bE6A5C22c525eD4A4815')).toBe(
    '0x8643632d5a17c6ed653a4d418322a7640c3e585d8b88eac2cb434be10dd9d379',
  )
  expect(erc4626WithdrawKey('0xa3931d71877C0E7a3148CB7Eb4463524FEc27fbD')).toBe(
    '0x545658e11eef7c07257b7c8c8143f20f61b952c9e6371f8c64378e27b61fbad6',
  )
  expect(psmDepositKey('0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913')).toBe(
    '0xfa9ce2edd7bb5a33ca1a52f7cf69869b36c1283cf5664a9819572d3311166e7b',
  )
  expect(usdcToDomainKey(6)).toBe('0xbab34b58275e6736d9a866c36a2d88d671ed8b627228e6bd17efb1b076a59881')
  expect(layerZeroKey('0x1e1D42781FC170EF9da004Fb735f56F0276d01B8', 30106)).toBe(
    '0xfe725148ece8a11fb23e49fb83b979f1963c0c8f9d5eca174921a75860c62970',
  )
})

test('behavior: address case does not change a key', () => {
  expect(aaveDepositKey('0x377c3bd93f2a2984e1e7be6a5c22c525ed4a4815')).toBe(
    aaveDepositKey('0x377C3bd93f2a2984E1E7bE6A5C22c525eD4A4815'),
  )
})
