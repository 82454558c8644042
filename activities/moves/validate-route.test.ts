import { expect, test } from 'vitest'
import { loadDevnetRegistry } from '../../chains/devnet.js'
import { loadDevnetSll } from '../../chains/devnet-sll.js'
import type { ChainName } from '../../chains/names.js'
import type { SllChainDeployment } from '../../chains/sll-deployment.js'
import { planRoute, RouteUnavailableError, resolveRouteEnd } from '../../policies/route.js'
import type { Network } from '../network.js'
import { createStepContext, MissingDeploymentError } from './step-context.js'
import { validateRoute } from './validate-route.js'

// No chain is reachable here: every check below must fail before any read.
function context(
  edit: (net: {
    registry: ReturnType<typeof loadDevnetRegistry>
    sll: Record<string, SllChainDeployment>
  }) => void,
) {
  const registry = loadDevnetRegistry()
  const sll = structuredClone(loadDevnetSll()) as unknown as Record<string, SllChainDeployment>
  edit({ registry, sll })
  const network = {
    registry,
    endpoint: (chain: ChainName) => ({
      name: chain,
      chainId: registry[chain].chainId,
      rpcUrl: 'http://127.0.0.1:9',
    }),
    sll: (chain: ChainName) => sll[chain] as SllChainDeployment,
  } as unknown as Network
  return { ctx: createStepContext(network), registry }
}

const route = (registry: ReturnType<typeof loadDevnetRegistry>, from: string, to: string) =>
  planRoute({
    registry,
    from: resolveRouteEnd(registry, from),
    to: resolveRouteEnd(registry, to),
    amountUsd: '1000',
  })

test('error: a bridged asset without an OFT on the destination is refused before any transaction', async () => {
  const { ctx, registry } = context(({ registry }) => {
    delete registry.ethereum.layerZero.ofts.USDS
  })
  const r = route(registry, 'base/aave/USDC', 'ethereum/savings/sUSDS')
  expect(r.bridge?.asset).toBe('USDS')
  await expect(validateRoute(ctx, r)).rejects.toThrow(MissingDeploymentError)
  await expect(validateRoute(ctx, r)).rejects.toThrow(/no LayerZero OFT for USDS on ethereum/)
})

test('error: a conversion where the controller has a PSM of the other kind is refused, naming chain and kinds', async () => {
  const { ctx, registry } = context(({ sll }) => {
    const base = sll.base as SllChainDeployment
    sll.base = { ...base, psm: { kind: 'litePsm', address: base.psm.address } }
  })
  const r = route(registry, 'base/aave/USDC', 'base/savings/sUSDS')
  expect(r.convert?.chain).toBe('base')
  await expect(validateRoute(ctx, r)).rejects.toThrow(RouteUnavailableError)
  await expect(validateRoute(ctx, r)).rejects.toThrow(/needs a psm3 .* lists a litePsm/)
})
