import { getAddress, isAddress } from 'viem'
import { describe, expect, test } from 'vitest'
import { getChainDeployment, getVenue, UnsupportedChainError, UnsupportedVenueError } from './lookup.js'
import { chainNames } from './names.js'
import { LAYERZERO_ENDPOINT_V2, MULTICALL3, productionRegistry } from './production.js'
import type { Registry } from './types.js'
import { viemChains } from './viem-chains.js'

/** Every string under `value` that looks like an address (0x + 40 hex), with its path. */
function addressesIn(value: unknown, path = ''): { path: string; address: string }[] {
  if (typeof value === 'string') return /^0x[0-9a-fA-F]{40}$/.test(value) ? [{ path, address: value }] : []
  if (Array.isArray(value)) return value.flatMap((item, i) => addressesIn(item, `${path}[${i}]`))
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([key, item]) => addressesIn(item, `${path}.${key}`))
  return []
}

describe('productionRegistry', () => {
  test('default', () => {
    expect(Object.keys(productionRegistry).sort()).toEqual([...chainNames].sort())
    expect(Object.values(productionRegistry).map((c) => [c.name, c.chainId, c.eid])).toEqual([
      ['ethereum', 1, 30101],
      ['base', 8453, 30184],
      ['arbitrum', 42161, 30110],
      ['optimism', 10, 30111],
      ['unichain', 130, 30320],
      ['avalanche', 43114, 30106],
    ])
  })

  test('behavior: every address is checksummed (equals getAddress(address))', () => {
    const all = addressesIn(productionRegistry)
    expect(all.length).toBeGreaterThan(60)
    for (const { path, address } of all) {
      expect(isAddress(address, { strict: true }), path).toBe(true)
      expect(address, path).toBe(getAddress(address))
    }
  })

  test('behavior: shared infrastructure addresses and unique venue ids', () => {
    const ids = Object.values(productionRegistry).flatMap((c) => c.venues.map((v) => v.id))
    expect(new Set(ids).size).toBe(ids.length)
    for (const chain of Object.values(productionRegistry)) {
      expect(chain.multicall3).toBe(MULTICALL3)
      expect(chain.layerZero.endpoint).toBe(LAYERZERO_ENDPOINT_V2)
      for (const venue of chain.venues) {
        expect(venue.id.startsWith(`${chain.name}/${venue.protocol}/`), venue.id).toBe(true)
        expect(venue.decimals).toBe(venue.asset === 'USDC' ? 6 : 18)
        if (venue.protocol === 'aave') expect(venue.aaveVersion, venue.id).toBe('3.3')
        if (venue.protocol === 'sparklend') expect(venue.aaveVersion, venue.id).toBeUndefined()
        // A venue deposits the chain's own token (USDS for the savings vault).
        expect(venue.underlying).toBe(chain.tokens[venue.asset === 'sUSDS' ? 'USDS' : venue.asset])
      }
    }
  })

  test('behavior: viem chain objects carry the registry chain ids', () => {
    for (const name of chainNames) expect(viemChains[name].id).toBe(productionRegistry[name].chainId)
  })

  test('behavior: getChainDeployment and getVenue find known entries', () => {
    expect(getChainDeployment('base').chainId).toBe(8453)
    expect(getVenue('ethereum/sparklend/USDS', productionRegistry).venue.protocol).toBe('sparklend')
  })

  test('error: unknown chain and venue', () => {
    expect(() => getChainDeployment('gnosis')).toThrow(UnsupportedChainError)
    expect(() => getVenue('polygon/aave/USDC')).toThrow(UnsupportedChainError)
    expect(() => getVenue('unichain/aave/USDC')).toThrow(UnsupportedVenueError)
    expect(() => getVenue('base/morpho/spark-usdc')).toThrow(/base\/aave\/USDC/)
  })

  test('behavior: a registry missing a chain does not type-check (tsc fails if this stops being an error)', () => {
    // @ts-expect-error base, arbitrum, optimism, unichain and avalanche are missing
    const partial: Registry = { ethereum: productionRegistry.ethereum }
    expect(Object.keys(partial)).toEqual(['ethereum'])
  })
})
