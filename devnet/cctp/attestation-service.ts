import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { type Address, createPublicClient, type Hex, http, type PublicClient } from 'viem'
import { sign } from 'viem/accounts'
import { messageSentEventAbi } from '../../cctp/abi.js'
import { cctpMessageHash, decodeCctpMessage } from '../../cctp/message.js'
import { type AttestationFaults, attestationFaultsSchema, noAttestationFaults } from './faults.js'

/** One chain whose MessageTransmitter the service watches. */
export interface AttestationChainConfig {
  name: string
  domain: number
  rpcUrl: string
  messageTransmitter: Address
  /** First block scanned for `MessageSent` (default 0: a restart rescans the whole devnet history). */
  startBlock?: bigint
}

/** Arguments of {@link startAttestationService}. */
export interface StartAttestationServiceArgs {
  chains: AttestationChainConfig[]
  /** Key of the attester enabled on every MessageTransmitter (signature threshold 1). */
  attesterKey: Hex
  /** HTTP port on 127.0.0.1 (0 picks a free port). */
  port: number
  faults?: Partial<AttestationFaults>
  /** Log polling period (default 100 ms). */
  pollIntervalMs?: number
  log?: (line: string) => void
}

/** What the service knows about one message. */
export interface AttestedMessage {
  messageHash: Hex
  message: Hex
  sourceChain: string
  sourceDomain: number
  destinationDomain: number
  nonce: bigint
  sourceTx: Hex
  /** Wall time when the service first saw `MessageSent`. */
  seenAt: number
  status: 'pending_confirmations' | 'complete'
  /** Set once complete. */
  attestation?: Hex
}

/** A running attestation service. */
export interface AttestationService {
  /** Base URL, e.g. `http://127.0.0.1:8561` (attestations under `/v1/attestations/` and `/attestations/`). */
  url: string
  stop(): Promise<void>
  /** Every message seen, status as of now. */
  messages(): AttestedMessage[]
  /** One message by hash, status as of now; undefined when unknown. */
  message(messageHash: Hex): AttestedMessage | undefined
  faults(): AttestationFaults
  setFaults(change: Partial<AttestationFaults>): AttestationFaults
}

interface ChainRuntime {
  config: AttestationChainConfig
  client: PublicClient
  cursor: bigint
  /** Hash of block `cursor - 1` when it was scanned (detects a chain that went backwards). */
  cursorParentHash: Hex | undefined
}

/**
 * Starts the devnet stand-in for Circle's attestation service (Iris, CCTP V1): polls `MessageSent` on every
 * chain, signs `keccak256(message)` with the attester key once the message is older than `faults.delayMs`,
 * and serves Circle's API shape over HTTP:
 * - `GET /v1/attestations/{messageHash}` (also `/attestations/{messageHash}`):
 *   200 `{ attestation: 'PENDING', status: 'pending_confirmations' }` or `{ attestation: '0x…', status: 'complete' }`;
 *   404 `{ error: 'Message hash not found' }` when unknown; 503 while `faults.outage` is set.
 * - Controls: `GET /faults`, `POST /faults` (JSON merge, 400 on an invalid body), `GET /messages`, `GET /health`.
 */
