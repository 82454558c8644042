import { Options } from '@layerzerolabs/lz-v2-utilities'
import { Context } from '@temporalio/activity'
import { ApplicationFailure, ApplicationFailureCategory } from '@temporalio/common'
import { type Address, encodeFunctionData, erc20Abi, pad, parseAbi, parseEventLogs } from 'viem'
import { getVenue } from '../../chains/lookup.js'
import type { ChainName } from '../../chains/names.js'
import { NonRetryableError } from '../../lib/errors.js'
import { getPublicClient } from '../clients.js'
import { lzReceiveAlertEventAbi } from '../layerzero/endpoint-abi.js'
import { oftAbi, oftReceivedEventAbi, oftSentEventAbi } from '../layerzero/oft-abi.js'
import { DeliveryFailedError, fetchScanMessage, terminalScanStatuses } from '../layerzero/scan.js'
import type { Network } from '../network.js'
import { crashIfChaos } from '../tx/chaos.js'
import { resolveJournalDir } from '../tx/journal.js'
import { activityTransactions } from './activity-tx.js'
import { type MoveRoute, parseMoveEnd, planRoute, type Stablecoin } from './route.js'
import { depositCall, withdrawCall } from './venue-calls.js'

/** Gas the destination executor gets for `lzReceive` (what the SLL controller uses). */
export const LZ_RECEIVE_GAS = 200_000n

/** How long one delivery check keeps polling before it reports "not yet" to the retry policy. */
const DELIVERY_LONG_POLL_MS = 5_000
const DELIVERY_POLL_INTERVAL_MS = 200

function heartbeatIfActivity(): void {
  try {
    Context.current().heartbeat()
  } catch {
    // not inside an activity (direct call in a script or test)
  }
}

/** The retryable, benign failure that makes the retry policy poll a delivery again. */
function deliveryPending(guid: string, chain: ChainName, status: string): ApplicationFailure {
  const detail = status === 'PAYLOAD_STORED' ? ' (lzReceive failed; waiting for the executor to retry)' : ''
  return ApplicationFailure.create({
    type: 'DeliveryPending',
    message: `LayerZero message ${guid} to ${chain}: ${status}${detail}`,
    nonRetryable: false,
    category: ApplicationFailureCategory.BENIGN,
  })
}

/** A chain lacks the contract a step needs. */
export class MissingDeploymentError extends NonRetryableError {
  override readonly name = 'MissingDeploymentError'
}

const psmAbi = parseAbi([
  'function sellGem(address usr, uint256 gemAmt) returns (uint256)',
  'function buyGem(address usr, uint256 gemAmt) returns (uint256)',
])

/** Input of every step: the move's workflow id (the idempotency namespace) and its route. */
export type StepInput = { moveKey: string; route: MoveRoute }

/** Result of a transaction step, JSON-safe. */
export type StepResult = { txHashes: string[] }

/** Result of the bridge step. */
export type BridgeResult = StepResult & { guid: string; amountSent: string; amountReceived: string }

/** Result of a delivery check. */
export type DeliveryResult = { status: 'DELIVERED'; amountReceived: string; txHash: string }

/**
 * The activities that carry out a move, one transaction step each. Every transaction goes through the
 * sign-once path (journal + heartbeat), keyed `${moveKey}/${step}`, so a retried or re-run step never
 * sends a second transaction.
 */
