/**
 * CCTP on the devnet, end to end: `transferUSDCToCCTP` from one ALMProxy, `MessageSent` attested by the
 * devnet attestation service (polled through Circle's API shape), `receiveMessage` on the destination minting
 * into the other ALMProxy; nonce reuse refused; splits above `burnLimitsPerMessage`; an attestation outage;
 * rate-limit data as the sll/ projector predicts; USDC conserved across LayerZero + CCTP.
 */
import {
  type Abi,
  type Address,
  createWalletClient,
  encodeFunctionData,
  erc20Abi,
  type Hex,
  http,
  type PublicClient,
  parseUnits,
  type TransactionReceipt,
} from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { messageTransmitterAbi, tokenMinterAbi } from '../../cctp/abi.js'
import {
  type AttestationPoll,
  attestationPath,
  interpretAttestationResponse,
} from '../../cctp/attestation.js'
import { cctpDomains } from '../../cctp/domains.js'
import { addressToBytes32 } from '../../cctp/message.js'
import { cctpMessagesOfReceipt, readCctpStatus, type SentCctpMessage } from '../../cctp/status.js'
import { loadDevnetRegistry } from '../../chains/devnet.js'
import { type DevnetAccount, devnetAccounts } from '../../chains/devnet-accounts.js'
import { type DevnetSll, loadDevnetSll } from '../../chains/devnet-sll.js'
import { type ChainName, chainNames } from '../../chains/names.js'
import { endpointChain } from '../../chains/viem-chains.js'
import { controllerAbis, rateLimitsAbi } from '../../sll/abis.js'
import { usdcToCctpKey, usdcToDomainKey } from '../../sll/keys.js'
import { afterDecrease, type RateLimitData } from '../../sll/rate-limits.js'
import { type Devnet, startDevnet } from '../anvil-cluster.js'
import { loadDevnetDeployment } from '../deployment.js'
import { devnetClients } from '../test-helpers.js'
import type { AttestationService } from './attestation-service.js'
import { type DevnetCctp, loadDevnetCctp } from './deployment.js'
import { startDevnetAttestation } from './devnet-attestation.js'

/** Fixed port base of this file (not used by any other test). */
const portBase = 26_545
const { operator, relayer } = devnetAccounts
const usdc = (amount: number) => parseUnits(String(amount), 6)

let devnet: Devnet
let service: AttestationService
let sll: DevnetSll
let cctp: DevnetCctp
let clients: Record<ChainName, PublicClient>

beforeAll(async () => {
  const registry = loadDevnetRegistry()
  sll = loadDevnetSll()
  cctp = loadDevnetCctp()
  devnet = await startDevnet({ portBase, quiet: true })
  const multicall3 = Object.fromEntries(chainNames.map((chain) => [chain, registry[chain].multicall3]))
  clients = devnetClients(devnet.rpcUrls, multicall3 as Record<ChainName, Address>)
  service = await startDevnetAttestation({ portBase, port: 0 })
})

afterAll(async () => {
  await service?.stop()
  await devnet?.stop()
})

type Call = { address: Address; abi: Abi; functionName: string; args?: readonly unknown[] }

async function send(chain: ChainName, from: DevnetAccount, call: Call): Promise<TransactionReceipt> {
  const client = clients[chain]
  const account = privateKeyToAccount(from.privateKey)
  const { request } = await client.simulateContract({ ...call, account } as never)
  const wallet = createWalletClient({
    chain: endpointChain({
      name: `devnet-${chain}`,
      chainId: client.chain!.id,
      rpcUrl: devnet.rpcUrls[chain],
    }),
    transport: http(devnet.rpcUrls[chain]),
    account,
  })
  const gas = await client.estimateGas({ account, to: call.address, data: encodeFunctionData(call as never) })
  const hash = await wallet.writeContract({ ...(request as object), gas: (gas * 13n) / 10n } as never)
  const receipt = await client.waitForTransactionReceipt({ hash, pollingInterval: 20 })
  expect(receipt.status).toBe('success')
  return receipt
}

const balance = (chain: ChainName, owner: Address) =>
  clients[chain].readContract({
    address: cctp.chains[chain].usdc,
    abi: erc20Abi,
    functionName: 'balanceOf',
    args: [owner],
  })

const readLimit = async (chain: ChainName, key: Hex) =>
  (await clients[chain].readContract({
    address: sll[chain].rateLimits,
    abi: rateLimitsAbi,
    functionName: 'getRateLimitData',
    args: [key],
  })) as RateLimitData

/** The build gave the ALMProxies their money: check `chain`'s holds `amount` USDC to send. */
const fundProxy = async (chain: ChainName, amount: bigint) => {
  expect(await balance(chain, sll[chain].almProxy)).toBeGreaterThanOrEqual(amount)
}

