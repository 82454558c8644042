import {
  type Abi,
  type Address,
  createPublicClient,
  createWalletClient,
  encodeFunctionData,
  type Hex,
  http,
  type Log,
  type PublicClient,
  parseEventLogs,
  type TransactionReceipt,
  type WalletClient,
} from 'viem'
import { type PrivateKeyAccount, privateKeyToAccount } from 'viem/accounts'
import { endpointChain } from '../../chains/viem-chains.js'
import { firstBlockAfter } from '../../layerzero/block-at-time.js'
import { type DeliveryStatusName, readDeliveryStatus } from '../../layerzero/delivery-status.js'
import {
  lzReceiveAlertEventAbi,
  packetDeliveredEventAbi,
  packetSentEventAbi,
} from '../../layerzero/endpoint-abi.js'
import { decodeExecutorLzReceive } from '../../layerzero/options.js'
import { type DecodedPacket, decodePacket } from '../../layerzero/packet.js'
import { dvnAbi, executorAbi, receiveUlnAbi } from '../../layerzero/worker-abis.js'
import { describeError } from '../../lib/errors.js'
import { isNoAnswerError } from '../../lib/transport-errors.js'
import { type ControlServer, startControlServer } from './control-server.js'
import { signedVerifyInstruction } from './dvn-verify.js'
import { lowGasLimit, noFaults, type RelayerFaults, relayerFaultsSchema } from './faults.js'

/** One chain the relayer watches (as source) and serves (as destination). */
export interface RelayerChainConfig {
  name: string
  eid: number
  rpcUrl: string
  endpoint: Address
  receiveLib: Address
  dvn: Address
  executor: Address
  /** First block scanned for `PacketSent` (default 0: a restart rescans the whole devnet history). */
  startBlock?: bigint
}

/** Arguments of {@link startRelayer}. */
export interface StartRelayerArgs {
  chains: RelayerChainConfig[]
  /** Key of the DVN signer registered in every DVN (quorum 1). */
  dvnSignerKey: Hex
  /** Key holding ADMIN_ROLE on every DVN and Executor (the mesh deployer); pays the destination gas. */
  executorAdminKey: Hex
  /** Base latency between seeing a packet and verifying it (default 0). */
  latencyMs?: number
  /** Initial fault settings (default: none). */
  faults?: Partial<RelayerFaults>
  /** Log polling period (default 100 ms). */
  pollIntervalMs?: number
  /** When set, serve the HTTP control endpoint on 127.0.0.1:port (0 picks a free port). */
  controlPort?: number
  /** Receives one line per relayer event (default: silent). */
  log?: (line: string) => void
}

/** What the relayer knows about one packet. */
export interface RelayedPacket {
  guid: Hex
  srcChain: string
  dstChain: string
  nonce: bigint
  status: DeliveryStatusName
  /** Source transaction of `PacketSent`. */
  sourceTx: Hex
  /** Destination transaction that delivered it (or stored the payload last). */
  destinationTx?: Hex
  /** Wall time when the relayer first saw `PacketSent`. */
  seenAt: number
  deliveredAt?: number
  /** `LzReceiveAlert`s this relayer caused. */
  alerts: number
  lastError?: string
}

/** A running relayer. */
export interface Relayer {
  /** Stops polling, waits for the current step and closes the control server. */
  stop(): Promise<void>
  /** Scan-style status of a GUID, or undefined if this relayer has not seen it. */
  status(guid: Hex): DeliveryStatusName | undefined
  /** Details of one packet. */
  packet(guid: Hex): RelayedPacket | undefined
  /** Every packet seen since start. */
  packets(): RelayedPacket[]
  /** Current faults. */
  faults(): RelayerFaults
  /** Changes faults at runtime (merged into the current ones); returns the result. */
  setFaults(change: Partial<RelayerFaults>): RelayerFaults
  /** Base URL of the HTTP control endpoint, when `controlPort` was given. */
  controlUrl: string | undefined
}

interface ChainRuntime {
  config: RelayerChainConfig
  client: PublicClient
  wallet: WalletClient
  vid: number
  cursor: bigint
  /** Hash of block `cursor - 1` when it was scanned (detects a chain that went backwards). */
  cursorParentHash: Hex | undefined
}

type Stage = 'seen' | 'verified' | 'stored' | 'delivered' | 'failed'

interface PacketRecord {
  info: RelayedPacket
  packet: DecodedPacket
  gas: bigint
  value: bigint
  stage: Stage
  attempts: number
  /** Wall time before which a failed step is not retried. */
  retryAt: number
  /** Source block of the PacketSent log. */
  sourceBlock: bigint
  /** First destination block its delivery can be in (found once: log queries never start at block 0). */
  dstFromBlock?: bigint
}

