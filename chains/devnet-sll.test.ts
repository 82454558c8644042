import { getAddress } from 'viem'
import { expect, test } from 'vitest'
import { DevnetRegistryError } from './devnet.js'
import { devnetAccounts } from './devnet-accounts.js'
import { loadDevnetSll, parseDevnetSll } from './devnet-sll.js'
import { chainNames } from './names.js'
import { type SllRegistry, sllRegistrySchema } from './sll-types.js'

test('default: the committed sll.json parses, one controller version per chain', () => {
  const sll = loadDevnetSll()
  for (const chain of chainNames) {
    const s = sll[chain]
    expect(s.controllerVersion).toBe(chain === 'ethereum' ? 'mainnet-v1.10' : 'foreign-v1.8')
    expect(s.psm.kind).toBe(chain === 'ethereum' ? 'litePsm' : 'psm3')
    expect(s.relayer).toBe(devnetAccounts.operator.address)
    expect(s.freezer).toBe(devnetAccounts.freezer.address)
    for (const address of [s.almProxy, s.controller, s.rateLimits, s.psm.address]) {
      expect(address).toBe(getAddress(address))
    }
    expect(s.limits.length).toBeGreaterThan(0)
    expect(new Set(s.limits.map((limit) => limit.key)).size).toBe(s.limits.length)
  }
})

test('error: DevnetRegistryError on a wrong controller version', () => {
  const sll = loadDevnetSll()
  const broken = { ...sll, base: { ...sll.base, controllerVersion: 'mainnet-v1.10' } }
  expect(() => parseDevnetSll(broken)).toThrow(DevnetRegistryError)
  expect(() => parseDevnetSll({})).toThrow(DevnetRegistryError)
})

test('behavior: the devnet SLL is the shared SllRegistry shape plus devnet-only fields', () => {
  const devnet = loadDevnetSll()
  // Compile-time: a DevnetSll is assignable to the shared type the network layer takes.
  const sll: SllRegistry = devnet
  const devnetOnly = new Set(['admin', 'limits', 'maxSlippages', 'maxExchangeRates', 'layerZeroRecipients'])
  const shared = Object.fromEntries(
    chainNames.map((chain) => [
      chain,
      Object.fromEntries(Object.entries(sll[chain]).filter(([key]) => !devnetOnly.has(key))),
    ]),
  )
  expect(sllRegistrySchema.parse(shared)).toEqual(shared)
})