/** `transferUSDCToCCTP` as the SLL relayer (the operator holds RELAYER); returns the CCTP messages. */
async function transfer(from: ChainName, to: ChainName, amount: bigint) {
  const receipt = await send(from, operator, {
    address: sll[from].controller,
    abi: controllerAbis[sll[from].controllerVersion],
    functionName: 'transferUSDCToCCTP',
    args: [amount, cctpDomains[to]],
  })
  const block = await clients[from].getBlock({ blockNumber: receipt.blockNumber })
  return {
    receipt,
    timestamp: block.timestamp,
    messages: cctpMessagesOfReceipt(receipt, cctp.chains[from].messageTransmitter),
  }
}

async function poll(messageHash: Hex): Promise<AttestationPoll> {
  const response = await fetch(`${service.url}${attestationPath(messageHash)}`)
  return interpretAttestationResponse(response.status, await response.json())
}

/** Polls the attestation API until complete (what the product will do); returns the attestation and the polls seen. */
async function attestation(
  messageHash: Hex,
  timeoutMs = 15_000,
): Promise<{ attestation: Hex; seen: string[] }> {
  const seen: string[] = []
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    const result = await poll(messageHash)
    if (seen.at(-1) !== result.state) seen.push(result.state)
    if (result.state === 'complete') return { attestation: result.attestation, seen }
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error(`no attestation for ${messageHash} within ${timeoutMs} ms (seen ${seen.join(', ')})`)
}

const receiveCall = (chain: ChainName, message: Hex, att: Hex): Call => ({
  address: cctp.chains[chain].messageTransmitter,
  abi: messageTransmitterAbi,
  functionName: 'receiveMessage',
  args: [message, att],
})

/** Attests and receives every message on `to`, checking the destination status before and after. */
async function deliver(to: ChainName, messages: SentCctpMessage[]): Promise<Hex[]> {
  const attestations: Hex[] = []
  for (const sent of messages) {
    const args = { messageTransmitter: cctp.chains[to].messageTransmitter, message: sent.message }
    expect(await readCctpStatus(clients[to], { ...args, destinationDomain: cctpDomains[to] })).toBe(
      'not-received',
    )
    const { attestation: att } = await attestation(sent.messageHash)
    await send(to, relayer, receiveCall(to, sent.message, att))
    expect(await readCctpStatus(clients[to], args)).toBe('received')
    attestations.push(att)
  }
  return attestations
}

/** Σ USDC totalSupply − the Ethereum OFT adapter's lock (see devnet/build/cctp.ts). */
async function circulating(): Promise<bigint> {
  const adapter = loadDevnetDeployment().chains.ethereum.layerZero?.ofts.USDC.address
  let total = 0n
  for (const chain of chainNames) {
    total += await clients[chain].readContract({
      address: cctp.chains[chain].usdc,
      abi: erc20Abi,
      functionName: 'totalSupply',
    })
  }
  return adapter ? total - (await balance('ethereum', adapter)) : total
}

test('default: the build linked every pair and gave the minter the burn limits of cctp.json', async () => {
  for (const chain of chainNames) {
    const c = cctp.chains[chain]
    expect(
      await clients[chain].readContract({
        address: c.tokenMinter,
        abi: tokenMinterAbi,
        functionName: 'burnLimitsPerMessage',
        args: [c.usdc],
      }),
    ).toBe(BigInt(c.burnLimitPerMessage))
    for (const remote of chainNames) {
      if (remote === chain) continue
      expect(
        await clients[chain].readContract({
          address: c.tokenMinter,
          abi: tokenMinterAbi,
          functionName: 'getLocalToken',
          args: [cctpDomains[remote], addressToBytes32(cctp.chains[remote].usdc)],
        }),
      ).toBe(c.usdc)
    }
  }
  expect(cctp.chains.ethereum.burnLimitPerMessage).toBe(usdc(1_000).toString())
})