/** Failed attempts per packet before it is reported FAILED (retries back off up to 2 s). */
const maxAttempts = 10
/** Gas used when the options request none. */
const defaultLzReceiveGas = 200_000n

const stageStatus: Record<Stage, DeliveryStatusName> = {
  seen: 'INFLIGHT',
  verified: 'CONFIRMING',
  stored: 'PAYLOAD_STORED',
  delivered: 'DELIVERED',
  failed: 'FAILED',
}

/**
 * Starts the devnet LayerZero relayer: polls `PacketSent` on every chain (block cursor), then, per packet,
 * acts as the DVN (signed `DVN.execute(verify)` + `ReceiveUln302.commitVerification` on the destination) and
 * as the executor (`Executor.execute302`). Each step first reads destination state, so restarts and rescans
 * never deliver twice. Fault modes: see {@link RelayerFaults}.
 */
export async function startRelayer(args: StartRelayerArgs): Promise<Relayer> {
  const signer = privateKeyToAccount(args.dvnSignerKey)
  const admin = privateKeyToAccount(args.executorAdminKey)
  const log = args.log ?? (() => {})
  const latencyMs = args.latencyMs ?? 0
  const pollIntervalMs = args.pollIntervalMs ?? 100
  let faults: RelayerFaults = relayerFaultsSchema.parse({ ...noFaults, ...args.faults })
  const records = new Map<Hex, PacketRecord>()
  const order: PacketRecord[] = []

  const runtimes = await Promise.all(args.chains.map((config) => openChain(config, admin)))
  const byEid = new Map(runtimes.map((r) => [r.config.eid, r]))

  let stopped = false
  let timer: NodeJS.Timeout | undefined
  let current: Promise<void> = Promise.resolve()

  const relayer: Relayer = {
    async stop() {
      stopped = true
      if (timer) clearTimeout(timer)
      await current
      await control?.close()
    },
    status: (guid) => records.get(guid.toLowerCase() as Hex)?.info.status,
    packet: (guid) => {
      const record = records.get(guid.toLowerCase() as Hex)
      return record ? { ...record.info } : undefined
    },
    packets: () => order.map((r) => ({ ...r.info })),
    faults: () => ({ ...faults }),
    setFaults(change) {
      faults = relayerFaultsSchema.parse({ ...faults, ...change })
      log(`faults ${JSON.stringify(faults)}`)
      return { ...faults }
    },
    controlUrl: undefined,
  }

  const control: ControlServer | undefined =
    args.controlPort === undefined ? undefined : await startControlServer(args.controlPort, relayer)
  relayer.controlUrl = control?.url

  async function poll(runtime: ChainRuntime): Promise<void> {
    const head = await runtime.client.getBlockNumber({ cacheTime: 0 })
    if (await rewound(runtime, head)) {
      // the chain went backwards (anvil restarted from older state, or evm_revert): GUIDs may be reused and
      // delivered state may be gone, so forget everything and rescan every chain from its start block
      log(`${runtime.config.name} rewound below block ${runtime.cursor - 1n}: rescanning all chains`)
      records.clear()
      order.length = 0
      for (const r of runtimes) {
        r.cursor = r.config.startBlock ?? 0n
        r.cursorParentHash = undefined
      }
    }
    if (head < runtime.cursor) return
    const [logs, headBlock] = await Promise.all([
      runtime.client.getLogs({
        address: runtime.config.endpoint,
        event: packetSentEventAbi[0],
        fromBlock: runtime.cursor,
        toBlock: head,
      }),
      runtime.client.getBlock({ blockNumber: head }),
    ])
    runtime.cursorParentHash = headBlock.hash
    runtime.cursor = head + 1n
    for (const entry of logs) {
      try {
        remember(runtime, entry)
      } catch (error) {
        log(
          `undecodable PacketSent in ${entry.transactionHash} on ${runtime.config.name}: ${describeError(error)}`,
        )
      }
    }
  }

  function remember(
    source: ChainRuntime,
    entry: Log<bigint, number, false, (typeof packetSentEventAbi)[0]>,
  ): void {
    const { encodedPayload, options } = entry.args
    if (!encodedPayload || !options) return
    const packet = decodePacket(encodedPayload)
    const key = packet.guid.toLowerCase() as Hex
    if (records.has(key)) return
    const requested = requestedExecution(options)
    const destination = byEid.get(packet.dstEid)
    const record: PacketRecord = {
      info: {
        guid: packet.guid,
        srcChain: source.config.name,
        dstChain: destination?.config.name ?? `eid ${packet.dstEid}`,
        nonce: packet.nonce,
        status: 'INFLIGHT',
        sourceTx: entry.transactionHash ?? '0x',
        seenAt: Date.now(),
        alerts: 0,
      },
      packet,
      gas: requested.gas > 0n ? requested.gas : defaultLzReceiveGas,
      value: requested.value,
      stage: 'seen',
      attempts: 0,
      retryAt: 0,
      sourceBlock: entry.blockNumber ?? 0n,
    }
    if (!destination) {
      setStage(record, 'failed')
      record.info.lastError = `destination eid ${packet.dstEid} is not served by this relayer`
    }
    records.set(key, record)
    order.push(record)
    log(`seen ${record.info.srcChain}->${record.info.dstChain} nonce ${packet.nonce} guid ${packet.guid}`)
  }

  function setStage(record: PacketRecord, stage: Stage): void {
    record.stage = stage
    record.info.status = stageStatus[stage]
    if (stage === 'delivered') record.info.deliveredAt = Date.now()
  }

  async function advance(record: PacketRecord): Promise<void> {
    if (record.stage === 'delivered' || record.stage === 'failed' || faults.drop) return
    if (Date.now() < record.info.seenAt + latencyMs + faults.delayMs) return
    if (record.stage === 'stored' && faults.lowGas) return
    if (Date.now() < record.retryAt) return
    const dst = byEid.get(record.packet.dstEid)!
    try {
      if (record.dstFromBlock === undefined) {
        const src = byEid.get(record.packet.srcEid)
        const sent = src ? await src.client.getBlock({ blockNumber: record.sourceBlock }) : undefined
        record.dstFromBlock = sent ? await firstBlockAfter(dst.client, sent.timestamp) : 0n
      }
      const state = await destinationState(dst, record.packet, record.dstFromBlock)
      if (state === 'delivered') {
        setStage(record, 'delivered')
        return
      }
      if (state === 'unverified') {
        await verify(dst, record)
        if (record.stage === 'seen') setStage(record, 'verified')
      } else if (record.stage === 'seen') {
        setStage(record, 'verified')
      }
      await execute(dst, record)
    } catch (error) {
      if (isConnectionError(error)) {
        // the destination RPC is down (devnet restarting): wait, do not count towards FAILED
        record.retryAt = Date.now() + 1_000
        return
      }
      record.attempts += 1
      record.info.lastError =
        error instanceof Error ? (error.message.split('\n')[0] ?? error.name) : String(error)
      log(`error guid ${record.packet.guid} attempt ${record.attempts}: ${record.info.lastError}`)
      record.retryAt = Date.now() + Math.min(2_000, 200 * record.attempts)
      if (record.attempts >= maxAttempts) setStage(record, 'failed')
    }
  }

  async function verify(dst: ChainRuntime, record: PacketRecord): Promise<void> {
    const block = await dst.client.getBlock({ blockTag: 'latest' })
    const instruction = await signedVerifyInstruction({
      packet: record.packet,
      vid: dst.vid,
      receiveLib: dst.config.receiveLib,
      confirmations: 1n,
      expiration: block.timestamp + 3600n,
      signer,
    })
    await sendAndWait(dst, dst.config.dvn, dvnAbi, 'execute', [[instruction]], 1_000_000n)
    await sendAndWait(
      dst,
      dst.config.receiveLib,
      receiveUlnAbi,
      'commitVerification',
      [record.packet.header, record.packet.payloadHash],
      500_000n,
    )
    log(`verified guid ${record.packet.guid} on ${dst.config.name}`)
  }

  async function execute(dst: ChainRuntime, record: PacketRecord): Promise<void> {
    const gasLimit = faults.lowGas ? lowGasLimit : record.gas
    const { packet } = record
    const receipt = await sendAndWait(
      dst,
      dst.config.executor,
      executorAbi,
      'execute302',
      [
        {
          receiver: packet.receiverAddress,
          origin: { srcEid: packet.srcEid, sender: packet.sender, nonce: packet.nonce },
          guid: packet.guid,
          message: packet.message,
          extraData: '0x',
          gasLimit,
        },
      ],
      gasLimit + gasLimit / 63n + 300_000n,
      record.value,
    )
    record.info.destinationTx = receipt.transactionHash
    const events = parseEventLogs({
      abi: [...lzReceiveAlertEventAbi, ...packetDeliveredEventAbi],
      logs: receipt.logs,
    })
    const alert = events.find((e) => e.eventName === 'LzReceiveAlert' && e.args.guid === packet.guid)
    if (alert) {
      record.info.alerts += 1
      setStage(record, 'stored')
      log(`payload stored guid ${packet.guid} (gas ${gasLimit})`)
      return
    }
    setStage(record, 'delivered')
    log(`delivered guid ${packet.guid} on ${dst.config.name} in ${Date.now() - record.info.seenAt} ms`)
  }

  async function tick(): Promise<void> {
    for (const runtime of runtimes) {
      try {
        await poll(runtime)
      } catch (error) {
        log(
          `poll ${runtime.config.name} failed: ${error instanceof Error ? error.message.split('\n')[0] : error}`,
        )
      }
    }
    for (const record of order) {
      if (stopped) return
      await advance(record)
    }
  }

  function schedule(): void {
    if (stopped) return
    timer = setTimeout(() => {
      current = tick().finally(schedule)
    }, pollIntervalMs)
  }

  for (const runtime of runtimes) runtime.cursor = runtime.config.startBlock ?? 0n
  current = tick().finally(schedule)
  return relayer
}

