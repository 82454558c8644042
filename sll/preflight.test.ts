import { maxUint256, pad, zeroHash } from 'viem'
import { expect, test } from 'vitest'
import {
  aaveDepositKey,
  aaveWithdrawKey,
  erc4626DepositKey,
  erc4626WithdrawKey,
  layerZeroKey,
} from './keys.js'
import { evaluatePreflight, type KeyRead, type PreflightReads } from './preflight.js'
import type { RateLimitData } from './rate-limits.js'

const controller = '0x00000000000000000000000000000000000000c1'
const rateLimits = '0x00000000000000000000000000000000000000a1'
const relayer = '0x00000000000000000000000000000000000000e1'
const aToken = '0x000000000000000000000000000000000000aa01'
const vault = '0x000000000000000000000000000000000000bb01'
const oft = '0x000000000000000000000000000000000000cc01'

const unlimited: RateLimitData = { maxAmount: maxUint256, slope: 0n, lastAmount: maxUint256, lastUpdated: 0n }
const unset: RateLimitData = { maxAmount: 0n, slope: 0n, lastAmount: 0n, lastUpdated: 0n }
const limited = (max: bigint, last: bigint): RateLimitData => ({
  maxAmount: max,
  slope: 1_000_000n,
  lastAmount: last,
  lastUpdated: 100n,
})
const key = (k: `0x${string}`, label: string, data: RateLimitData): KeyRead => ({ key: k, label, data })

function reads(overrides: Partial<PreflightReads> = {}): PreflightReads {
  return {
    chain: 'base',
    controllerVersion: 'foreign-v1.8',
    controller,
    rateLimits,
    relayer,
    relayerHasRole: true,
    nowSeconds: 110n,
    venues: [
      {
        kind: 'aave',
        market: 'base/aave/USDC',
        aToken,
        decimals: 6,
        maxSlippage: 999_900_000_000_000_000n,
        deposit: key(
          aaveDepositKey(aToken),
          'AAVE_DEPOSIT(base/aave/USDC)',
          limited(50_000_000n, 1_000_000n),
        ),
        withdraw: key(aaveWithdrawKey(aToken), 'AAVE_WITHDRAW(base/aave/USDC)', unlimited),
      },
      {
        kind: 'erc4626',
        market: 'base/morpho/spark-usdc',
        vault,
        decimals: 6,
        maxExchangeRate: 2n * 10n ** 36n,
        exchangeRate: 10n ** 36n,
        deposit: key(erc4626DepositKey(vault), '4626_DEPOSIT(base/morpho/spark-usdc)', unlimited),
        withdraw: key(erc4626WithdrawKey(vault), '4626_WITHDRAW(base/morpho/spark-usdc)', unlimited),
      },
    ],
    routes: [
      {
        to: 'ethereum',
        eid: 30101,
        recipient: pad('0x00000000000000000000000000000000000000f1'),
        ofts: [
          {
            asset: 'USDC',
            oft,
            decimals: 6,
            limit: key(layerZeroKey(oft, 30101), 'LAYERZERO(base/USDC -> ethereum)', unlimited),
          },
        ],
      },
    ],
    ...overrides,
  }
}

test('default: every check passes; capacities of limited keys in whole tokens', () => {
  const out = evaluatePreflight(reads())
  expect(out.relayerRole).toBe('held')
  expect(out.controllerName).toBe('ForeignController')
  expect(out.venues.map((v) => [v.deposit.ok, v.withdraw.ok])).toEqual([
    [true, true],
    [true, true],
  ])
  // 1 USDC left + 10 s * 1 USDC/s
  expect(out.venues[0]!.depositCapacity).toBe('11')
  expect(out.venues[0]!.withdrawCapacity).toBeUndefined()
  expect(out.routes).toEqual([{ from: 'base', to: 'ethereum', asset: 'USDC', verdict: { ok: true } }])
})

test('behavior: an unset deposit key blocks deposits AND withdrawals (withdraw refills it), naming the key', () => {
  const base = reads()
  const venue = { ...base.venues[0]!, deposit: { ...base.venues[0]!.deposit, data: unset } }
  const out = evaluatePreflight({ ...base, venues: [venue] })
  const v = out.venues[0]!
  expect(v.deposit).toMatchObject({ ok: false, code: 'rate-limit-unset', contract: rateLimits })
  expect(v.withdraw).toMatchObject({ ok: false, code: 'rate-limit-unset' })
  if (v.deposit.ok) throw new Error('unreachable')
  expect(v.deposit.reason).toContain('AAVE_DEPOSIT(base/aave/USDC)')
  expect(v.deposit.reason).toContain(aaveDepositKey(aToken))
  expect(v.deposit.reason).toContain('setRateLimitData')
})