export async function startAttestationService(
  args: StartAttestationServiceArgs,
): Promise<AttestationService> {
  const log = args.log ?? (() => {})
  const pollIntervalMs = args.pollIntervalMs ?? 100
  let faults: AttestationFaults = attestationFaultsSchema.parse({ ...noAttestationFaults, ...args.faults })
  const records = new Map<Hex, AttestedMessage>()
  const runtimes: ChainRuntime[] = args.chains.map((config) => ({
    config,
    client: createPublicClient({ transport: http(config.rpcUrl) }),
    cursor: config.startBlock ?? 0n,
    cursorParentHash: undefined,
  }))

  async function current(record: AttestedMessage): Promise<AttestedMessage> {
    if (record.status === 'complete') return record
    if (Date.now() < record.seenAt + faults.delayMs) return record
    record.attestation = await sign({ hash: record.messageHash, privateKey: args.attesterKey, to: 'hex' })
    record.status = 'complete'
    log(
      `attested ${record.sourceChain} nonce ${record.nonce} -> domain ${record.destinationDomain} (${record.messageHash})`,
    )
    return record
  }

  async function poll(runtime: ChainRuntime): Promise<void> {
    const head = await runtime.client.getBlockNumber()
    if (await rewound(runtime, head)) {
      log(`${runtime.config.name} went back (anvil restart or evm_revert): rescanning from its start block`)
      runtime.cursor = runtime.config.startBlock ?? 0n
      runtime.cursorParentHash = undefined
    }
    if (head < runtime.cursor) return
    const logs = await runtime.client.getLogs({
      address: runtime.config.messageTransmitter,
      event: messageSentEventAbi,
      fromBlock: runtime.cursor,
      toBlock: head,
    })
    for (const entry of logs) {
      const message = entry.args.message
      if (!message) continue
      const messageHash = cctpMessageHash(message)
      if (records.has(messageHash)) continue
      const decoded = decodeCctpMessage(message)
      records.set(messageHash, {
        messageHash,
        message,
        sourceChain: runtime.config.name,
        sourceDomain: decoded.sourceDomain,
        destinationDomain: decoded.destinationDomain,
        nonce: decoded.nonce,
        sourceTx: entry.transactionHash,
        seenAt: Date.now(),
        status: 'pending_confirmations',
      })
      log(
        `seen ${runtime.config.name} nonce ${decoded.nonce} -> domain ${decoded.destinationDomain} (${messageHash})`,
      )
    }
    runtime.cursor = head + 1n
    runtime.cursorParentHash = (await runtime.client.getBlock({ blockNumber: head })).hash
  }

  let stopped = false
  let timer: NodeJS.Timeout | undefined
  let running: Promise<void> = Promise.resolve()
  const tick = async () => {
    await Promise.all(
      runtimes.map(async (runtime) => {
        try {
          await poll(runtime)
        } catch (error) {
          log(
            `poll ${runtime.config.name} failed: ${error instanceof Error ? error.message.split('\n')[0] : error}`,
          )
        }
      }),
    )
  }
  const schedule = () => {
    if (stopped) return
    timer = setTimeout(() => {
      running = tick().finally(schedule)
    }, pollIntervalMs)
  }
  running = tick().finally(schedule)

  const setFaults = (change: Partial<AttestationFaults>) => {
    faults = attestationFaultsSchema.parse({ ...faults, ...change })
    log(`faults ${JSON.stringify(faults)}`)
    return faults
  }
  const snapshot = async () => Promise.all([...records.values()].map(current))

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) =>
      respond(response, 500, { error: error instanceof Error ? error.message : String(error) }),
    )
  })
  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://localhost')
    const attestationMatch = /^(?:\/v1)?\/attestations\/(0x[0-9a-fA-F]{64})$/.exec(url.pathname)
    if (attestationMatch && request.method === 'GET') {
      if (faults.outage)
        return respond(response, 503, { error: 'Service unavailable (devnet fault: outage)' })
      const record = records.get(attestationMatch[1]!.toLowerCase() as Hex)
      if (!record) return respond(response, 404, { error: 'Message hash not found' })
      const now = await current(record)
      return respond(
        response,
        200,
        now.status === 'complete'
          ? { attestation: now.attestation, status: 'complete' }
          : { attestation: 'PENDING', status: 'pending_confirmations' },
      )
    }
    if (url.pathname === '/faults' && request.method === 'GET') return respond(response, 200, faults)
    if (url.pathname === '/faults' && request.method === 'POST') {
      try {
        return respond(response, 200, setFaults(JSON.parse((await readBody(request)) || '{}') as object))
      } catch (error) {
        return respond(response, 400, { error: error instanceof Error ? error.message : String(error) })
      }
    }
    if (url.pathname === '/messages' && request.method === 'GET')
      return respond(response, 200, await snapshot())
    if (url.pathname === '/health' && request.method === 'GET') return respond(response, 200, { ok: true })
    respond(response, 404, { error: 'not found' })
  }
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(args.port, '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as AddressInfo

  return {
    url: `http://127.0.0.1:${port}`,
    async stop() {
      stopped = true
      if (timer) clearTimeout(timer)
      await running
      await new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
    },
    messages: () => [...records.values()].map((record) => ({ ...record })),
    message: (messageHash) => records.get(messageHash.toLowerCase() as Hex),
    faults: () => faults,
    setFaults,
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

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of request) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

function respond(response: ServerResponse, code: number, body: unknown): void {
  response.writeHead(code, { 'content-type': 'application/json' })
  response.end(JSON.stringify(body, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)))
}
