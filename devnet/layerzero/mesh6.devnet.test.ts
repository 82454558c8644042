import { pad, parseUnits } from 'viem'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { chainNames } from '../../chains/names.js'
import { oftAbi } from '../../layerzero/oft-abi.js'
import { executorLzReceiveOptions } from '../../layerzero/options.js'
import { type Relayer, startRelayer } from '../relayer/relayer.js'
import { oftAssets } from './deploy.js'
import { stopAllTestAnvils } from './test-anvils.js'
import {
  sendOft,
  startTestMesh,
  type TestMesh,
  testChainParams,
  userBalance,
  waitUntil,
} from './test-mesh.js'

let t: TestMesh
let relayer: Relayer | undefined

beforeAll(async () => {
  t = await startTestMesh([...chainNames])
  console.log(`mesh deploy (6 chains, 30 pathways, 3 OFTs each): ${t.deployMs} ms`)
})

afterAll(async () => {
  await relayer?.stop()
  t?.stop()
  stopAllTestAnvils()
})

describe('six-chain LayerZero mesh', () => {
  test('default', async () => {
    // every ordered pair and asset quotes a non-zero fee: libraries, ULN/executor configs, prices and peers are set
    const fees: string[] = []
    for (const from of chainNames) {
      for (const to of chainNames) {
        if (from === to) continue
        for (const asset of oftAssets) {
          const fee = await t.chains[from]!.client.readContract({
            address: t.mesh.perChain[from].ofts[asset].address,
            abi: oftAbi,
            functionName: 'quoteSend',
            args: [
              {
                dstEid: testChainParams[to].eid,
                to: pad(t.userAddress),
                amountLD: 1_000_000n,
                minAmountLD: 0n,
                extraOptions: executorLzReceiveOptions(200_000n),
                composeMsg: '0x',
                oftCmd: '0x',
              },
              false,
            ],
          })
          expect(fee.nativeFee).toBeGreaterThan(0n)
          if (asset === 'USDS') fees.push(`${from}->${to} ${fee.nativeFee}`)
        }
      }
    }
    console.log(`quoteSend USDS nativeFee (wei): ${fees.join(', ')}`)
  })

  test('behavior: delivers to an OP-stack and a non-ETH-gas chain', async () => {
    relayer = await startRelayer({
      chains: t.relayerChains(),
      dvnSignerKey: t.dvnSignerKey,
      executorAdminKey: t.deployerKey,
    })
    const toOptimism = await sendOft(t, {
      from: 'ethereum',
      to: 'optimism',
      asset: 'sUSDS',
      amountLD: parseUnits('5', 18),
    })
    const toAvalanche = await sendOft(t, {
      from: 'ethereum',
      to: 'avalanche',
      asset: 'USDC',
      amountLD: 7_000_000n,
    })
    await waitUntil(
      () =>
        relayer!.status(toOptimism.guid) === 'DELIVERED' && relayer!.status(toAvalanche.guid) === 'DELIVERED',
    )
    expect(await userBalance(t, 'optimism', 'sUSDS')).toBe(parseUnits('5', 18))
    expect(await userBalance(t, 'avalanche', 'USDC')).toBe(7_000_000n)
  })
})
