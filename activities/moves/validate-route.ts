import { type Hex, zeroHash } from 'viem'
import { type MoveRoute, RouteUnavailableError } from '../../policies/route.js'
import { chainController } from './controller.js'
import { MissingDeploymentError, type StepContext } from './step-context.js'

/**
 * Checks the whole route before its first transaction, so that no money is withdrawn or sent on a route
 * that cannot finish: the SLL deployment of every chain it touches, the OFT of the bridged asset on both
 * sides and the source controller's LayerZero recipient for the destination, and a PSM of the kind the
 * converting chain's controller calls (LitePSM for the MainnetController, PSM3 for a ForeignController).
 *
 * @throws {MissingDeploymentError} | {RouteUnavailableError} | NetworkConfigError, naming chain and fix.
 */
export async function validateRoute(ctx: StepContext, route: MoveRoute): Promise<void> {
  const { network, oftOf } = ctx
  for (const chain of new Set([route.source.chain, route.destination.chain])) network.sll(chain)
  const bridge = route.bridge
  if (bridge) {
    oftOf(bridge.fromChain, bridge.asset)
    oftOf(bridge.toChain, bridge.asset)
    await layerZeroRecipient(ctx, bridge)
  }
  const convert = route.convert
  if (convert) {
    const sll = network.sll(convert.chain)
    const wanted = sll.controllerVersion === 'mainnet-v1.10' ? 'litePsm' : 'psm3'
    if (sll.psm?.kind !== wanted) {
      throw new RouteUnavailableError(
        `converting ${convert.fromAsset} to ${convert.toAsset} on ${convert.chain} needs a ${wanted} behind its controller, and the SLL deployment lists ${sll.psm ? `a ${sll.psm.kind}` : 'none'}`,
        {
          instruction: `Fix the PSM of ${convert.chain} in the SLL deployment (chains/sll-deployment.ts), or remove routes that convert there.`,
        },
      )
    }
  }
}

/**
 * The source controller's `layerZeroRecipients[dstEid]` of a bridge (the `to` of its SendParam).
 *
 * @throws {MissingDeploymentError} when governance set none for the destination.
 */
export async function layerZeroRecipient(
  ctx: StepContext,
  bridge: NonNullable<MoveRoute['bridge']>,
): Promise<Hex> {
  const dstEid = ctx.registry[bridge.toChain].eid
  const recipient = await chainController(ctx.network, bridge.fromChain).read<Hex>('layerZeroRecipients', [
    dstEid,
  ])
  if (recipient === zeroHash) {
    throw new MissingDeploymentError(
      `the ${bridge.fromChain} controller has no LayerZero recipient for ${bridge.toChain} (eid ${dstEid})`,
      { instruction: 'Governance must set layerZeroRecipients for this destination before bridging there.' },
    )
  }
  return recipient
}
