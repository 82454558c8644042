/**
 * Conformance of the devnet SLL (devnet/state/sll.json) with the facts of
 * /work/shared/notes/sll-controller.md: selectors, role ids, key hashes, rate-limit effects of every relayer
 * function (against the pure projector in sll/rate-limits.ts), revert strings, and a LayerZero transfer
 * between ALMProxies delivered by the devnet relayer. The money is the ALMProxies' (the build moved it there).
 */
import {
  type Abi,
  type Address,
  createWalletClient,
  encodeFunctionData,
  erc20Abi,
  type Hex,
  http,
  maxUint256,
  type PublicClient,
  pad,
  parseUnits,
  toFunctionSelector,
} from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { beforeAll, expect, test } from 'vitest'
import { devnetEids } from '../chains/devnet.js'
import { type DevnetAccount, devnetAccounts } from '../chains/devnet-accounts.js'
import { type DevnetSll, loadDevnetSll } from '../chains/devnet-sll.js'
import { type ChainName, chainNames } from '../chains/names.js'
import type { AaveVenue, Registry, Venue } from '../chains/types.js'
import { endpointChain } from '../chains/viem-chains.js'
import { oftAbi } from '../layerzero/oft-abi.js'
import {
  almProxyAbi,
  foreignControllerV1_8Abi,
  mainnetControllerV1_10Abi,
  psm3Abi,
  rateLimitsAbi,
} from '../sll/abis.js'
import {
  aaveDepositKey,
  aaveWithdrawKey,
  erc4626DepositKey,
  erc4626WithdrawKey,
  layerZeroKey,
  limitIdNames,
  limitIds,
  psmDepositKey,
  psmWithdrawKey,
  usdcToDomainKey,
  usdsToUsdcKey,
} from '../sll/keys.js'
import { controllerSendParam } from '../sll/layerzero.js'
import { afterDecrease, afterIncrease, currentRateLimit, type RateLimitData } from '../sll/rate-limits.js'
import { CONTROLLER_ROLE, DEFAULT_ADMIN_ROLE, FREEZER_ROLE, RELAYER_ROLE } from '../sll/roles.js'
import {
  foreignControllerSelectors,
  mainnetControllerSelectors,
  notOnDevnet,
  rateLimitsSelectors,
} from '../sll/selectors.js'
import type { Devnet } from './anvil-cluster.js'
import { devnetArtifact } from './artifact.js'
import { bootDevnetPerFile } from './devnet-test-boot.js'
import { waitUntil } from './layerzero/test-mesh.js'
import { startDevnetRelayer } from './relayer/devnet-relayer.js'
import { increaseTime } from './test-helpers.js'

/** Fixed port base of this file (not used by any other test). */
const portBase = 25_545
const { operator, deployer, freezer, supplier1 } = devnetAccounts

let devnet: Devnet
let registry: Registry
let sll: DevnetSll
let clients: Record<ChainName, PublicClient>

const boot = bootDevnetPerFile(portBase)
beforeAll(() => {
  ;({ devnet, registry, clients } = boot)
  sll = loadDevnetSll()
})

const controllerAbiOf = (chain: ChainName): Abi =>
  chain === 'ethereum' ? mainnetControllerV1_10Abi : foreignControllerV1_8Abi

type Call = { address: Address; abi: Abi; functionName: string; args?: readonly unknown[]; value?: bigint }

/** Simulates then sends `call` from `from`; returns the simulated result and the block timestamp. */
async function send(chain: ChainName, from: DevnetAccount, call: Call) {
  const client = clients[chain]
  const account = privateKeyToAccount(from.privateKey)
  const { result, request } = await client.simulateContract({ ...call, account } as never)
  const wallet = createWalletClient({
    chain: endpointChain({
      name: `devnet-${chain}`,
      chainId: client.chain!.id,
      rpcUrl: devnet.rpcUrls[chain],
    }),
    transport: http(devnet.rpcUrls[chain]),
    account,
  })
  const gas = await client.estimateGas({
    account,
    to: call.address,
    data: encodeFunctionData(call as never),
    ...(call.value ? { value: call.value } : {}),
  })
  const hash = await wallet.writeContract({ ...(request as object), gas: (gas * 13n) / 10n } as never)
  const receipt = await client.waitForTransactionReceipt({ hash, pollingInterval: 20 })
  expect(receipt.status).toBe('success')
  const block = await client.getBlock({ blockNumber: receipt.blockNumber })
  return { result: result as unknown, timestamp: block.timestamp, receipt }
}

