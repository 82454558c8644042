import { describe, expect, test } from 'vitest'
import { devnetAccounts } from '../../chains/devnet-accounts.js'
import { loadDevnetSll } from '../../chains/devnet-sll.js'
import { chainIdentities, chainNames } from '../../chains/names.js'
import type { Registry } from '../../chains/types.js'
import { snapshotSchema } from '../../policies/snapshot.js'
import { ChainUnreachableError, SnapshotIncompleteError } from './errors.js'
import { readLiveMarkets, readLiveSnapshot } from './live-snapshot.js'
import { MarketsConfigError, resolveSources } from './sources.js'
import { addr, fixtureChain, fixtureDeployment } from './testing/fixture.js'
import type { MockChain } from './testing/mock-chain.js'

/** Base carries the three fixture venues; the other chains only idle balances. */
function world() {
  const registry = Object.fromEntries(
    chainNames.map((name) => [
      name,
      fixtureDeployment(name === 'base' ? undefined : [], name, chainIdentities[name].chainId),
    ]),
  ) as Registry
  const chains = Object.fromEntries(
    chainNames.map((name) => [name, fixtureChain(undefined, chainIdentities[name].chainId)]),
  ) as Record<(typeof chainNames)[number], MockChain>
  const transports = Object.fromEntries(chainNames.map((name) => [name, chains[name].transport()]))
  const options = {
    env: {},
    network: 'production' as const,
    registry,
    rpcUrls: Object.fromEntries(chainNames.map((name) => [name, `http://mock.invalid/${name}`])),
    operator: addr.operator,
    transports,
    now: () => new Date('2026-11-25T01:00:00Z'),
  }
  return { chains, options }
}

describe('readLiveSnapshot', () => {
  test('default', async () => {
    const { options } = world()
    const snapshot = await readLiveSnapshot(options)
    expect(snapshotSchema.parse(snapshot)).toEqual(snapshot)
    expect(snapshot.takenAt).toBe('2026-11-25T01:00:00.000Z')
    expect(snapshot.markets.map((m) => m.id)).toEqual([
      'base/aave/USDC',
      'base/morpho/spark-usdc',
      'base/savings/sUSDS',
    ])
    expect(snapshot.idle).toEqual(chainNames.map((chain) => ({ chain, amount: '1250.5' })))
  })

  test('behavior: one request per chain once reserve addresses are known', async () => {
    const { options } = world()
    await readLiveMarkets(options)
    const { perChain } = await readLiveMarkets(options)
    expect(perChain.map((c) => c.requests)).toEqual([1, 1, 1, 1, 1, 1])
  })

  test('error: one chain down fails the snapshot with that chain named', async () => {
    const { chains, options } = world()
    chains.optimism.mode = 'down'
    const error = await readLiveSnapshot(options).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ChainUnreachableError)
    expect((error as ChainUnreachableError).chain).toBe('optimism')
  })

  test('error: several chains down -> SnapshotIncompleteError listing each', async () => {
    const { chains, options } = world()
    chains.optimism.mode = 'down'
    chains.ethereum.chainId = 5
    const error = await readLiveSnapshot(options).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(SnapshotIncompleteError)
    expect((error as Error).message).toMatch(/- chain ethereum: .*chain id 5/)
    expect((error as Error).message).toMatch(/- chain optimism: .*unreachable/)
  })
})

describe('resolveSources', () => {
  test('default', () => {
    const env = Object.fromEntries(
      chainNames.map((c) => [`SLL_RPC_${c.toUpperCase()}`, `https://rpc.example/${c}`]),
    )
    const { network, sources } = resolveSources({ env: { ...env, SLL_NETWORK: 'production' } })
    expect(network).toBe('production')
    expect(sources.map((s) => s.chain)).toEqual([...chainNames])
    expect(sources[1]).toMatchObject({ chain: 'base', rpcUrl: 'https://rpc.example/base' })
    // Production positions default to each chain's ALMProxy.
    expect(sources[1]?.operator).toBe('0x2917956eFF0B5eaF030abDB4EF4296DF775009cA')
  })

  test('behavior: devnet by default (its ports; positions of each ALMProxy), SLL_RPC_<CHAIN> overrides one URL', () => {
    const { network, sources } = resolveSources({
      env: { SLL_DEVNET_PORT_BASE: '30000', SLL_RPC_BASE: 'http://10.0.0.5:8545' },
    })
    expect(network).toBe('devnet')
    expect(sources.map((s) => s.rpcUrl)).toEqual([
      'http://127.0.0.1:30000',
      'http://10.0.0.5:8545',
      'http://127.0.0.1:30002',
      'http://127.0.0.1:30003',
      'http://127.0.0.1:30004',
      'http://127.0.0.1:30005',
    ])
    const sll = loadDevnetSll()
    expect(sources.map((s) => s.operator)).toEqual(chainNames.map((chain) => sll[chain].almProxy))
    expect(sources.map((s) => s.operator)).not.toContain(devnetAccounts.operator.address)
    expect(sources[1]?.psm3?.address).toBe(sll.base.psm.address)
    expect(sources[0]?.psm3).toBeUndefined()
    expect(sources[0]?.deployment.venues.length).toBeGreaterThan(0)
  })

  test('behavior: SLL_OPERATOR_ADDRESS overrides the operator (checksummed)', () => {
    const env = Object.fromEntries(chainNames.map((c) => [`SLL_RPC_${c.toUpperCase()}`, 'http://x']))
    const { sources } = resolveSources({
      env: {
        ...env,
        SLL_NETWORK: 'production',
        SLL_OPERATOR_ADDRESS: '0x8a25a24ede9482c4fc0738f99611be58f1c839ab',
      },
    })
    expect(new Set(sources.map((s) => s.operator))).toEqual(
      new Set(['0x8a25A24EDE9482C4Fc0738F99611BE58F1c839AB']),
    )
  })

  test('error: production without an RPC URL names the variable', () => {
    expect(() => resolveSources({ env: { SLL_NETWORK: 'production' } })).toThrow(MarketsConfigError)
    expect(() => resolveSources({ env: { SLL_NETWORK: 'production' } })).toThrow(/SLL_RPC_ETHEREUM/)
  })

  test('error: unknown network and malformed operator', () => {
    expect(() => resolveSources({ env: { SLL_NETWORK: 'mainnet' } })).toThrow(/SLL_NETWORK/)
    expect(() =>
      resolveSources({ env: { SLL_NETWORK: 'production', SLL_OPERATOR_ADDRESS: '0x1234' } }),
    ).toThrow(/SLL_OPERATOR_ADDRESS/)
  })
})
