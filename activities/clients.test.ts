import { expect, test } from 'vitest'
import { endpointChain } from '../chains/viem-chains.js'
import { getPublicClient, isLocalRpcUrl, pollingIntervalFor, resetClientCache } from './clients.js'

const local = { name: 'base', chainId: 8453, rpcUrl: 'http://127.0.0.1:8545' }

test('default: local URLs poll every 50 ms, remote ones every second', () => {
  expect(isLocalRpcUrl('http://127.0.0.1:8545')).toBe(true)
  expect(isLocalRpcUrl('http://localhost:8545')).toBe(true)
  expect(isLocalRpcUrl('https://base-mainnet.example/v2/key')).toBe(false)
  expect(isLocalRpcUrl('not a url')).toBe(false)
  expect(pollingIntervalFor(local.rpcUrl)).toBe(50)
  expect(pollingIntervalFor('https://rpc.example')).toBe(1_000)
})

test('behavior: clients are cached per (chain id, URL) until reset', () => {
  const a = getPublicClient(local)
  expect(getPublicClient({ ...local })).toBe(a)
  expect(getPublicClient({ ...local, chainId: 1 })).not.toBe(a)
  expect(a.pollingInterval).toBe(50)
  expect(a.chain.id).toBe(8453)
  resetClientCache()
  expect(getPublicClient(local)).not.toBe(a)
  expect(endpointChain(local).rpcUrls.default.http).toEqual([local.rpcUrl])
})
