import type { Hex, TransactionReceipt } from 'viem'
import { RetryableError } from '../../lib/errors.js'
import type { MoveRoute } from '../../policies/route.js'
import { getPublicClient } from '../clients.js'
import { type BridgeSent, bridgeSentFromReceipt } from './bridge-receipt.js'
import { findSignedSend } from './signed-send.js'
import { MissingDeploymentError, type StepContext } from './step-context.js'

/** The signed bridge send is neither mined nor replaced yet: the retry policy looks again. */
export class BridgeSendPendingError extends RetryableError {
  override readonly name = 'BridgeSendPendingError'
  constructor(readonly context: { chain: string; hash: string }) {
    super(`bridge send ${context.hash} on ${context.chain} is signed but not mined yet`, {
      instruction:
        'The money may be in flight: check the transaction in a block explorer (and the RELAYER gas balance) before doing anything by hand.',
    })
  }
}

/**
 * Where a bridge send whose step failed stands: `sent` (mined: the money is in flight, follow `guid`),
 * `not-sent` (never signed, reverted, or its nonce went to another transaction: nothing left the source).
 */
export type LocatedBridgeSend =
  | ({ state: 'sent'; hash: Hex } & BridgeSent)
  | { state: 'not-sent'; hash?: Hex; reason: string }

async function receiptOrNull(
  client: ReturnType<typeof getPublicClient>,
  hash: Hex,
): Promise<TransactionReceipt | null> {
  try {
    return await client.getTransactionReceipt({ hash })
  } catch (error) {
    if ((error as { name?: string }).name === 'TransactionReceiptNotFoundError') return null
    throw error
  }
}

/**
 * Locates the bridge send of a move after its step failed for good, so that money that left the source is
 * never reported as still there. The hash comes from the step's last failure (`BridgeSendUnsettledError`
 * details, recorded in history: any worker can follow it) or this worker's journal.
 *
 * @throws {BridgeSendPendingError} (retryable) while the signed send is neither mined nor replaced.
 */
export function createLocateBridgeSend(ctx: StepContext) {
  const { network } = ctx
  return async function locateBridgeSend(input: {
    moveKey: string
    route: MoveRoute
    hash?: string
  }): Promise<LocatedBridgeSend> {
    const bridge = input.route.bridge
    if (!bridge) throw new MissingDeploymentError('bridge send lookup for a same-chain move')
    const signed = await findSignedSend(network, bridge.fromChain, `${input.moveKey}/bridge`)
    const hash = (input.hash ?? signed?.hash) as Hex | undefined
    if (!hash) return { state: 'not-sent', reason: 'no bridge transaction was ever signed' }
    const client = getPublicClient(network.endpoint(bridge.fromChain))
    const mined = await receiptOrNull(client, hash)
    if (mined) {
      if (mined.status !== 'success') return { state: 'not-sent', hash, reason: `send ${hash} reverted` }
      return { state: 'sent', hash, ...(await bridgeSentFromReceipt(ctx, bridge, mined)) }
    }
    const nonce =
      signed?.hash === hash
        ? signed.nonce
        : await client
            .getTransaction({ hash })
            .then((tx) => tx.nonce)
            .catch(() => undefined)
    if (nonce !== undefined) {
      const used = await client.getTransactionCount({ address: network.signer.address, blockTag: 'latest' })
      if (used > nonce && !(await receiptOrNull(client, hash))) {
        return {
          state: 'not-sent',
          hash,
          reason: `nonce ${nonce} of send ${hash} went to another transaction`,
        }
      }
    }
    throw new BridgeSendPendingError({ chain: bridge.fromChain, hash })
  }
}
