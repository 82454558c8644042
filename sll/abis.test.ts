import { type AbiFunction, toFunctionSelector } from 'viem'
import { expect, test } from 'vitest'
import { foreignControllerV1_8Abi, mainnetControllerV1_10Abi, rateLimitsAbi } from './abis.js'
import {
  foreignControllerSelectors,
  mainnetControllerSelectors,
  notOnDevnet,
  rateLimitsSelectors,
} from './selectors.js'

function selectorOf(abi: readonly unknown[], signature: string): string {
  const name = signature.slice(0, signature.indexOf('('))
  const candidates = (abi as AbiFunction[]).filter((item) => item.type === 'function' && item.name === name)
  const match = candidates.find((item) => toFunctionSelector(item) === toFunctionSelector(signature))
  if (!match) throw new Error(`${signature} not in ABI`)
  return toFunctionSelector(match)
}

test('default: every selector of the note is in the ABI of its controller version', () => {
  for (const [signature, selector] of Object.entries(foreignControllerSelectors)) {
    expect(toFunctionSelector(signature), signature).toBe(selector)
    if (notOnDevnet.has(signature)) continue
    expect(selectorOf(foreignControllerV1_8Abi, signature), signature).toBe(selector)
  }
  for (const [signature, selector] of Object.entries(mainnetControllerSelectors)) {
    expect(toFunctionSelector(signature), signature).toBe(selector)
    if (notOnDevnet.has(signature)) continue
    expect(selectorOf(mainnetControllerV1_10Abi, signature), signature).toBe(selector)
  }
  for (const [signature, selector] of Object.entries(rateLimitsSelectors)) {
    expect(selectorOf(rateLimitsAbi, signature), signature).toBe(selector)
  }
})

test('behavior: ERC-4626 functions differ between versions', () => {
  expect(selectorOf(mainnetControllerV1_10Abi, 'depositERC4626(address,uint256,uint256)')).toBe('0x7dbe3c90')
  expect(selectorOf(foreignControllerV1_8Abi, 'depositERC4626(address,uint256)')).toBe('0x85f4881d')
  expect(() => selectorOf(foreignControllerV1_8Abi, 'depositERC4626(address,uint256,uint256)')).toThrow()
})