/** Relayer call on `chain`'s controller. */
const relay = (chain: ChainName, functionName: string, args: readonly unknown[], value?: bigint) =>
  send(chain, operator, {
    address: sll[chain].controller,
    abi: controllerAbiOf(chain),
    functionName,
    args,
    ...(value === undefined ? {} : { value }),
  })

/** Expects a simulated call from `from` to revert with `reason` in its message. */
async function expectRevert(chain: ChainName, from: DevnetAccount, call: Call, reason: string | RegExp) {
  const account = privateKeyToAccount(from.privateKey)
  await expect(clients[chain].simulateContract({ ...call, account } as never)).rejects.toThrow(reason)
}

/** Equal up to one part in a million (values that accrue per second: share prices). */
function expectNear(actual: bigint, expected: bigint) {
  const diff = actual > expected ? actual - expected : expected - actual
  expect(diff * 1_000_000n <= expected, `${actual} ~ ${expected}`).toBe(true)
}

async function readLimit(chain: ChainName, key: Hex): Promise<RateLimitData> {
  return (await clients[chain].readContract({
    address: sll[chain].rateLimits,
    abi: rateLimitsAbi,
    functionName: 'getRateLimitData',
    args: [key],
  })) as RateLimitData
}

/** `chain`'s ALMProxy already holds at least `amount` of `token` idle (the build hands it the money). */
async function fundProxy(chain: ChainName, token: Address, amount: bigint) {
  expect(await balance(chain, token, sll[chain].almProxy)).toBeGreaterThanOrEqual(amount)
}

const balance = (chain: ChainName, token: Address, owner: Address) =>
  clients[chain].readContract({ address: token, abi: erc20Abi, functionName: 'balanceOf', args: [owner] })

function venue(id: string): Venue {
  const chain = id.split('/')[0] as ChainName
  const found = registry[chain].venues.find((v) => v.id === id)
  if (!found) throw new Error(`no venue ${id}`)
  return found
}

function aaveVenue(id: string): AaveVenue {
  const found = venue(id)
  if (!('aToken' in found)) throw new Error(`${id} is not an Aave venue`)
  return found
}

function vaultOf(id: string): Address {
  const found = venue(id)
  if (!('vault' in found)) throw new Error(`${id} is not an ERC-4626 venue`)
  return found.vault
}

test('default: every selector of the note is in the deployed bytecode and in our ABI', async () => {
  const cases: Array<[ChainName, Address, Record<string, Hex>, Abi]> = [
    ['ethereum', sll.ethereum.controller, mainnetControllerSelectors, mainnetControllerV1_10Abi],
    ...chainNames
      .filter((chain) => chain !== 'ethereum')
      .map(
        (chain) =>
          [chain, sll[chain].controller, foreignControllerSelectors, foreignControllerV1_8Abi] as [
            ChainName,
            Address,
            Record<string, Hex>,
            Abi,
          ],
      ),
    ...chainNames.map(
      (chain) =>
        [chain, sll[chain].rateLimits, rateLimitsSelectors, rateLimitsAbi] as [
          ChainName,
          Address,
          Record<string, Hex>,
          Abi,
        ],
    ),
  ]
  for (const [chain, address, selectors, abi] of cases) {
    const code = (await clients[chain].getCode({ address }))!.toLowerCase()
    const abiSelectors = new Set(
      abi.filter((item) => item.type === 'function').map((item) => toFunctionSelector(item)),
    )
    for (const [signature, selector] of Object.entries(selectors)) {
      if (notOnDevnet.has(signature)) continue
      expect(toFunctionSelector(signature)).toBe(selector)
      expect(abiSelectors.has(selector), `${signature} in ABI`).toBe(true)
      // The dispatcher compares the calldata selector with a PUSH4 of each public function.
      expect(code.includes(`63${selector.slice(2)}`), `${chain} ${signature} in bytecode`).toBe(true)
    }
  }
  // The note's deployed-ABI functions answer on every chain (reads here; writes in the tests below).
  for (const chain of chainNames) {
    const current = await clients[chain].readContract({
      address: sll[chain].rateLimits,
      abi: rateLimitsAbi,
      functionName: 'getCurrentRateLimit',
      args: [sll[chain].limits[0]!.key],
    })
    expect(current).toBe(BigInt(sll[chain].limits[0]!.maxAmount))
  }
})