async function openChain(config: RelayerChainConfig, admin: PrivateKeyAccount): Promise<ChainRuntime> {
  const transport = http(config.rpcUrl)
  const probe = createPublicClient({ transport })
  const chainId = await probe.getChainId()
  const chain = endpointChain({ name: config.name, chainId, rpcUrl: config.rpcUrl })
  const client = createPublicClient({ chain, transport, pollingInterval: 20 })
  const wallet = createWalletClient({ chain, transport, account: admin })
  const vid = await client.readContract({ address: config.dvn, abi: dvnAbi, functionName: 'vid' })
  return { config, client, wallet, vid, cursor: config.startBlock ?? 0n, cursorParentHash: undefined }
}

/** True for transport failures (RPC unreachable), as opposed to reverts or bad data. */
function isConnectionError(error: unknown): boolean {
  return isNoAnswerError(error)
}

/** lzReceive gas/value from type-3 options; legacy or malformed options fall back to the default gas. */
function requestedExecution(options: Hex): { gas: bigint; value: bigint } {
  try {
    return decodeExecutorLzReceive(options)
  } catch {
    return { gas: defaultLzReceiveGas, value: 0n }
  }
}

/** True when the block before the cursor is gone or was replaced since it was scanned. */
async function rewound(runtime: ChainRuntime, head: bigint): Promise<boolean> {
  if (runtime.cursorParentHash === undefined) return false
  const parent = runtime.cursor - 1n
  if (head < parent) return true
  const block = await runtime.client.getBlock({ blockNumber: parent })
  return block.hash !== runtime.cursorParentHash
}

