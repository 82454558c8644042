import { expect, test } from 'vitest'
import { arrivalAmounts } from './arrival.js'
import type { MoveRoute } from './route.js'

const bridged: MoveRoute = {
  amountUsd: '1000',
  from: { kind: 'idle', chain: 'avalanche' },
  to: {
    kind: 'market',
    chain: 'ethereum',
    marketId: 'ethereum/savings/sUSDS',
    asset: 'USDS',
  } as MoveRoute['to'],
  source: { chain: 'avalanche', asset: 'USDC', amount: '1000000000' },
  bridge: { fromChain: 'avalanche', toChain: 'ethereum', asset: 'USDC', amount: '1000000000' },
  convert: {
    chain: 'ethereum',
    fromAsset: 'USDC',
    toAsset: 'USDS',
    amountIn: '1000000000',
    amountOut: '1000000000000000000000',
  },
  destination: { chain: 'ethereum', asset: 'USDS', amount: '1000000000000000000000' },
}

test('behavior: USDC -> USDS on the destination deposits USDS units (18 decimals) of what arrived', () => {
  // 999.5 USDC arrived (not the planned 1000): convert those, deposit 999.5 USDS.
  expect(arrivalAmounts(bridged, '999500000')).toEqual({
    convert: { amountIn: '999500000', amountOut: '999500000000000000000' },
    deposit: '999500000000000000000',
  })
})

test('behavior: USDS -> USDC on the destination rounds down to USDC units', () => {
  const route: MoveRoute = {
    ...bridged,
    bridge: { ...(bridged.bridge as NonNullable<MoveRoute['bridge']>), asset: 'USDS' },
    convert: { chain: 'ethereum', fromAsset: 'USDS', toAsset: 'USDC', amountIn: '1', amountOut: '1' },
  }
  expect(arrivalAmounts(route, '1234567890123456789')).toEqual({
    convert: { amountIn: '1234567890123456789', amountOut: '1234567' },
    deposit: '1234567',
  })
})

test('behavior: without a destination conversion the deposit is exactly what arrived', () => {
  const source: MoveRoute = {
    ...bridged,
    convert: { ...(bridged.convert as NonNullable<MoveRoute['convert']>), chain: 'avalanche' },
  }
  expect(arrivalAmounts(source, '999999')).toEqual({ deposit: '999999' })
  const { convert: _none, ...plain } = bridged
  expect(arrivalAmounts(plain, '5')).toEqual({ deposit: '5' })
})