test('default: roles as the spell granted them', async () => {
  for (const chain of chainNames) {
    const s = sll[chain]
    const has = (address: Address, abi: Abi, role: Hex, account: Address) =>
      clients[chain].readContract({ address, abi, functionName: 'hasRole', args: [role, account] })
    const abi = controllerAbiOf(chain)
    expect(await clients[chain].readContract({ address: s.controller, abi, functionName: 'RELAYER' })).toBe(
      RELAYER_ROLE,
    )
    expect(await clients[chain].readContract({ address: s.controller, abi, functionName: 'FREEZER' })).toBe(
      FREEZER_ROLE,
    )
    expect(
      await clients[chain].readContract({
        address: s.almProxy,
        abi: almProxyAbi,
        functionName: 'CONTROLLER',
      }),
    ).toBe(CONTROLLER_ROLE)
    expect(await has(s.almProxy, almProxyAbi, CONTROLLER_ROLE, s.controller)).toBe(true)
    expect(await has(s.rateLimits, rateLimitsAbi, CONTROLLER_ROLE, s.controller)).toBe(true)
    expect(await has(s.controller, abi, RELAYER_ROLE, operator.address)).toBe(true)
    expect(await has(s.controller, abi, FREEZER_ROLE, freezer.address)).toBe(true)
    expect(await has(s.controller, abi, DEFAULT_ADMIN_ROLE, deployer.address)).toBe(true)
    expect(await has(s.controller, abi, RELAYER_ROLE, freezer.address)).toBe(false)
    expect(await has(s.almProxy, almProxyAbi, CONTROLLER_ROLE, operator.address)).toBe(false)
    expect(s.relayer).toBe(operator.address)
    expect(s.freezer).toBe(freezer.address)
  }
  // Only the controller may drive the proxy.
  await expectRevert(
    'ethereum',
    operator,
    {
      address: sll.ethereum.almProxy,
      abi: almProxyAbi,
      functionName: 'doCall',
      args: [registry.ethereum.tokens.USDC, '0x'],
    },
    'AccessControlUnauthorizedAccount',
  )
})

