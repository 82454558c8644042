import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import {
  DevnetPortError,
  DevnetRegistryError,
  devnetPortBase,
  devnetRpcUrl,
  devnetStateDir,
  loadDevnetRegistry,
  parseRegistry,
} from './devnet.js'
import { chainNames } from './names.js'
import { productionRegistry } from './production.js'

test('default', () => {
  const registry = loadDevnetRegistry()
  expect(Object.keys(registry)).toEqual([...chainNames])
  expect(registry.base.chainId).toBe(8453)
  expect(registry.ethereum.venues.map((venue) => venue.id)).toContain('ethereum/sparklend/USDS')
})

test('behavior: rpc urls follow the port base in chain order', () => {
  expect(devnetRpcUrl('ethereum', 8545)).toBe('http://127.0.0.1:8545')
  expect(devnetRpcUrl('avalanche', 8545)).toBe('http://127.0.0.1:8550')
  expect(devnetRpcUrl('base', 9000)).toBe('http://127.0.0.1:9001')
})

test('behavior: SLL_DEVNET_PORT_BASE overrides the default port base', () => {
  expect(devnetPortBase({})).toBe(8545)
  expect(devnetPortBase({ SLL_DEVNET_PORT_BASE: '19000' })).toBe(19000)
})

test('error: an invalid SLL_DEVNET_PORT_BASE is rejected', () => {
  expect(() => devnetPortBase({ SLL_DEVNET_PORT_BASE: 'abc' })).toThrow(DevnetPortError)
  expect(() => devnetPortBase({ SLL_DEVNET_PORT_BASE: '65534' })).toThrow(DevnetPortError)
})

test('error: a registry with a bad address is rejected with its path', () => {
  const raw = JSON.parse(readFileSync(join(devnetStateDir, 'registry.json'), 'utf8'))
  raw.base.tokens.USDC = '0x1234'
  expect(() => parseRegistry(raw, 'test')).toThrow(DevnetRegistryError)
  expect(() => parseRegistry(raw, 'test')).toThrow(/base\.tokens\.USDC/)
})

test('error: a missing registry file names the rebuild command', () => {
  expect(() => loadDevnetRegistry('/nonexistent/registry.json')).toThrow(/npm run devnet:build/)
})

test('behavior: the schema accepts the typed production registry (one shape for both registries)', () => {
  expect(parseRegistry(productionRegistry, 'production')).toEqual(productionRegistry)
})

test('error: an OFT of an asset the SLL does not deploy is rejected', () => {
  const raw = JSON.parse(readFileSync(join(devnetStateDir, 'registry.json'), 'utf8'))
  raw.base.layerZero.ofts.DAI = raw.base.layerZero.ofts.USDS
  expect(() => parseRegistry(raw, 'test')).toThrow(DevnetRegistryError)
})