test('behavior: maxSlippages 0 blocks deposits only, and says what governance must set', () => {
  const base = reads()
  const out = evaluatePreflight({ ...base, venues: [{ ...base.venues[0]!, maxSlippage: 0n } as never] })
  const v = out.venues[0]!
  expect(v.withdraw.ok).toBe(true)
  expect(v.deposit).toMatchObject({ ok: false, code: 'max-slippage-unset', contract: controller })
  if (v.deposit.ok) throw new Error('unreachable')
  expect(v.deposit.reason).toBe(
    `base: ForeignController ${controller} maxSlippages(aToken ${aToken} of base/aave/USDC) is 0 ` +
      `(depositAave reverts FC/max-slippage-not-set): governance must call setMaxSlippage(${aToken}, 0.999e18)`,
  )
})

test('behavior: ERC-4626 max exchange rate unset or exceeded blocks deposits', () => {
  const base = reads()
  const vaultReads = base.venues[1]!
  const unsetRate = evaluatePreflight({ ...base, venues: [{ ...vaultReads, maxExchangeRate: 0n } as never] })
  expect(unsetRate.venues[0]!.deposit).toMatchObject({ ok: false, code: 'max-exchange-rate-unset' })
  const tooHigh = evaluatePreflight({
    ...base,
    venues: [{ ...vaultReads, exchangeRate: 3n * 10n ** 36n } as never],
  })
  expect(tooHigh.venues[0]!.deposit).toMatchObject({ ok: false, code: 'exchange-rate-too-high' })
  expect(tooHigh.venues[0]!.withdraw.ok).toBe(true)
})

test('behavior: a route without recipient or key is unavailable', () => {
  const base = reads()
  const route = base.routes[0]!
  const noRecipient = evaluatePreflight({ ...base, routes: [{ ...route, recipient: zeroHash }] })
  expect(noRecipient.routes[0]!.verdict).toMatchObject({ ok: false, code: 'layerzero-recipient-unset' })
  const noKey = evaluatePreflight({
    ...base,
    routes: [{ ...route, ofts: [{ ...route.ofts[0]!, limit: { ...route.ofts[0]!.limit, data: unset } }] }],
  })
  expect(noKey.routes[0]!.verdict).toMatchObject({ ok: false, code: 'rate-limit-unset' })
})

test('behavior: a removed relayer fails everything with relayer-removed', () => {
  const out = evaluatePreflight(reads({ relayerHasRole: false }))
  expect(out.relayerRole).toBe('missing')
  for (const v of out.venues) {
    expect(v.deposit).toMatchObject({ ok: false, code: 'relayer-removed', setting: 'RELAYER' })
    expect(v.withdraw).toMatchObject({ ok: false, code: 'relayer-removed' })
  }
  expect(out.routes[0]!.verdict).toMatchObject({ ok: false, code: 'relayer-removed' })
  expect(evaluatePreflight(reads({ relayerHasRole: undefined })).relayerRole).toBe('unchecked')
})

test('behavior: PSM conversions need their keys (LitePSM both ways on USDS_TO_USDC)', () => {
  const lite = evaluatePreflight(
    reads({
      chain: 'ethereum',
      controllerVersion: 'mainnet-v1.10',
      psm: { kind: 'litePsm', usdsToUsdc: key(zeroHash, 'USDS_TO_USDC', unset) },
    }),
  )
  expect(lite.conversions.map((c) => c.verdict.ok)).toEqual([false, false])
  const psm3 = evaluatePreflight(
    reads({
      psm: {
        kind: 'psm3',
        deposit: {
          USDS: key(zeroHash, 'PSM_DEPOSIT(USDS)', unlimited),
          USDC: key(zeroHash, 'PSM_DEPOSIT(USDC)', unset),
        },
        withdraw: {
          USDS: key(zeroHash, 'PSM_WITHDRAW(USDS)', unlimited),
          USDC: key(zeroHash, 'PSM_WITHDRAW(USDC)', unlimited),
        },
      },
    }),
  )
  expect(psm3.conversions).toMatchObject([
    { from: 'USDS', to: 'USDC', verdict: { ok: true } },
    { from: 'USDC', to: 'USDS', verdict: { ok: false, code: 'rate-limit-unset' } },
  ])
})