test('default: key hashes (note, TS derivation, Solidity derivation, spell)', async () => {
  // Base ids as the controllers expose them.
  const exposed = [
    'AAVE_DEPOSIT',
    'AAVE_WITHDRAW',
    'ERC4626_DEPOSIT',
    'ERC4626_WITHDRAW',
    'LAYERZERO_TRANSFER',
    'ASSET_TRANSFER',
    'USDC_TO_CCTP',
    'USDC_TO_DOMAIN',
  ] as const
  for (const chain of chainNames) {
    for (const id of exposed) {
      const value = await clients[chain].readContract({
        address: sll[chain].controller,
        abi: controllerAbiOf(chain),
        functionName: limitIdNames[id],
      })
      expect(value, `${chain} ${limitIdNames[id]}`).toBe(limitIds[id])
    }
  }
  expect(
    await clients.ethereum.readContract({
      address: sll.ethereum.controller,
      abi: mainnetControllerV1_10Abi,
      functionName: 'LIMIT_USDS_TO_USDC',
    }),
  ).toBe(limitIds.USDS_TO_USDC)
  for (const fn of ['LIMIT_PSM_DEPOSIT', 'LIMIT_PSM_WITHDRAW'] as const) {
    expect(
      await clients.base.readContract({
        address: sll.base.controller,
        abi: foreignControllerV1_8Abi,
        functionName: fn,
      }),
    ).toBe(fn === 'LIMIT_PSM_DEPOSIT' ? limitIds.PSM_DEPOSIT : limitIds.PSM_WITHDRAW)
  }

  // The note's derived examples: the controllers' Solidity derivation (RateLimitKeys, run deployless).
  const probe = devnetArtifact('RateLimitKeysProbe')
  const solidity = async (functionName: string, args: readonly unknown[]) => {
    const { data } = await clients.ethereum.call({
      code: probe.bytecode,
      data: encodeFunctionData({ abi: probe.abi, functionName, args }),
    })
    return data
  }
  const examples: Array<[string, readonly unknown[], Hex, Hex]> = [
    [
      'addressKey',
      [limitIds.AAVE_DEPOSIT, '0x377C3bd93f2a2984E1E7bE6A5C22c525eD4A4815'],
      aaveDepositKey('0x377C3bd93f2a2984E1E7bE6A5C22c525eD4A4815'),
      '0x8643632d5a17c6ed653a4d418322a7640c3e585d8b88eac2cb434be10dd9d379',
    ],
    [
      'addressKey',
      [limitIds.ERC4626_WITHDRAW, '0xa3931d71877C0E7a3148CB7Eb4463524FEc27fbD'],
      erc4626WithdrawKey('0xa3931d71877C0E7a3148CB7Eb4463524FEc27fbD'),
      '0x545658e11eef7c07257b7c8c8143f20f61b952c9e6371f8c64378e27b61fbad6',
    ],
    [
      'addressKey',
      [limitIds.PSM_DEPOSIT, '0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913'],
      psmDepositKey('0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913'),
      '0xfa9ce2edd7bb5a33ca1a52f7cf69869b36c1283cf5664a9819572d3311166e7b',
    ],
    [
      'uint32Key',
      [limitIds.USDC_TO_DOMAIN, 6],
      usdcToDomainKey(6),
      '0xbab34b58275e6736d9a866c36a2d88d671ed8b627228e6bd17efb1b076a59881',
    ],
    [
      'layerZeroKey',
      [limitIds.LAYERZERO_TRANSFER, '0x1e1D42781FC170EF9da004Fb735f56F0276d01B8', 30106],
      layerZeroKey('0x1e1D42781FC170EF9da004Fb735f56F0276d01B8', 30106),
      '0xfe725148ece8a11fb23e49fb83b979f1963c0c8f9d5eca174921a75860c62970',
    ],
  ]
  for (const [fn, args, ts, note] of examples) {
    expect(ts).toBe(note)
    expect(await solidity(fn, args)).toBe(note)
  }

  // Every key the spell lists is set on chain with the listed parameters (and no other key of a venue).
  for (const chain of chainNames) {
    for (const limit of sll[chain].limits) {
      const data = await readLimit(chain, limit.key)
      expect(data.maxAmount, limit.label).toBe(BigInt(limit.maxAmount))
      expect(data.slope, limit.label).toBe(BigInt(limit.slope))
    }
  }
  // Deliberately unset: the offboarded Avalanche Aave USDC, sUSDS LayerZero routes, L2 <-> L2 routes.
  const avalancheAave = aaveVenue('avalanche/aave/USDC')
  expect((await readLimit('avalanche', aaveDepositKey(avalancheAave.aToken))).maxAmount).toBe(0n)
  expect((await readLimit('avalanche', aaveWithdrawKey(avalancheAave.aToken))).maxAmount).toBe(0n)
  const ethOfts = registry.ethereum.layerZero.ofts
  expect((await readLimit('ethereum', layerZeroKey(ethOfts.sUSDS!.address, devnetEids.base))).maxAmount).toBe(
    0n,
  )
  const baseUsdc = registry.base.layerZero.ofts.USDC!.address
  expect((await readLimit('base', layerZeroKey(baseUsdc, devnetEids.arbitrum))).maxAmount).toBe(0n)
  expect((await readLimit('base', layerZeroKey(baseUsdc, devnetEids.ethereum))).maxAmount).toBeGreaterThan(0n)
})

