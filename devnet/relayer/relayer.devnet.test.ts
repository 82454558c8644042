import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type Hex, parseUnits } from 'viem'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { readDeliveryStatus } from '../../layerzero/delivery-status.js'
import { oftReceivedEventAbi } from '../../layerzero/oft-abi.js'
import { stopAllTestAnvils } from '../layerzero/test-anvils.js'
import { sendOft, startTestMesh, type TestMesh, userBalance, waitUntil } from '../layerzero/test-mesh.js'
import { type Relayer, type StartRelayerArgs, startRelayer } from './relayer.js'

let t: TestMesh
const running: Relayer[] = []

beforeAll(async () => {
  t = await startTestMesh(['ethereum', 'base'])
})

afterAll(async () => {
  for (const r of running) await r.stop()
  t?.stop()
  stopAllTestAnvils()
})

async function relay(extra: Partial<StartRelayerArgs> = {}): Promise<Relayer> {
  const relayer = await startRelayer({
    chains: t.relayerChains(),
    dvnSignerKey: t.dvnSignerKey,
    executorAdminKey: t.deployerKey,
    ...extra,
  })
  running.push(relayer)
  return relayer
}

async function chainStatus(guid: Hex) {
  const base = t.mesh.perChain.base
  const { status } = await readDeliveryStatus(t.chains.base!.client, {
    endpoint: base.endpoint,
    receiver: base.ofts.USDS.address,
    guid,
  })
  return status
}

