import { encodeFunctionData, type Hex } from 'viem'
import { messageTransmitterAbi } from '../../cctp/abi.js'
import { readCctpNonceUsed } from '../../cctp/status.js'
import type { ChainName } from '../../chains/names.js'
import { NonRetryableError } from '../../lib/errors.js'
import { getPublicClient } from '../clients.js'
import { activityTransactions } from './activity-tx.js'
import type { CctpBurn } from './burn-via-cctp.js'
import type { ChainCctp } from './cctp-config.js'
import { MissingDeploymentError, type StepContext, type StepInput } from './step-context.js'

/** Someone received the message before our transaction was mined: no second mint is possible. */
class NonceAlreadyUsed extends NonRetryableError {
  override readonly name = 'NonceAlreadyUsed'
}

/** Result of receiving one burn: `minted-by-us` (our transaction) or `already-received` (checked on chain). */
export type CctpReceiveResult = {
  txHashes: string[]
  outcome: 'minted-by-us' | 'already-received'
  nonce: string
  amount: string
}

/**
 * Mints one burn on the destination: `MessageTransmitter.receiveMessage(message, attestation)` (V1:
 * permissionless), sent at most once per (source domain, nonce). `usedNonces` is read on chain first; when
 * the message was already received (an earlier attempt, the destination's relayer, anyone) nothing is sent.
 * Otherwise the transaction goes through the sign-once adapter under `<moveKey>/cctp-receive-<nonce>` (a
 * retry settles the same signed bytes), re-checking `usedNonces` right before the first signature; a
 * revert because someone else received it in between counts as received.
 */
export function createReceiveCctpMessage(ctx: StepContext, cctpOf: (chain: ChainName) => Promise<ChainCctp>) {
  const { network } = ctx
  return async function receiveCctpMessage(
    input: StepInput & { burn: CctpBurn; attestation: Hex },
  ): Promise<CctpReceiveResult> {
    const { moveKey, route, burn, attestation } = input
    const toChain = route.bridge?.toChain
    if (!toChain || route.bridge?.via !== 'cctp') {
      throw new MissingDeploymentError('CCTP receive step called for a move that is not a CCTP transfer')
    }
    const { messageTransmitter, domain } = await cctpOf(toChain)
    if (burn.destinationDomain !== domain) {
      throw new MissingDeploymentError(
        `CCTP message nonce ${burn.nonce} goes to domain ${burn.destinationDomain}, not ${toChain} (domain ${domain})`,
        { instruction: 'The burn went to another chain than the move planned: follow the message by hand.' },
      )
    }
    const client = getPublicClient(network.endpoint(toChain))
    const used = () =>
      readCctpNonceUsed(client, {
        messageTransmitter,
        sourceDomain: burn.sourceDomain,
        nonce: BigInt(burn.nonce),
      })
    const done = (outcome: CctpReceiveResult['outcome'], txHashes: string[]): CctpReceiveResult => ({
      txHashes,
      outcome,
      nonce: burn.nonce,
      amount: burn.amount,
    })
    if (await used()) return done('already-received', [])
    const data = encodeFunctionData({
      abi: messageTransmitterAbi,
      functionName: 'receiveMessage',
      args: [burn.message, attestation],
    })
    try {
      const tx = await activityTransactions(network).send(
        toChain,
        `${moveKey}/cctp-receive-${burn.sourceDomain}-${burn.nonce}`,
        { to: messageTransmitter, data },
        async () => {
          if (await used()) throw new NonceAlreadyUsed(`CCTP nonce ${burn.nonce} was received meanwhile`)
        },
      )
      return done('minted-by-us', [tx.hash])
    } catch (error) {
      if (await used()) return done('already-received', [])
      throw error
    }
  }
}