test('behavior: Aave deposit and withdraw through the MainnetController, rate limits as projected', async () => {
  const v = aaveVenue('ethereum/sparklend/USDC')
  const proxy = sll.ethereum.almProxy
  await fundProxy('ethereum', v.underlying, parseUnits('10000', 6))
  const depositKey = aaveDepositKey(v.aToken)
  const withdrawKey = aaveWithdrawKey(v.aToken)

  const before = await readLimit('ethereum', depositKey)
  const amount = parseUnits('3000', 6)
  const { timestamp: t1 } = await relay('ethereum', 'depositAave', [v.aToken, amount])
  const afterDeposit = await readLimit('ethereum', depositKey)
  expect(afterDeposit).toEqual(afterDecrease(before, amount, t1))
  expect(await balance('ethereum', v.aToken, proxy)).toBeGreaterThanOrEqual(amount - 1n)

  // Slope regeneration: a minute later (~1 736 USDC regenerated, below the 3 000 used) the on-chain
  // capacity equals the projection.
  await increaseTime(clients.ethereum, 60)
  const now = (await clients.ethereum.getBlock()).timestamp
  const onChain = await clients.ethereum.readContract({
    address: sll.ethereum.rateLimits,
    abi: rateLimitsAbi,
    functionName: 'getCurrentRateLimit',
    args: [depositKey],
  })
  expect(onChain).toBe(currentRateLimit(afterDeposit, now))
  expect(onChain).toBe(before.maxAmount - amount + afterDeposit.slope * (now - t1))

  const withdrawBefore = await readLimit('ethereum', withdrawKey)
  const depositBefore = await readLimit('ethereum', depositKey)
  const { result, timestamp: t2 } = await relay('ethereum', 'withdrawAave', [v.aToken, parseUnits('1000', 6)])
  expect(result).toBe(parseUnits('1000', 6))
  // AAVE_WITHDRAW is unlimited (unchanged); AAVE_DEPOSIT is refilled by the amount withdrawn.
  expect(await readLimit('ethereum', withdrawKey)).toEqual(
    afterDecrease(withdrawBefore, result as bigint, t2),
  )
  expect(await readLimit('ethereum', withdrawKey)).toEqual(withdrawBefore)
  expect(await readLimit('ethereum', depositKey)).toEqual(afterIncrease(depositBefore, result as bigint, t2))
})

test('behavior: ERC-4626 (v1.10 shapes) on Ethereum sUSDS, and USDS <-> USDC swaps in the LitePSM', async () => {
  const { USDS, USDC } = registry.ethereum.tokens
  const vault = vaultOf('ethereum/savings/sUSDS')
  const proxy = sll.ethereum.almProxy
  await fundProxy('ethereum', USDS, parseUnits('10000', 18))
  const dKey = erc4626DepositKey(vault)
  const wKey = erc4626WithdrawKey(vault)

  const d0 = await readLimit('ethereum', dKey)
  const amount = parseUnits('4000', 18)
  const shares0 = await balance('ethereum', vault, proxy)
  const dep = await relay('ethereum', 'depositERC4626', [vault, amount, 1n])
  expect(await readLimit('ethereum', dKey)).toEqual(afterDecrease(d0, amount, dep.timestamp))
  expectNear((await balance('ethereum', vault, proxy)) - shares0, dep.result as bigint)

  const d1 = await readLimit('ethereum', dKey)
  const w1 = await readLimit('ethereum', wKey)
  const out = parseUnits('1000', 18)
  const wd = await relay('ethereum', 'withdrawERC4626', [vault, out, maxUint256])
  expect(await readLimit('ethereum', wKey)).toEqual(afterDecrease(w1, out, wd.timestamp))
  expect(await readLimit('ethereum', dKey)).toEqual(afterIncrease(d1, out, wd.timestamp))

  const d2 = await readLimit('ethereum', dKey)
  const shares = await balance('ethereum', vault, proxy)
  const rd = await relay('ethereum', 'redeemERC4626', [vault, shares, 1n])
  expect(await readLimit('ethereum', dKey)).toEqual(afterIncrease(d2, rd.result as bigint, rd.timestamp))
  expect(await balance('ethereum', vault, proxy)).toBe(0n)

  // LitePSM: USDS_TO_USDC (USDC units) goes down by a swap to USDC and back up by the reverse.
  const s0 = await readLimit('ethereum', usdsToUsdcKey)
  const usdsBefore = await balance('ethereum', USDS, proxy)
  const usdcBefore = await balance('ethereum', USDC, proxy)
  const swap = await relay('ethereum', 'swapUSDSToUSDC', [parseUnits('2500', 6)])
  const s1 = afterDecrease(s0, parseUnits('2500', 6), swap.timestamp)
  expect(await readLimit('ethereum', usdsToUsdcKey)).toEqual(s1)
  expect((await balance('ethereum', USDC, proxy)) - usdcBefore).toBe(parseUnits('2500', 6))
  expect(usdsBefore - (await balance('ethereum', USDS, proxy))).toBe(parseUnits('2500', 18))
  const back = await relay('ethereum', 'swapUSDCToUSDS', [parseUnits('1000', 6)])
  expect(await readLimit('ethereum', usdsToUsdcKey)).toEqual(
    afterIncrease(s1, parseUnits('1000', 6), back.timestamp),
  )
  expect((await balance('ethereum', USDC, proxy)) - usdcBefore).toBe(parseUnits('1500', 6))

  // Exchange-rate bound: a max rate below the vault price refuses the deposit.
  await send('ethereum', deployer, {
    address: sll.ethereum.controller,
    abi: mainnetControllerV1_10Abi,
    functionName: 'setMaxExchangeRate',
    args: [vault, parseUnits('1', 18), parseUnits('0.5', 18)],
  })
  await expectRevert(
    'ethereum',
    operator,
    {
      address: sll.ethereum.controller,
      abi: mainnetControllerV1_10Abi,
      functionName: 'depositERC4626',
      args: [vault, parseUnits('10', 18), 0n],
    },
    'MC/exchange-rate-too-high',
  )
})