test('behavior: Ethereum -> Base through transferUSDCToCCTP, attested, received once, rate limits as projected', async () => {
  const amount = usdc(600)
  await fundProxy('ethereum', amount)
  const circ0 = await circulating()
  const domainKey = usdcToDomainKey(cctpDomains.base)
  const before = {
    domain: await readLimit('ethereum', domainKey),
    all: await readLimit('ethereum', usdcToCctpKey),
  }
  const baseBefore = await balance('base', sll.base.almProxy)

  const { messages, timestamp } = await transfer('ethereum', 'base', amount)
  expect(messages).toHaveLength(1)
  const [sent] = messages as [SentCctpMessage]
  expect(sent.decoded).toMatchObject({ sourceDomain: 0, destinationDomain: 6, version: 0 })
  expect(sent.decoded.burn).toMatchObject({
    amount,
    mintRecipient: addressToBytes32(sll.base.almProxy),
    burnToken: addressToBytes32(cctp.chains.ethereum.usdc),
    messageSender: addressToBytes32(sll.ethereum.almProxy),
  })
  expect(await readLimit('ethereum', domainKey)).toEqual(afterDecrease(before.domain, amount, timestamp))
  expect(await readLimit('ethereum', usdcToCctpKey)).toEqual(afterDecrease(before.all, amount, timestamp))

  const [att] = (await deliver('base', messages)) as [Hex]
  expect(await balance('base', sll.base.almProxy)).toBe(baseBefore + amount)
  const account = privateKeyToAccount(relayer.privateKey)
  await expect(
    clients.base.simulateContract({ ...receiveCall('base', sent.message, att), account } as never),
  ).rejects.toThrow('Nonce already used')
  expect(await circulating()).toBe(circ0)
})

test('behavior: Base -> Ethereum (ForeignController), and an L2 -> L2 route is not configured', async () => {
  const amount = usdc(250)
  await fundProxy('base', amount)
  const circ0 = await circulating()
  const ethBefore = await balance('ethereum', sll.ethereum.almProxy)
  const key = usdcToDomainKey(cctpDomains.ethereum)
  const before = await readLimit('base', key)
  const { messages, timestamp } = await transfer('base', 'ethereum', amount)
  expect(messages.map((m) => m.decoded.sourceDomain)).toEqual([6])
  expect(await readLimit('base', key)).toEqual(afterDecrease(before, amount, timestamp))
  await deliver('ethereum', messages)
  expect(await balance('ethereum', sll.ethereum.almProxy)).toBe(ethBefore + amount)
  expect(await circulating()).toBe(circ0)

  const account = privateKeyToAccount(operator.privateKey)
  await expect(
    clients.base.simulateContract({
      address: sll.base.controller,
      abi: controllerAbis['foreign-v1.8'],
      functionName: 'transferUSDCToCCTP',
      args: [1n, cctpDomains.arbitrum],
      account,
    } as never),
  ).rejects.toThrow(/RateLimits\/zero-maxAmount|FC\/domain-not-configured/)
})

test('behavior: above burnLimitsPerMessage the transfer splits into several burns, all minted', async () => {
  const amount = usdc(2_500)
  await fundProxy('ethereum', amount)
  const circ0 = await circulating()
  const baseBefore = await balance('base', sll.base.almProxy)
  const { messages } = await transfer('ethereum', 'base', amount)
  expect(messages.map((m) => m.decoded.burn?.amount)).toEqual([usdc(1_000), usdc(1_000), usdc(500)])
  const nonces = messages.map((m) => m.decoded.nonce)
  expect(nonces).toEqual([nonces[0]!, nonces[0]! + 1n, nonces[0]! + 2n])
  // Between the burns and the mints the money is in flight: circulating is lower by the burned amount.
  expect(await circulating()).toBe(circ0 - amount)
  await deliver('base', messages)
  expect(await balance('base', sll.base.almProxy)).toBe(baseBefore + amount)
  expect(await circulating()).toBe(circ0)
})

test('behavior: an attestation outage answers 503, a delay answers PENDING, then the attestation completes', async () => {
  const amount = usdc(100)
  await fundProxy('ethereum', amount)
  service.setFaults({ outage: true, delayMs: 800 })
  try {
    const { messages } = await transfer('ethereum', 'base', amount)
    const [sent] = messages as [SentCctpMessage]
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(await poll(sent.messageHash)).toEqual({ state: 'unavailable', httpStatus: 503 })
    const unknown = `0x${'00'.repeat(32)}` as Hex
    const controls = await fetch(`${service.url}/faults`)
    expect(await controls.json()).toEqual({ outage: true, delayMs: 800 })

    const recovered = await fetch(`${service.url}/faults`, { method: 'POST', body: '{"outage":false}' })
    expect(await recovered.json()).toEqual({ outage: false, delayMs: 800 })
    expect(await poll(unknown)).toEqual({ state: 'unknown' })
    const { seen } = await attestation(sent.messageHash)
    // 404 first when the service has not indexed the burn yet (as Circle's API does right after a burn).
    expect(seen.filter((state) => state !== 'unknown')).toEqual(['pending', 'complete'])
    expect((await fetch(`${service.url}/faults`, { method: 'POST', body: '{"outage":"yes"}' })).status).toBe(
      400,
    )
    await deliver('base', messages)
  } finally {
    service.setFaults({ outage: false, delayMs: 0 })
  }
})