type DestinationState = 'unverified' | 'verified' | 'delivered'

/**
 * Where the packet stands on its destination, from {@link readDeliveryStatus}: DELIVERED -> delivered;
 * CONFIRMING or PAYLOAD_STORED (payload hash committed, not executed or `lzReceive` failed) -> verified, so
 * the executor runs; INFLIGHT -> unverified.
 */
async function destinationState(
  dst: ChainRuntime,
  packet: DecodedPacket,
  fromBlock: bigint,
): Promise<DestinationState> {
  const { status } = await readDeliveryStatus(dst.client, {
    fromBlock,
    endpoint: dst.config.endpoint,
    receiver: packet.receiverAddress,
    guid: packet.guid,
    origin: { srcEid: packet.srcEid, sender: packet.sender, nonce: packet.nonce },
  })
  if (status === 'DELIVERED') return 'delivered'
  return status === 'INFLIGHT' ? 'unverified' : 'verified'
}

async function sendAndWait(
  dst: ChainRuntime,
  to: Address,
  abi: typeof dvnAbi | typeof receiveUlnAbi | typeof executorAbi,
  functionName: string,
  args: readonly unknown[],
  gas: bigint,
  value = 0n,
): Promise<TransactionReceipt> {
  const data = encodeFunctionData({ abi: abi as Abi, functionName, args })
  const hash = await dst.wallet.sendTransaction({
    to,
    data,
    gas,
    value,
    chain: dst.wallet.chain,
    account: dst.wallet.account!,
  })
  const receipt = await dst.client.waitForTransactionReceipt({ hash, pollingInterval: 20 })
  if (receipt.status !== 'success')
    throw new Error(`${functionName} reverted on ${dst.config.name} (${hash})`)
  return receipt
}
