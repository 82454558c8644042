import { getAddress, isAddress } from 'viem'
import { describe, expect, test } from 'vitest'
import { getChainDeployment, getVenue, UnsupportedChainError, UnsupportedVenueError } from './lookup.js'
import { chainNames } from './names.js'
import {
  LAYERZERO_ENDPOINT_V2,
  MULTICALL3,
  productionRegistry,
  productionSll,
  SLL_BACKSTOP_RELAYER,
  SLL_FREEZER,
  SLL_RELAYER_MULTISIG,
} from './production.js'
import { expectedControllerVersion, sllRegistrySchema } from './sll-types.js'
import { type Registry, registrySchema } from './types.js'
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

  test('behavior: parses through the zod schemas unchanged', () => {
    expect(registrySchema.parse(productionRegistry)).toEqual(productionRegistry)
    expect(sllRegistrySchema.parse(productionSll)).toEqual(productionSll)
  })

  test('behavior: every address is checksummed (equals getAddress(address))', () => {
    const all = addressesIn({ productionRegistry, productionSll })
    expect(all.length).toBeGreaterThan(100)
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

  test('behavior: Avalanche Aave USDC is offboarded (dated, with a reason) and not plannable', () => {
    const ids = Object.values(productionRegistry).flatMap((c) => c.venues.map((v) => v.id))
    expect(ids).not.toContain('avalanche/aave/USDC')
    expect(productionRegistry.avalanche.venues).toEqual([])
    const [offboarded, ...more] = productionRegistry.avalanche.offboardedVenues
    expect(more).toEqual([])
    expect(offboarded?.venue.id).toBe('avalanche/aave/USDC')
    expect(offboarded?.offboardedOn).toBe('2026-05-07')
    expect(offboarded?.reason).toMatch(/SparkAvalanche_20260507/)
    let thrown: unknown
    try {
      getVenue('avalanche/aave/USDC')
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBeInstanceOf(UnsupportedVenueError)
    expect((thrown as UnsupportedVenueError).offboarded?.offboardedOn).toBe('2026-05-07')
    expect((thrown as Error).message).toMatch(/offboarded on 2026-05-07[\s\S]*remove "avalanche\/aave\/USDC"/)
  })

  test('behavior: no production chain lists a direct sellGem/buyGem psm (the SLL PSMs go through the controller)', () => {
    for (const chain of Object.values(productionRegistry)) expect('psm' in chain, chain.name).toBe(false)
  })

  test('behavior: current SkyLink OFT adapters (post-migration)', () => {
    expect(productionRegistry.ethereum.layerZero.ofts).toEqual({
      USDS: { address: '0x1e1D42781FC170EF9da004Fb735f56F0276d01B8', kind: 'adapter' },
      sUSDS: { address: '0x85A3FE4DA2a6cB98A5bdF62458B0dB8471B9f0f1', kind: 'adapter' },
    })
    expect(productionRegistry.avalanche.layerZero.ofts).toEqual({
      USDS: { address: '0x4fec40719fD9a8AE3F8E20531669DEC5962D2619', kind: 'oft' },
      sUSDS: { address: '0x7297D4811f088FC26bC5475681405B99b41E1FF9', kind: 'oft' },
    })
    for (const name of ['base', 'arbitrum', 'optimism', 'unichain'] as const)
      expect(productionRegistry[name].layerZero.ofts, name).toEqual({})
  })
})

describe('productionSll', () => {
  test('default: every chain has an SLL entry with its controller version and CCTP domain', () => {
    expect(Object.keys(productionSll)).toEqual([...chainNames])
    expect(
      chainNames.map((name) => [name, productionSll[name].controllerVersion, productionSll[name].cctpDomain]),
    ).toEqual([
      ['ethereum', 'mainnet-v1.10', 0],
      ['base', 'foreign-v1.8', 6],
      ['arbitrum', 'foreign-v1.8', 3],
      ['optimism', 'foreign-v1.8', 2],
      ['unichain', 'foreign-v1.8', 10],
      ['avalanche', 'foreign-v1.8', 1],
    ])
    for (const name of chainNames) {
      expect(productionSll[name].controllerVersion).toBe(expectedControllerVersion(name))
      // The chain entry reads positions of the same ALMProxy the controller drives.
      expect(productionRegistry[name].almProxy, name).toBe(productionSll[name].almProxy)
    }
  })

  test('behavior: ALMProxy / controller / RateLimits per chain (notes table)', () => {
    expect(
      chainNames.map((name) => {
        const { almProxy, controller, rateLimits } = productionSll[name]
        return [name, almProxy, controller, rateLimits]
      }),
    ).toEqual([
      [
        'ethereum',
        '0x1601843c5E9bC251A3272907010AFa41Fa18347E',
        '0x5c46Fc65855c0C7465a1EA85EEA0B24B601502D3',
        '0x7A5FD5cf045e010e62147F065cEAe59e5344b188',
      ],
      [
        'base',
        '0x2917956eFF0B5eaF030abDB4EF4296DF775009cA',
        '0x86036CE5d2f792367C0AA43164e688d13c5A60A8',
        '0x983eC82E45C61a42FDDA7B3c43B8C767004c8A74',
      ],
      [
        'arbitrum',
        '0x92afd6F2385a90e44da3a8B60fe36f6cBe1D8709',
        '0xC40611AC4Fff8572Dc5F02A238176edCF15Ea7ba',
        '0x19D08879851FB54C2dCc4bb32b5a1EA5E9Ad6838',
      ],
      [
        'optimism',
        '0x876664f0c9Ff24D1aa355Ce9f1680AE1A5bf36fB',
        '0x689502bc817E6374286af8f171Ed4715721406f7',
        '0x6B34A6B84444dC3Fc692821D5d077a1e4927342d',
      ],
      [
        'unichain',
        '0x345E368fcCd62266B3f5F37C9a131FD1c39f5869',
        '0xF16DE710899C7bdd6D46873265392CCA68e5D5bA',
        '0x5A1a44D2192Dd1e21efB9caA50E32D0716b35535',
      ],
      [
        'avalanche',
        '0xecE6B0E8a54c2f44e066fBb9234e7157B15b7FeC',
        '0x4eE67c8Db1BAa6ddE99d936C7D313B5d31e8fa38',
        '0xb79972e8B21f0dE911E65AC342ac85ad38C9A77a',
      ],
    ])
  })

  test('behavior: Ethereum swaps through the LitePSM via the controller, the L2s use PSM3, Avalanche has none', () => {
    expect(productionSll.ethereum.psm).toEqual({
      kind: 'litePsm',
      address: '0xf6e72Db5454dd049d0788e411b06CfAF16853042',
    })
    expect(
      (['base', 'arbitrum', 'optimism', 'unichain'] as const).map((name) => [name, productionSll[name].psm]),
    ).toEqual([
      ['base', { kind: 'psm3', address: '0x1601843c5E9bC251A3272907010AFa41Fa18347E' }],
      ['arbitrum', { kind: 'psm3', address: '0x2B05F8e1cACC6974fD79A673a341Fe1f58d27266' }],
      ['optimism', { kind: 'psm3', address: '0xe0F9978b907853F354d79188A3dEfbD41978af62' }],
      ['unichain', { kind: 'psm3', address: '0x7b42Ed932f26509465F7cE3FAF76FfCe1275312f' }],
    ])
    expect('psm' in productionSll.avalanche).toBe(false)
  })

  test('behavior: relayer multisig, backstop relayer and freezer on every chain', () => {
    expect([SLL_RELAYER_MULTISIG, SLL_BACKSTOP_RELAYER, SLL_FREEZER]).toEqual([
      '0x8a25A24EDE9482C4Fc0738F99611BE58F1c839AB',
      '0x8Cc0Cb0cfB6B7e548cfd395B833c05C346534795',
      '0x90D8c80C028B4C09C0d8dcAab9bbB057F0513431',
    ])
    for (const name of chainNames) {
      const { relayer, backstopRelayer, freezer } = productionSll[name]
      expect([relayer, backstopRelayer, freezer], name).toEqual([
        SLL_RELAYER_MULTISIG,
        SLL_BACKSTOP_RELAYER,
        SLL_FREEZER,
      ])
    }
  })

  test('error: the schema rejects a wrong controller version and an unknown PSM kind', () => {
    expect(() =>
      sllRegistrySchema.parse({
        ...productionSll,
        base: { ...productionSll.base, controllerVersion: 'v1.9' },
      }),
    ).toThrow()
    expect(() =>
      sllRegistrySchema.parse({
        ...productionSll,
        ethereum: { ...productionSll.ethereum, psm: { kind: 'daiPsm', address: SLL_FREEZER } },
      }),
    ).toThrow()
    const { avalanche: _, ...missing } = productionSll
    expect(() => sllRegistrySchema.parse(missing)).toThrow()
  })
})

describe('productionRegistry: lookups and types', () => {
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
