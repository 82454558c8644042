import { describe, expect, test } from 'vitest'
import { formatMicroUsd, toMicroUsd, toUsd } from '../../lib/amounts.js'
import { assembleSnapshot, sharesToAssets, toChainMarkets, toSnapshotMarket } from './convert.js'
import { borrowRate, supplyRate, utilization } from './rates.js'
import type { RawAaveReserve, RawMorphoVault, RawSavingsVault } from './raw.js'
import { aaveVenue, addr, morphoVenue, savingsVenue } from './testing/fixture.js'
import { RAY, rayToFraction, SECONDS_PER_YEAR, WAD } from './units.js'

const usdc = (n: bigint) => n * 10n ** 6n
const usds = (n: bigint) => n * 10n ** 18n

function rawAave(overrides: Partial<RawAaveReserve> = {}): RawAaveReserve {
  return {
    kind: 'aave',
    venue: aaveVenue,
    addresses: {
      aToken: addr.aToken,
      variableDebtToken: addr.variableDebt,
      stableDebtToken: addr.stableDebt,
      interestRateStrategy: addr.strategy,
    },
    liquidityIndex: RAY,
    currentLiquidityRate: 0n,
    currentVariableBorrowRate: 0n,
    accruedToTreasuryScaled: 0n,
    unbacked: 0n,
    aTokenTotalSupply: usdc(1_000_000n),
    variableDebt: usdc(900_000n),
    stableDebt: usdc(50_000n),
    averageStableRate: 0n,
    cash: usdc(50_000n) + 123_456n,
    position: usdc(10n) + 999_999n,
    supplyCap: 0n,
    reserveFactorBps: 1500n,
    strategy: {
      baseVariableBorrowRate: RAY / 100n,
      variableRateSlope1: (4n * RAY) / 100n,
      variableRateSlope2: (75n * RAY) / 100n,
      optimalUsageRatio: (92n * RAY) / 100n,
    },
    ...overrides,
  }
}

describe('units', () => {
  test('default', () => {
    expect(toUsd(usdc(1_500_000n), 6)).toBe('1500000')
    expect(toUsd(12_500_000n, 6)).toBe('12.5')
    expect(toUsd(1n, 18)).toBe('0')
    expect(toUsd(usds(3n) + 123_456_789n * 10n ** 9n, 18)).toBe('3.123456')
    expect(formatMicroUsd(toMicroUsd(5n, 2))).toBe('0.05')
  })

  test('behavior: rounds down to 6 decimals, never up', () => {
    expect(toUsd(999_999_999_999_999_999n, 18)).toBe('0.999999')
  })

  test('behavior: ray and WAD become the nearest double', () => {
    expect(rayToFraction((7n * RAY) / 100n)).toBe(0.07)
    expect(rayToFraction(0n)).toBe(0)
  })

  test('error: negative amounts are rejected', () => {
    expect(() => toMicroUsd(-1n, 6)).toThrow(RangeError)
  })
})

describe('toSnapshotMarket', () => {
  test('default', () => {
    expect(toSnapshotMarket(rawAave(), 'base')).toEqual({
      id: 'base/aave/USDC',
      chain: 'base',
      protocol: 'aave',
      asset: 'USDC',
      totalSupply: '1000000.123456',
      totalBorrow: '950000',
      position: '10.999999',
      supplyCap: null,
      rateModel: {
        kind: 'kinked',
        baseRate: 0.01,
        slope1: 0.04,
        slope2: 0.75,
        optimalUtilization: 0.92,
        reserveFactor: 0.15,
      },
    })
  })

  test('behavior: the supply cap is re-expressed against cash + debt (what the pool counts differs)', () => {
    const market = toSnapshotMarket(
      rawAave({
        supplyCap: 1_100_000n,
        aTokenTotalSupply: usdc(1_000_010n),
        accruedToTreasuryScaled: usdc(100n),
        liquidityIndex: 2n * RAY,
        cash: usdc(50_000n),
      }),
      'base',
    )
    // pool counts 1_000_010 + 100 * 2 = 1_000_210; cap room 99_790; snapshot supply 1_000_000 -> 1_099_790
    expect(market.supplyCap).toBe('1099790')
  })

  test('behavior: a market over its cap gets a cap of 0 room, never a negative number', () => {
    const market = toSnapshotMarket(rawAave({ supplyCap: 1n, aTokenTotalSupply: usdc(5_000_000n) }), 'base')
    expect(market.supplyCap).toBe('0')
  })

  test('behavior: Morpho rate at target per second WAD -> annual; unset (0) -> the IRM initial 4%', () => {
    const raw: RawMorphoVault = {
      kind: 'morpho',
      venue: morphoVenue,
      vaultTotalAssets: usdc(300n),
      vaultTotalSupply: usds(200n),
      shares: usds(100n),
      market: {
        totalSupplyAssets: usdc(1000n),
        totalSupplyShares: 0n,
        totalBorrowAssets: usdc(800n),
        totalBorrowShares: 0n,
        lastUpdate: 0n,
        fee: WAD / 10n,
      },
      rateAtTarget: 0n,
    }
    const market = toSnapshotMarket(raw, 'base')
    expect(market.position).toBe('150')
    expect(market.rateModel).toMatchObject({ kind: 'adaptive-curve', fee: 0.1 })
    if (market.rateModel.kind !== 'adaptive-curve') throw new Error('kind')
    expect(market.rateModel.rateAtTarget).toBeCloseTo(0.04, 9)
    const set = toSnapshotMarket({ ...raw, rateAtTarget: (WAD * 12n) / 100n / SECONDS_PER_YEAR }, 'base')
    expect(set.rateModel).toMatchObject({ rateAtTarget: expect.closeTo(0.12, 9) })
  })

  test('behavior: sUSDS is valued in USDS via its share price; rate = (ssr - 1) * year', () => {
    const raw: RawSavingsVault = {
      kind: 'savings',
      venue: savingsVenue,
      totalAssets: usds(1_050n),
      totalSupply: usds(1_000n),
      shares: usds(100n),
      ssr: RAY + 1_000_000_000_000_000_000n,
    }
    const market = toSnapshotMarket(raw, 'ethereum')
    expect(market).toMatchObject({
      position: '105',
      totalSupply: '1050',
      totalBorrow: '0',
      chain: 'ethereum',
    })
    expect(market.rateModel).toEqual({ kind: 'fixed', rate: 0.031536 })
  })

  test('behavior: an empty vault has no position', () => {
    expect(sharesToAssets(10n, 0n, 0n)).toBe(0n)
  })
})

