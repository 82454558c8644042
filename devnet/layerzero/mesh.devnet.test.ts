import { parseUnits } from 'viem'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { readDeliveryStatus } from '../../layerzero/delivery-status.js'
import { type Relayer, startRelayer } from '../relayer/relayer.js'
import { stopAllTestAnvils } from './test-anvils.js'
import { sendOft, startTestMesh, type TestMesh, userBalance, waitUntil } from './test-mesh.js'

let t: TestMesh
let relayer: Relayer

beforeAll(async () => {
  t = await startTestMesh(['ethereum', 'base', 'arbitrum'])
  console.log(`mesh deploy (3 chains, 6 pathways): ${t.deployMs} ms`)
  relayer = await startRelayer({
    chains: t.relayerChains(),
    dvnSignerKey: t.dvnSignerKey,
    executorAdminKey: t.deployerKey,
  })
})

afterAll(async () => {
  await relayer?.stop()
  t?.stop()
  stopAllTestAnvils()
})

describe('LayerZero mesh + relayer', () => {
  test('default', async () => {
    const amountLD = parseUnits('250.123456789', 18)
    const ethBefore = await userBalance(t, 'ethereum', 'USDS')
    const sent = await sendOft(t, { from: 'ethereum', to: 'base', asset: 'USDS', amountLD })
    const started = Date.now()
    // shared decimals 6: the dust below 1e-6 stays with the sender
    expect(sent.amountSentLD).toBe(parseUnits('250.123456', 18))
    expect(sent.amountReceivedLD).toBe(parseUnits('250.123456', 18))
    expect(sent.nativeFee).toBeGreaterThan(0n)
    await waitUntil(() => relayer.status(sent.guid) === 'DELIVERED')
    console.log(`ethereum->base delivery latency after the send receipt: ${Date.now() - started} ms`)
    expect(await userBalance(t, 'base', 'USDS')).toBe(sent.amountReceivedLD)
    expect(await userBalance(t, 'ethereum', 'USDS')).toBe(ethBefore - sent.amountSentLD)
    const lockbox = await t.chains.ethereum!.client.readContract({
      address: t.homeTokens.USDS,
      abi: [
        {
          type: 'function',
          name: 'balanceOf',
          stateMutability: 'view',
          inputs: [{ name: '', type: 'address' }],
          outputs: [{ name: '', type: 'uint256' }],
        },
      ] as const,
      functionName: 'balanceOf',
      args: [t.mesh.perChain.ethereum.ofts.USDS.address],
    })
    expect(lockbox).toBe(sent.amountSentLD)
    const base = t.mesh.perChain.base
    expect(
      (
        await readDeliveryStatus(t.chains.base!.client, {
          endpoint: base.endpoint,
          receiver: base.ofts.USDS.address,
          guid: sent.guid,
        })
      ).status,
    ).toBe('DELIVERED')
  })

  test('behavior: base -> arbitrum through OFTs on both ends (burn and mint)', async () => {
    const baseBefore = await userBalance(t, 'base', 'USDS')
    const amountLD = parseUnits('100.0000001', 18)
    const sent = await sendOft(t, { from: 'base', to: 'arbitrum', asset: 'USDS', amountLD })
    expect(sent.amountSentLD).toBe(parseUnits('100', 18))
    await waitUntil(() => relayer.status(sent.guid) === 'DELIVERED')
    expect(await userBalance(t, 'base', 'USDS')).toBe(baseBefore - sent.amountSentLD)
    expect(await userBalance(t, 'arbitrum', 'USDS')).toBe(parseUnits('100', 18))
  })

  test('behavior: USDC keeps 6 decimals on both ends', async () => {
    const amountLD = parseUnits('1234.5678', 6)
    const sent = await sendOft(t, { from: 'ethereum', to: 'arbitrum', asset: 'USDC', amountLD })
    expect(sent.amountReceivedLD).toBe(amountLD)
    await waitUntil(() => relayer.status(sent.guid) === 'DELIVERED')
    expect(await userBalance(t, 'arbitrum', 'USDC')).toBe(amountLD)
  })

  test('behavior: unknown guid reads INFLIGHT from chain state', async () => {
    const base = t.mesh.perChain.base
    const { status } = await readDeliveryStatus(t.chains.base!.client, {
      endpoint: base.endpoint,
      receiver: base.ofts.USDS.address,
      guid: `0x${'ab'.repeat(32)}`,
    })
    expect(status).toBe('INFLIGHT')
  })
})