test('behavior: ForeignController v1.8 on Base: PSM3 deposit/withdraw, ERC-4626 and Aave', async () => {
  const { USDC, USDS } = registry.base.tokens
  const proxy = sll.base.almProxy
  const psm = sll.base.psm.address
  await fundProxy('base', USDC, parseUnits('4000', 6))

  // PSM3: USDC in (PSM_DEPOSIT(USDC) down), USDS out (PSM_WITHDRAW(USDS), unlimited); no refill between.
  const pd0 = await readLimit('base', psmDepositKey(USDC))
  const preview = await clients.base.readContract({
    address: psm,
    abi: psm3Abi,
    functionName: 'previewDeposit',
    args: [USDC, parseUnits('1000', 6)],
  })
  const dep = await relay('base', 'depositPSM', [USDC, parseUnits('1000', 6)])
  // The sUSDS price moves every second, so a preview one block earlier is close, not equal.
  expectNear(dep.result as bigint, preview)
  expect(
    await clients.base.readContract({ address: psm, abi: psm3Abi, functionName: 'shares', args: [proxy] }),
  ).toBeGreaterThan(0n)
  expect(await readLimit('base', psmDepositKey(USDC))).toEqual(
    afterDecrease(pd0, parseUnits('1000', 6), dep.timestamp),
  )
  const pwS = await readLimit('base', psmWithdrawKey(USDS))
  const usdsBefore = await balance('base', USDS, proxy)
  const wd = await relay('base', 'withdrawPSM', [USDS, parseUnits('100000', 18)])
  const got = wd.result as bigint
  // Capped by the proxy's shares: ~1000 USD of USDS.
  expectNear(got, parseUnits('1000', 18))
  expect((await balance('base', USDS, proxy)) - usdsBefore).toBe(got)
  expect(await readLimit('base', psmWithdrawKey(USDS))).toEqual(pwS)
  expect(await readLimit('base', psmDepositKey(USDC))).toEqual(
    afterDecrease(pd0, parseUnits('1000', 6), dep.timestamp),
  )

  // PSM_WITHDRAW(USDC) is limited: deposit USDC again, withdraw it, the withdraw key goes down.
  await relay('base', 'depositPSM', [USDC, parseUnits('500', 6)])
  const pwU = await readLimit('base', psmWithdrawKey(USDC))
  const wu = await relay('base', 'withdrawPSM', [USDC, parseUnits('400', 6)])
  expect(wu.result).toBe(parseUnits('400', 6))
  expect(await readLimit('base', psmWithdrawKey(USDC))).toEqual(
    afterDecrease(pwU, parseUnits('400', 6), wu.timestamp),
  )

  // ERC-4626 (v1.8: no share bounds) on the Morpho vault.
  const vault = vaultOf('base/morpho/spark-usdc')
  const v0 = await readLimit('base', erc4626DepositKey(vault))
  const sharesBefore = await balance('base', vault, proxy)
  const vd = await relay('base', 'depositERC4626', [vault, parseUnits('1000', 6)])
  expect(await readLimit('base', erc4626DepositKey(vault))).toEqual(
    afterDecrease(v0, parseUnits('1000', 6), vd.timestamp),
  )
  const v1 = await readLimit('base', erc4626DepositKey(vault))
  const vw = await relay('base', 'withdrawERC4626', [vault, parseUnits('600', 6)])
  expect(await readLimit('base', erc4626DepositKey(vault))).toEqual(
    afterIncrease(v1, parseUnits('600', 6), vw.timestamp),
  )
  const v2 = await readLimit('base', erc4626DepositKey(vault))
  // Redeem what this test deposited and did not withdraw (the proxy's own position stays).
  const shares = (await balance('base', vault, proxy)) - sharesBefore
  const vr = await relay('base', 'redeemERC4626', [vault, shares])
  expect(await readLimit('base', erc4626DepositKey(vault))).toEqual(
    afterIncrease(v2, vr.result as bigint, vr.timestamp),
  )

  // Aave on Base.
  const aave = aaveVenue('base/aave/USDC')
  const a0 = await readLimit('base', aaveDepositKey(aave.aToken))
  const ad = await relay('base', 'depositAave', [aave.aToken, parseUnits('500', 6)])
  expect(await readLimit('base', aaveDepositKey(aave.aToken))).toEqual(
    afterDecrease(a0, parseUnits('500', 6), ad.timestamp),
  )
  const a1 = await readLimit('base', aaveDepositKey(aave.aToken))
  const aw = await relay('base', 'withdrawAave', [aave.aToken, parseUnits('200', 6)])
  expect(await readLimit('base', aaveDepositKey(aave.aToken))).toEqual(
    afterIncrease(a1, parseUnits('200', 6), aw.timestamp),
  )
})