async function receivedCount(guid: Hex): Promise<number> {
  const logs = await t.chains.base!.client.getLogs({
    address: t.mesh.perChain.base.ofts.USDS.address,
    event: oftReceivedEventAbi[0],
    args: { guid },
    fromBlock: 0n,
  })
  return logs.length
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const amountLD = parseUnits('10', 18)

describe('relayer fault modes', () => {
  test('behavior: delay keeps the message INFLIGHT, then DELIVERED', async () => {
    const relayer = await relay({ faults: { delayMs: 1_500 } })
    const sent = await sendOft(t, { from: 'ethereum', to: 'base', asset: 'USDS', amountLD })
    const sentAt = Date.now()
    await waitUntil(() => relayer.status(sent.guid) !== undefined)
    expect(relayer.status(sent.guid)).toBe('INFLIGHT')
    expect(await chainStatus(sent.guid)).toBe('INFLIGHT')
    await waitUntil(() => relayer.status(sent.guid) === 'DELIVERED')
    const latency = Date.now() - sentAt
    console.log(`delay 1500 ms: delivered ${latency} ms after the send receipt`)
    expect(latency).toBeGreaterThanOrEqual(1_400)
    expect(await chainStatus(sent.guid)).toBe('DELIVERED')
    await relayer.stop()
  })

  test('behavior: drop, then a restarted relayer delivers exactly once', async () => {
    const before = await userBalance(t, 'base', 'USDS')
    const dropping = await relay({ faults: { drop: true } })
    const sent = await sendOft(t, { from: 'ethereum', to: 'base', asset: 'USDS', amountLD })
    await waitUntil(() => dropping.status(sent.guid) !== undefined)
    await sleep(400)
    expect(dropping.status(sent.guid)).toBe('INFLIGHT')
    expect(await chainStatus(sent.guid)).toBe('INFLIGHT')
    await dropping.stop()

    const restarted = await relay()
    await waitUntil(() => restarted.status(sent.guid) === 'DELIVERED')
    // the rescan also sees the earlier (already delivered) packet and leaves it alone
    await waitUntil(() => restarted.packets().every((p) => p.status === 'DELIVERED'))
    expect(await receivedCount(sent.guid)).toBe(1)
    expect(await userBalance(t, 'base', 'USDS')).toBe(before + sent.amountReceivedLD)
    await restarted.stop()
  })

  test('behavior: drop set and cleared at runtime through the HTTP control endpoint', async () => {
    const relayer = await relay({ controlPort: 0 })
    const url = relayer.controlUrl!
    const set = await fetch(`${url}/faults`, { method: 'POST', body: JSON.stringify({ drop: true }) })
    expect(await set.json()).toEqual({ delayMs: 0, drop: true, lowGas: false })
    const sent = await sendOft(t, { from: 'ethereum', to: 'base', asset: 'USDS', amountLD })
    await waitUntil(() => relayer.status(sent.guid) !== undefined)
    await sleep(300)
    const inflight = await fetch(`${url}/status/${sent.guid}`)
    expect(await inflight.json()).toEqual({ guid: sent.guid, status: 'INFLIGHT' })
    await fetch(`${url}/faults`, { method: 'POST', body: JSON.stringify({ drop: false }) })
    await waitUntil(() => relayer.status(sent.guid) === 'DELIVERED')
    const delivered = await fetch(`${url}/status/${sent.guid}`)
    expect(await delivered.json()).toEqual({ guid: sent.guid, status: 'DELIVERED' })
    expect(await receivedCount(sent.guid)).toBe(1)
    await relayer.stop()
  })

  test('behavior: lowGas stores the payload; clearing it delivers and credits exactly once', async () => {
    const before = await userBalance(t, 'base', 'USDS')
    const relayer = await relay({ faults: { lowGas: true } })
    const sent = await sendOft(t, { from: 'ethereum', to: 'base', asset: 'USDS', amountLD })
    await waitUntil(() => relayer.status(sent.guid) === 'PAYLOAD_STORED')
    expect(await chainStatus(sent.guid)).toBe('PAYLOAD_STORED')
    await sleep(300)
    expect(relayer.packet(sent.guid)?.alerts).toBe(1)
    expect(await userBalance(t, 'base', 'USDS')).toBe(before)
    relayer.setFaults({ lowGas: false })
    await waitUntil(() => relayer.status(sent.guid) === 'DELIVERED')
    expect(await chainStatus(sent.guid)).toBe('DELIVERED')
    expect(await receivedCount(sent.guid)).toBe(1)
    expect(await userBalance(t, 'base', 'USDS')).toBe(before + sent.amountReceivedLD)
    await relayer.stop()
  })

  test('error: the control endpoint rejects an invalid fault', async () => {
    const relayer = await relay({ controlPort: 0 })
    const response = await fetch(`${relayer.controlUrl}/faults`, {
      method: 'POST',
      body: JSON.stringify({ delayMs: -5 }),
    })
    expect(response.status).toBe(400)
    expect(relayer.faults().delayMs).toBe(0)
    await relayer.stop()
  })

  test('behavior: the CLI process relays, answers its control endpoint and exits 0 on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'relayer-cli-'))
    const config = join(dir, 'relayer.json')
    writeFileSync(
      config,
      JSON.stringify({
        chains: t.relayerChains(),
        dvnSignerKey: t.dvnSignerKey,
        executorAdminKey: t.deployerKey,
      }),
    )
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const address = server.address()
        server.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
      })
    })
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'devnet/relayer/main.ts',
        '--config',
        config,
        '--control-port',
        String(port),
        '--drop',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    )
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString()
    })
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
    try {
      await waitUntil(() => stderr.includes('control http://'), 30_000)
      const url = `http://127.0.0.1:${port}`
      const sent = await sendOft(t, { from: 'ethereum', to: 'base', asset: 'USDS', amountLD })
      const statusOf = async () => {
        const response = await fetch(`${url}/status/${sent.guid}`)
        return response.ok ? ((await response.json()) as { status: string }).status : undefined
      }
      const seen: string[] = []
      await waitUntil(async () => {
        const status = await statusOf()
        if (status) seen.push(status)
        return status !== undefined
      })
      expect(seen).toEqual(['INFLIGHT'])
      await fetch(`${url}/faults`, { method: 'POST', body: JSON.stringify({ drop: false }) })
      await waitUntil(async () => (await statusOf()) === 'DELIVERED')
      expect(await receivedCount(sent.guid)).toBe(1)
    } finally {
      child.kill('SIGTERM')
      expect(await exited).toBe(0)
      rmSync(dir, { recursive: true, force: true })
    }
  })

  test('error: a packet to a chain the relayer does not serve is FAILED', async () => {
    const onlyEthereum = t.relayerChains().filter((c) => c.name === 'ethereum')
    const relayer = await relay({ chains: onlyEthereum })
    const sent = await sendOft(t, { from: 'ethereum', to: 'base', asset: 'USDS', amountLD })
    await waitUntil(() => relayer.status(sent.guid) !== undefined)
    expect(relayer.status(sent.guid)).toBe('FAILED')
    expect(relayer.packet(sent.guid)?.lastError).toMatch(/not served/)
    await relayer.stop()
  })

  test('behavior: after both chains rewind (evm_revert), a re-sent message with the same GUID is delivered', async () => {
    const relayer = await relay()
    // settle what earlier tests left undelivered (the unserved-destination packet) before the snapshot
    await waitUntil(
      () => relayer.packets().length > 0 && relayer.packets().every((p) => p.status === 'DELIVERED'),
    )
    const eth = t.chains.ethereum!.client
    const base = t.chains.base!.client
    const snapshots = await Promise.all(
      [eth, base].map((c) => c.request({ method: 'evm_snapshot' } as never)),
    )
    const before = await userBalance(t, 'base', 'USDS')
    const first = await sendOft(t, { from: 'ethereum', to: 'base', asset: 'USDS', amountLD })
    await waitUntil(() => relayer.status(first.guid) === 'DELIVERED')
    await Promise.all(
      [eth, base].map((c, i) => c.request({ method: 'evm_revert', params: [snapshots[i]] } as never)),
    )
    expect(await userBalance(t, 'base', 'USDS')).toBe(before)
    const again = await sendOft(t, { from: 'ethereum', to: 'base', asset: 'USDS', amountLD })
    expect(again.guid).toBe(first.guid)
    await waitUntil(async () => (await userBalance(t, 'base', 'USDS')) === before + again.amountReceivedLD)
    await waitUntil(() => relayer.status(again.guid) === 'DELIVERED')
    expect(await receivedCount(again.guid)).toBe(1)
    await relayer.stop()
  })
})
