/**
 * The move-cost reads of one chain, as a read plan inside the chain's snapshot multicall (no extra
 * request): per hub-and-spoke destination the LayerZero native fee of a controller send (`quoteSend` of
 * the OFT, USDC's when the chain has one, else USDS's) and per CCTP destination the controller's
 * `mintRecipients(domain)`. The gas price is not read here: `Multicall3.getBasefee()` answers 0 in an
 * `eth_call` on geth-based nodes, so `read-chain.ts` asks `eth_gasPrice` beside the multicall.
 *
 * A quote that reverts (no peer for the destination, e.g.) leaves that fee unknown instead of failing the
 * snapshot: the pre-flight already reports an unusable LayerZero route.
 *
 * @module
 */
import type { Address, Hex } from 'viem'
import { cctpDomains } from '../../cctp/domains.js'
import { type ChainName, chainIdentities, chainNames } from '../../chains/names.js'
import type { ChainDeployment } from '../../chains/types.js'
import { oftAbi } from '../../layerzero/oft-abi.js'
import { controllerAbis } from '../../sll/abis.js'
import { controllerSendParam } from '../../sll/layerzero.js'
import { call, type ReadPlan } from './plan.js'
import { isHubSpokePair, type PreflightTarget } from './preflight-plan.js'

/** One quote of a send's messaging fee as planned: 1 USDC / 1 USDS (the fee does not depend on the amount). */
const QUOTE_AMOUNT: Record<'USDS' | 'USDC', bigint> = { USDC: 10n ** 6n, USDS: 10n ** 18n }

/** What the cost plan read (native fees in wei; undefined: the read reverted). */
export type CostReads = {
  layerZero: Array<{ to: ChainName; nativeFeeWei: bigint | undefined }>
  /** `mintRecipients(domain)` per CCTP destination (bytes32; zero = unset; undefined = not readable). */
  mintRecipients: Array<{ to: ChainName; recipient: Hex | undefined }>
}

/**
 * The plan. `recipient` stands in for the destination ALMProxy in the quoted SendParam (the fee depends on
 * the message size and executor options, not on the recipient).
 */
export function costPlan(
  deployment: ChainDeployment,
  target: PreflightTarget,
  recipient: Address,
): ReadPlan<CostReads> {
  const oft = deployment.layerZero.ofts.USDC ?? deployment.layerZero.ofts.USDS
  const asset = deployment.layerZero.ofts.USDC ? 'USDC' : 'USDS'
  const lzDestinations = oft ? chainNames.filter((to) => isHubSpokePair(deployment.name, to)) : []
  const cctpDestinations = target.cctpDestinations ?? []
  const abi = controllerAbis[target.controllerVersion]
  const calls = [
    ...lzDestinations.map((to) => ({
      ...call('OFT', oft!.address, oftAbi, 'quoteSend', [
        controllerSendParam({ recipient, amount: QUOTE_AMOUNT[asset], dstEid: chainIdentities[to].eid }),
        false,
      ]),
      optional: true as const,
    })),
    ...cctpDestinations.map((to) => ({
      ...call('Controller', target.controller, abi, 'mintRecipients', [cctpDomains[to]]),
      optional: true as const,
    })),
  ]
  return {
    subject: 'move-costs',
    calls,
    decode: (results) => {
      let i = 0
      const layerZero = lzDestinations.map((to) => {
        const fee = results[i++] as { nativeFee: bigint } | undefined
        return { to, nativeFeeWei: fee?.nativeFee }
      })
      const mintRecipients = cctpDestinations.map((to) => ({
        to,
        recipient: results[i++] as Hex | undefined,
      }))
      return { layerZero, mintRecipients }
    },
  }
}
