/**
 * The pre-send check of one controller call (the same checks as the snapshot's pre-flight, `sll/preflight.ts`,
 * for the keys and settings this call touches): RELAYER role of the signer, every rate-limit key it draws on
 * or refills is set and has the capacity the call draws (`rate-limit-gate.ts`, at the latest block), and the setting its function needs (`maxSlippages` for `depositAave`,
 * `maxExchangeRates` for `depositERC4626`, `layerZeroRecipients` for `transferTokenLayerZero`). Runs right
 * before the first signature of a step (never when a journaled transaction is resumed), so a refusal is a
 * final, named error with nothing signed instead of a revert.
 *
 * @module
 */
import {
  type Abi,
  type Address,
  type Chain,
  type Hex,
  type PublicClient,
  type Transport,
  zeroHash,
} from 'viem'
import type { SllChainDeployment } from '../../chains/sll-deployment.js'
import { controllerName } from '../../sll/preflight.js'
import { RELAYER_ROLE } from '../../sll/roles.js'
import { ControllerSettingMissingError, RelayerRemovedError } from '../tx/sll-errors.js'
import type { ControllerCall } from './controller.js'
import { checkRateLimits } from './rate-limit-gate.js'

/** Throws the final error of the first check the call fails; resolves when the controller would accept it. */
export async function checkControllerCall(args: {
  client: PublicClient<Transport, Chain>
  chain: string
  sll: SllChainDeployment
  abi: Abi
  relayer: Address
  call: ControllerCall
}): Promise<void> {
  const { client, chain, sll, abi, relayer, call } = args
  const name = `${controllerName(sll.controllerVersion)} ${sll.controller}`
  const read = <T>(functionName: string, fnArgs: readonly unknown[]) =>
    client.readContract({ address: sll.controller, abi, functionName, args: fnArgs }) as Promise<T>

  if (!(await read<boolean>('hasRole', [RELAYER_ROLE, relayer])))
    throw new RelayerRemovedError({ chain, controller: sll.controller, relayer, stage: 'pre-send' })

  await checkRateLimits({ client, chain, sll, controller: name, call })

  if (call.functionName === 'depositAave') {
    const aToken = call.args[0] as Address
    if ((await read<bigint>('maxSlippages', [aToken])) === 0n)
      throw new ControllerSettingMissingError({
        chain,
        controller: name,
        setting: `maxSlippages(${aToken}) is 0 and`,
        fix: `setMaxSlippage(${aToken}, 0.999e18)`,
      })
  }
  if (call.functionName === 'depositERC4626') {
    const vault = call.args[0] as Address
    if ((await read<bigint>('maxExchangeRates', [vault])) === 0n)
      throw new ControllerSettingMissingError({
        chain,
        controller: name,
        setting: `maxExchangeRates(${vault}) is 0 and`,
        fix: `setMaxExchangeRate(${vault}, shares, maxExpectedAssets)`,
      })
  }
  if (call.functionName === 'transferTokenLayerZero') {
    const eid = call.args[2] as number
    const recipient = await read<Hex>('layerZeroRecipients', [eid])
    if (recipient === zeroHash)
      throw new ControllerSettingMissingError({
        chain,
        controller: name,
        setting: `layerZeroRecipients(${eid})`,
        fix: `setLayerZeroRecipient(${eid}, bytes32(ALMProxy of the destination))`,
      })
  }
}
