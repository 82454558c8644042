import { type Hex, zeroHash } from 'viem'
import { cctpDomains } from '../../cctp/domains.js'
import { addressToBytes32 } from '../../cctp/message.js'
import { cctpMessagesOfReceipt } from '../../cctp/status.js'
import { usdcToCctpKey, usdcToDomainKey } from '../../sll/keys.js'
import type { ChainCctp } from './cctp-config.js'
import { chainController } from './controller.js'
import { MissingDeploymentError, type StepContext, type StepInput, type StepResult } from './step-context.js'

/**
 * One CCTP burn of a move (JSON-safe, recorded in history as the burn step's result): its message and
 * hash (the attestation API key), source domain and nonce (the destination's `usedNonces` key), amount.
 */
export type CctpBurn = {
  sourceDomain: number
  destinationDomain: number
  /** uint64, decimal string. */
  nonce: string
  /** USDC base units burned (and minted on the destination), decimal string. */
  amount: string
  message: Hex
  messageHash: Hex
}

/** Result of the burn step: the transaction and every burn it emitted, in log order. */
export type CctpBurnResult = StepResult & { burns: CctpBurn[] }

/**
 * Burns the travelling USDC through the source controller's `transferUSDCToCCTP(amount, domain)`
 * (USDC_TO_CCTP and USDC_TO_DOMAIN(domain) down; the controller splits it into burns of at most the
 * minter's `burnLimitsPerMessage`). Refuses before signing when the controller's `mintRecipients[domain]`
 * is unset or is not the destination ALMProxy. Returns the burns read from the (journaled) transaction's
 * `MessageSent` logs: the workflow records them before anything else happens.
 */
export function createBurnViaCctp(
  ctx: StepContext,
  cctpOf: (chain: StepInput['route']['source']['chain']) => Promise<ChainCctp>,
) {
  const { network, proxyOf } = ctx
  return async function burnViaCctp({ moveKey, route }: StepInput): Promise<CctpBurnResult> {
    const bridge = route.bridge
    if (bridge?.via !== 'cctp' || bridge.asset !== 'USDC') {
      throw new MissingDeploymentError('CCTP burn step called for a move that is not a USDC CCTP transfer')
    }
    const domain = cctpDomains[bridge.toChain]
    const amount = BigInt(bridge.amount)
    const c = chainController(network, bridge.fromChain)
    const recipient = await c.read<Hex>('mintRecipients', [domain])
    const expected = addressToBytes32(proxyOf(bridge.toChain))
    if (recipient === zeroHash || recipient.toLowerCase() !== expected.toLowerCase()) {
      throw new MissingDeploymentError(
        `the ${bridge.fromChain} controller's CCTP mint recipient for ${bridge.toChain} (domain ${domain}) is ${recipient}, not the ${bridge.toChain} ALMProxy`,
        {
          instruction:
            'Governance must set mintRecipients for this domain to the destination ALMProxy; until then plan USDC over LayerZero.',
        },
      )
    }
    const { messageTransmitter } = await cctpOf(bridge.fromChain)
    const { tx, rateLimits } = await c.relay(`${moveKey}/cctp-burn`, {
      functionName: 'transferUSDCToCCTP',
      args: [amount, domain],
      limits: [
        { key: usdcToCctpKey, label: `USDC_TO_CCTP(${bridge.fromChain})`, kind: 'decrease', amount },
        {
          key: usdcToDomainKey(domain),
          label: `USDC_TO_DOMAIN(${bridge.fromChain} -> ${bridge.toChain})`,
          kind: 'decrease',
          amount,
        },
      ],
    })
    const mined = await c.client.getTransactionReceipt({ hash: tx.hash })
    const burns = cctpMessagesOfReceipt(mined, messageTransmitter).map(
      (sent): CctpBurn => ({
        sourceDomain: sent.decoded.sourceDomain,
        destinationDomain: sent.decoded.destinationDomain,
        nonce: sent.decoded.nonce.toString(),
        amount: (sent.decoded.burn?.amount ?? 0n).toString(),
        message: sent.message,
        messageHash: sent.messageHash,
      }),
    )
    if (burns.length === 0) {
      throw new MissingDeploymentError(
        `transferUSDCToCCTP ${tx.hash} on ${bridge.fromChain} emitted no MessageSent`,
        {
          instruction: `Inspect ${tx.hash}: the USDC left the ALMProxy without a CCTP message; recover it by hand.`,
        },
      )
    }
    return { txHashes: [tx.hash], rateLimits, burns }
  }
}