export function createMoveSteps(network: Network) {
  const { registry } = network
  const owner = network.signer.address
  const token = (chain: ChainName, asset: Stablecoin) => registry[chain].tokens[asset]
  const oftOf = (chain: ChainName, asset: Stablecoin) => {
    const oft = registry[chain].layerZero.ofts[asset]
    if (!oft) {
      throw new MissingDeploymentError(`no LayerZero OFT for ${asset} on ${chain}`, {
        instruction: `Add the ${asset} OFT of ${chain} to the chain registry, or remove routes that bridge ${asset} from ${chain}.`,
      })
    }
    return oft
  }
  const balanceOf = async (chain: ChainName, asset: Stablecoin): Promise<bigint> =>
    getPublicClient(network.endpoint(chain)).readContract({
      address: token(chain, asset),
      abi: erc20Abi,
      functionName: 'balanceOf',
      args: [owner],
    })

  return {
    /**
     * Decides the route of a move (recorded in history); for an idle source it reads the signer's
     * balances there (see `planRoute`).
     */
    async prepareMove(input: { from: string; to: string; amountUsd: string }): Promise<MoveRoute> {
      const from = parseMoveEnd(registry, input.from)
      const to = parseMoveEnd(registry, input.to)
      const idle =
        from.kind === 'idle'
          ? { USDS: await balanceOf(from.chain, 'USDS'), USDC: await balanceOf(from.chain, 'USDC') }
          : undefined
      return planRoute({ registry, from, to, amountUsd: input.amountUsd, ...(idle ? { idle } : {}) })
    },

    /** Withdraws the source amount from the source market to the signer (no-op for an idle source). */
    async withdrawFromMarket({ moveKey, route }: StepInput): Promise<StepResult> {
      if (route.from.kind !== 'market') return { txHashes: [] }
      const { venue } = getVenue(route.from.marketId, registry)
      const call = withdrawCall(venue, BigInt(route.source.amount), owner)
      const tx = await activityTransactions(network).send(route.from.chain, `${moveKey}/withdraw`, call)
      return { txHashes: [tx.hash] }
    },

    /** Converts USDS <-> USDC 1:1 through the chain's PSM (approve exactly, then swap). */
    async convertViaPsm({ moveKey, route }: StepInput): Promise<StepResult> {
      const convert = route.convert
      if (!convert) return { txHashes: [] }
      const psm = registry[convert.chain].psm
      if (!psm) {
        throw new MissingDeploymentError(`no PSM on ${convert.chain}`, {
          instruction: 'Add the PSM to the chain registry or remove routes that change asset there.',
        })
      }
      const txs = activityTransactions(network)
      const hashes: string[] = []
      const selling = convert.fromAsset === 'USDC'
      const approval = await txs.approve(convert.chain, `${moveKey}/approve-psm`, {
        token: token(convert.chain, convert.fromAsset),
        spender: psm,
        amount: BigInt(convert.amountIn),
      })
      if (approval.approved) hashes.push(approval.tx.hash)
      const gemAmount = BigInt(selling ? convert.amountIn : convert.amountOut)
      const data = encodeFunctionData({
        abi: psmAbi,
        functionName: selling ? 'sellGem' : 'buyGem',
        args: [owner, gemAmount],
      })
      const tx = await txs.send(convert.chain, `${moveKey}/convert`, { to: psm, data })
      hashes.push(tx.hash)
      return { txHashes: hashes }
    },

    /**
     * Sends the bridged amount through the LayerZero OFT: approve (adapters only, exact amount), `quoteOFT`
     * for `minAmountLD`, `quoteSend` for the fee, `send` with executor options for `lzReceive`. Returns the
     * GUID from the `OFTSent` event of the (journaled) send.
     */
    async bridgeViaOft({ moveKey, route }: StepInput): Promise<BridgeResult> {
      const bridge = route.bridge
      if (!bridge) throw new MissingDeploymentError('bridge step called for a same-chain move')
      const oft = oftOf(bridge.fromChain, bridge.asset)
      const dstEid = registry[bridge.toChain].eid
      const client = getPublicClient(network.endpoint(bridge.fromChain))
      const txs = activityTransactions(network)
      const hashes: string[] = []
      if (oft.kind === 'adapter') {
        const approval = await txs.approve(bridge.fromChain, `${moveKey}/approve-oft`, {
          token: token(bridge.fromChain, bridge.asset),
          spender: oft.address,
          amount: BigInt(bridge.amount),
        })
        if (approval.approved) hashes.push(approval.tx.hash)
      }
      const sendParam = {
        dstEid,
        to: pad(owner),
        amountLD: BigInt(bridge.amount),
        minAmountLD: 0n,
        extraOptions: Options.newOptions()
          .addExecutorLzReceiveOption(LZ_RECEIVE_GAS, 0)
          .toHex() as `0x${string}`,
        composeMsg: '0x' as const,
        oftCmd: '0x' as const,
      }
      const [, , receipt] = await client.readContract({
        address: oft.address,
        abi: oftAbi,
        functionName: 'quoteOFT',
        args: [sendParam],
      })
      sendParam.minAmountLD = receipt.amountReceivedLD
      const fee = await client.readContract({
        address: oft.address,
        abi: oftAbi,
        functionName: 'quoteSend',
        args: [sendParam, false],
      })
      const data = encodeFunctionData({ abi: oftAbi, functionName: 'send', args: [sendParam, fee, owner] })
      const tx = await txs.send(bridge.fromChain, `${moveKey}/bridge`, {
        to: oft.address,
        data,
        value: fee.nativeFee,
      })
      hashes.push(tx.hash)
      const mined = await client.getTransactionReceipt({ hash: tx.hash })
      const [sent] = parseEventLogs({ abi: oftSentEventAbi, logs: mined.logs, eventName: 'OFTSent' })
      if (!sent) throw new MissingDeploymentError(`send ${tx.hash} on ${bridge.fromChain} emitted no OFTSent`)
      return {
        txHashes: hashes,
        guid: sent.args.guid,
        amountSent: sent.args.amountSentLD.toString(),
        amountReceived: sent.args.amountReceivedLD.toString(),
      }
    },

    /**
     * Checks whether the OFT transfer `guid` arrived on the destination: on the devnet by `OFTReceived`
     * logs (long-polled for a few seconds), in production by LayerZero Scan, then the `OFTReceived` log for
     * the amount. Not yet: throws a retryable, benign failure naming the status (INFLIGHT, CONFIRMING, or
     * PAYLOAD_STORED when `lzReceive` failed and the payload waits for a retry); the retry policy polls.
     * Scan's FAILED / BLOCKED is final ({@link DeliveryFailedError}): the move parks in flight.
     */
    async checkOftDelivery(input: { route: MoveRoute; guid: `0x${string}` }): Promise<DeliveryResult> {
      const bridge = input.route.bridge
      if (!bridge) throw new MissingDeploymentError('delivery check for a same-chain move')
      crashIfChaos('awaiting-delivery', `${input.guid}/delivery`, resolveJournalDir(network.journalDir))
      const oft = oftOf(bridge.toChain, bridge.asset)
      const client = getPublicClient(network.endpoint(bridge.toChain))
      const findArrival = async (fromBlock: bigint) => {
        const [arrival] = await client.getLogs({
          address: oft.address,
          event: oftReceivedEventAbi[0],
          args: { guid: input.guid },
          fromBlock,
        })
        return arrival
          ? {
              status: 'DELIVERED' as const,
              amountReceived: arrival.args.amountReceivedLD?.toString() ?? '0',
              txHash: arrival.transactionHash,
            }
          : undefined
      }
      if (network.delivery.kind === 'layerzero-scan') {
        const message = await fetchScanMessage(input.guid, { baseUrl: network.delivery.baseUrl })
        if (terminalScanStatuses.has(message.status)) {
          throw new DeliveryFailedError(
            `LayerZero Scan reports message ${input.guid} to ${bridge.toChain} as ${message.status}${message.detail ? ` (${message.detail})` : ''}`,
            {
              instruction:
                'The money is in flight: inspect the message on LayerZero Scan and recover it by hand.',
            },
          )
        }
        const arrival =
          message.status === 'DELIVERED' ? await findArrival(message.destinationBlock ?? 0n) : undefined
        if (arrival) return arrival
        throw deliveryPending(input.guid, bridge.toChain, message.status)
      }
      // Long poll within one attempt (heartbeating), so an arrival is seen within ~200 ms; the retry
      // policy only takes over for slow deliveries.
      const deadline = Date.now() + DELIVERY_LONG_POLL_MS
      for (;;) {
        const arrival = await findArrival(0n)
        if (arrival) return arrival
        if (Date.now() >= deadline) break
        heartbeatIfActivity()
        await new Promise((resolve) => setTimeout(resolve, DELIVERY_POLL_INTERVAL_MS))
      }
      const alerts = await client.getLogs({
        address: registry[bridge.toChain].layerZero.endpoint,
        event: lzReceiveAlertEventAbi[0],
        fromBlock: 0n,
      })
      const stored = alerts.some((log) => log.args.guid === input.guid)
      throw deliveryPending(input.guid, bridge.toChain, stored ? 'PAYLOAD_STORED' : 'INFLIGHT')
    },

    /** Deposits `amount` (base units of the destination asset) into the destination market. */
    async depositToMarket(input: StepInput & { amount: string }): Promise<StepResult> {
      const { moveKey, route } = input
      crashIfChaos('before-deposit', `${moveKey}/deposit`, resolveJournalDir(network.journalDir))
      if (route.to.kind !== 'market') return { txHashes: [] }
      const { venue } = getVenue(route.to.marketId, registry)
      const amount = BigInt(input.amount)
      const call = depositCall(venue, amount, owner)
      const txs = activityTransactions(network)
      const hashes: string[] = []
      const approval = await txs.approve(route.to.chain, `${moveKey}/approve-deposit`, {
        token: venue.underlying,
        spender: call.spender as Address,
        amount,
      })
      if (approval.approved) hashes.push(approval.tx.hash)
      const tx = await txs.send(route.to.chain, `${moveKey}/deposit`, call)
      hashes.push(tx.hash)
      return { txHashes: hashes }
    },
  }
}

/** The move step activities as workflows see them. */
export type MoveSteps = ReturnType<typeof createMoveSteps>