describe('rates', () => {
  const kinked = {
    kind: 'kinked',
    baseRate: 0.01,
    slope1: 0.04,
    slope2: 0.75,
    optimalUtilization: 0.8,
    reserveFactor: 0.1,
  } as const

  test('default', () => {
    expect(borrowRate(kinked, 0.4)).toBeCloseTo(0.03, 15)
    expect(supplyRate(kinked, 0.4)).toBeCloseTo(0.03 * 0.4 * 0.9, 15)
  })

  test('behavior: above the kink slope2 applies; the adaptive curve is 1/4 at U=0 and 4x at U=1', () => {
    expect(borrowRate(kinked, 0.9)).toBeCloseTo(0.01 + 0.04 + 0.75 * 0.5, 12)
    const curve = {
      kind: 'adaptive-curve',
      rateAtTarget: 0.08,
      fee: 0,
      targetUtilization: 0.9,
      curveSteepness: 4,
    } as const
    expect(borrowRate(curve, 0)).toBeCloseTo(0.02, 15)
    expect(borrowRate(curve, 0.9)).toBeCloseTo(0.08, 15)
    expect(borrowRate(curve, 1)).toBeCloseTo(0.32, 15)
    expect(utilization(0, 5)).toBe(0)
    expect(utilization(10, 20)).toBe(1)
  })

  test("behavior: matches Aave v3.0.2's liquidity rate for a state computed by hand", () => {
    // cash 50k, debt 950k: U = 0.95 above the 0.92 kink; borrow = 0.01 + 0.04 + 0.75 * 0.03 / 0.08
    const market = toSnapshotMarket(
      rawAave({ cash: usdc(50_000n), stableDebt: 0n, variableDebt: usdc(950_000n) }),
      'base',
    )
    const u = utilization(Number(market.totalSupply), Number(market.totalBorrow))
    expect(u).toBeCloseTo(0.95, 15)
    const expected = (0.01 + 0.04 + (0.75 * 0.03) / 0.08) * 0.95 * 0.85
    expect(supplyRate(market.rateModel, u)).toBeCloseTo(expected, 12)
  })
})

describe('assembleSnapshot', () => {
  test('default', () => {
    const base = toChainMarkets({
      chain: 'base',
      chainId: 8453,
      operator: addr.operator,
      markets: [rawAave()],
      idle: { USDS: usds(1n), USDC: usdc(2n) + 500_000n },
      requests: 1,
    })
    const snapshot = assembleSnapshot(
      [base, { chain: 'optimism', markets: [], idle: '0', requests: 1 }],
      '2026-11-25T00:00:00.000Z',
    )
    expect(snapshot.version).toBe(1)
    expect(snapshot.takenAt).toBe('2026-11-25T00:00:00.000Z')
    expect(snapshot.markets.map((m) => m.id)).toEqual(['base/aave/USDC'])
    expect(snapshot.idle).toEqual([
      { chain: 'base', amount: '3.5' },
      { chain: 'optimism', amount: '0' },
    ])
  })

  test('error: a market that breaks the snapshot schema is rejected, not emitted', () => {
    const bad = toSnapshotMarket(
      rawAave({ strategy: { ...rawAave().strategy, optimalUsageRatio: 0n } }),
      'base',
    )
    expect(() =>
      assembleSnapshot([{ chain: 'base', markets: [bad], idle: '0', requests: 1 }], '2026-11-25T00:00:00Z'),
    ).toThrow(/market base\/aave\/USDC.*optimalUtilization/)
  })
})