test('error: revert strings of unset keys, exceeded limits, slippage, and a removed relayer', async () => {
  const controllerCall = (chain: ChainName, functionName: string, args: readonly unknown[]): Call => ({
    address: sll[chain].controller,
    abi: controllerAbiOf(chain),
    functionName,
    args,
  })
  const avalancheAave = aaveVenue('avalanche/aave/USDC')
  await fundProxy('avalanche', avalancheAave.underlying, parseUnits('100', 6))
  await expectRevert(
    'avalanche',
    operator,
    controllerCall('avalanche', 'depositAave', [avalancheAave.aToken, parseUnits('10', 6)]),
    'RateLimits/zero-maxAmount',
  )
  await expectRevert(
    'avalanche',
    operator,
    controllerCall('avalanche', 'withdrawAave', [avalancheAave.aToken, parseUnits('10', 6)]),
    // Nothing supplied by the proxy: the pool refuses before the rate limit is reached.
    /reverted/,
  )
  // Governance onboards the key but not the slippage: FC/max-slippage-not-set.
  await send('avalanche', deployer, {
    address: sll.avalanche.rateLimits,
    abi: rateLimitsAbi,
    functionName: 'setRateLimitData',
    args: [aaveDepositKey(avalancheAave.aToken), parseUnits('1000', 6), 0n],
  })
  await expectRevert(
    'avalanche',
    operator,
    controllerCall('avalanche', 'depositAave', [avalancheAave.aToken, parseUnits('10', 6)]),
    'FC/max-slippage-not-set',
  )

  const eth = aaveVenue('ethereum/sparklend/USDC')
  await fundProxy('ethereum', eth.underlying, parseUnits('100', 6))
  await expectRevert(
    'ethereum',
    operator,
    controllerCall('ethereum', 'depositAave', [eth.aToken, parseUnits('5000001', 6)]),
    'RateLimits/rate-limit-exceeded',
  )
  await expectRevert(
    'ethereum',
    operator,
    controllerCall('ethereum', 'transferTokenLayerZero', [
      registry.ethereum.layerZero.ofts.sUSDS!.address,
      1n,
      devnetEids.base,
    ]),
    'RateLimits/zero-maxAmount',
  )
  // A slippage bound above 100% cannot be met: MC/slippage-too-high.
  await send('ethereum', deployer, {
    ...controllerCall('ethereum', 'setMaxSlippage', [eth.aToken, parseUnits('2', 18)]),
  })
  await expectRevert(
    'ethereum',
    operator,
    controllerCall('ethereum', 'depositAave', [eth.aToken, parseUnits('10', 6)]),
    'MC/slippage-too-high',
  )
  await send('ethereum', deployer, controllerCall('ethereum', 'setMaxSlippage', [eth.aToken, 0n]))
  await expectRevert(
    'ethereum',
    operator,
    controllerCall('ethereum', 'depositAave', [eth.aToken, parseUnits('10', 6)]),
    'MC/max-slippage-not-set',
  )

  // Only a FREEZER may remove a relayer; afterwards the relayer's calls fail with AccessControl's error.
  await expectRevert(
    'base',
    supplier1,
    controllerCall('base', 'removeRelayer', [operator.address]),
    'AccessControlUnauthorizedAccount',
  )
  await send('base', freezer, controllerCall('base', 'removeRelayer', [operator.address]))
  const baseAave = aaveVenue('base/aave/USDC')
  await expectRevert(
    'base',
    operator,
    controllerCall('base', 'depositAave', [baseAave.aToken, 1n]),
    'AccessControlUnauthorizedAccount',
  )
  // Direct RateLimits triggers are for CONTROLLER only.
  await expectRevert(
    'base',
    operator,
    {
      address: sll.base.rateLimits,
      abi: rateLimitsAbi,
      functionName: 'triggerRateLimitDecrease',
      args: [psmDepositKey(registry.base.tokens.USDC), 1n],
    },
    'AccessControlUnauthorizedAccount',
  )
})

