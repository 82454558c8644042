import fc from 'fast-check'
import { expect, test } from 'vitest'
import { chainNames } from '../chains/names.js'
import {
  formatMoveEnd,
  InvalidMoveEndError,
  idleEnd,
  type MoveEnd,
  marketIdChain,
  moveEndChain,
  parseMoveEnd,
} from './move-end.js'

test('default: idle and market ends parse', () => {
  expect(parseMoveEnd('idle:base')).toEqual({ kind: 'idle', chain: 'base' })
  expect(parseMoveEnd('ethereum/sparklend/USDS')).toEqual({
    kind: 'market',
    marketId: 'ethereum/sparklend/USDS',
    chain: 'ethereum',
  })
  expect(moveEndChain('idle:avalanche')).toBe('avalanche')
  expect(moveEndChain('base/morpho/spark-usdc')).toBe('base')
})

test('default: ends format', () => {
  expect(idleEnd('arbitrum')).toBe('idle:arbitrum')
  expect(formatMoveEnd({ kind: 'idle', chain: 'optimism' })).toBe('idle:optimism')
  expect(formatMoveEnd({ kind: 'market', marketId: 'unichain/aave/USDC', chain: 'unichain' })).toBe(
    'unichain/aave/USDC',
  )
})

test('behavior: parse inverts format for every chain and market name', () => {
  const end = fc.oneof(
    fc.constantFrom(...chainNames).map((chain): MoveEnd => ({ kind: 'idle', chain })),
    fc
      .tuple(fc.constantFrom(...chainNames), fc.stringMatching(/^[a-z]+\/[A-Za-z0-9-]+$/))
      .map(([chain, rest]): MoveEnd => ({ kind: 'market', marketId: `${chain}/${rest}`, chain })),
  )
  fc.assert(
    fc.property(end, (e) => {
      expect(parseMoveEnd(formatMoveEnd(e))).toEqual(e)
    }),
  )
})

test('behavior: marketIdChain returns the first segment as written', () => {
  expect(marketIdChain('polygon/aave/USDC')).toBe('polygon')
  expect(marketIdChain('nochain')).toBe('nochain')
})

test('error: InvalidMoveEndError', () => {
  expect(() => parseMoveEnd('idle:mars')).toThrow(InvalidMoveEndError)
  expect(() => parseMoveEnd('idle:mars')).toThrow(/unknown chain "mars"/)
  expect(() => parseMoveEnd('polygon/aave/USDC')).toThrow(/unknown chain "polygon"/)
  expect(() => parseMoveEnd('ethereum')).toThrow(/no chain segment/)
  expect(() => parseMoveEnd('')).toThrow(InvalidMoveEndError)
})