test('behavior: LayerZero USDC from the Ethereum ALMProxy arrives at the Base ALMProxy', async () => {
  const oft = registry.ethereum.layerZero.ofts.USDC!.address
  const amount = parseUnits('1234', 6)
  await fundProxy('ethereum', registry.ethereum.tokens.USDC, amount)
  const recipient = await clients.ethereum.readContract({
    address: sll.ethereum.controller,
    abi: mainnetControllerV1_10Abi,
    functionName: 'layerZeroRecipients',
    args: [devnetEids.base],
  })
  expect(recipient).toBe(pad(sll.base.almProxy).toLowerCase())

  // The relayer quotes the SendParam the controller builds, to know the fee to send.
  const param = controllerSendParam({ recipient, amount, dstEid: devnetEids.base })
  const [, , receipt] = await clients.ethereum.readContract({
    address: oft,
    abi: oftAbi,
    functionName: 'quoteOFT',
    args: [param],
  })
  param.minAmountLD = receipt.amountReceivedLD
  const fee = await clients.ethereum.readContract({
    address: oft,
    abi: oftAbi,
    functionName: 'quoteSend',
    args: [param, false],
  })
  await expectRevert(
    'ethereum',
    operator,
    {
      address: sll.ethereum.controller,
      abi: mainnetControllerV1_10Abi,
      functionName: 'transferTokenLayerZero',
      args: [oft, amount, devnetEids.base],
      value: fee.nativeFee - 1n,
    },
    'MC/insufficient-fee',
  )

  const key = layerZeroKey(oft, devnetEids.base)
  const l0 = await readLimit('ethereum', key)
  const baseUsdc = registry.base.tokens.USDC
  const arrivedBefore = await balance('base', baseUsdc, sll.base.almProxy)
  const sentBefore = await balance('ethereum', registry.ethereum.tokens.USDC, sll.ethereum.almProxy)
  const sent = await relay(
    'ethereum',
    'transferTokenLayerZero',
    [oft, amount, devnetEids.base],
    fee.nativeFee,
  )
  expect(await readLimit('ethereum', key)).toEqual(afterDecrease(l0, amount, sent.timestamp))
  expect(sentBefore - (await balance('ethereum', registry.ethereum.tokens.USDC, sll.ethereum.almProxy))).toBe(
    amount,
  )

  const relayer = await startDevnetRelayer({ portBase })
  try {
    await waitUntil(
      async () => (await balance('base', baseUsdc, sll.base.almProxy)) === arrivedBefore + amount,
      60_000,
    )
  } finally {
    await relayer.stop()
  }
})
