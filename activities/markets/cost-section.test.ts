import { expect, test } from 'vitest'
import type { ChainName } from '../../chains/names.js'
import { costConfigFromEnv } from './cost-config.js'
import type { CostReads } from './cost-plan.js'
import { assembleCosts, cctpUnavailableItems, chainCosts } from './cost-section.js'
import type { GuardedKeyRead } from './preflight-plan.js'
import { STEP_GAS } from './step-gas.js'

const config = costConfigFromEnv({})
const GWEI = 10n ** 9n
const recipient = `0x${'00'.repeat(12)}${'ab'.repeat(20)}` as const
const zero = `0x${'00'.repeat(32)}` as const

const key = (guards: GuardedKeyRead['guards'], maxAmount: bigint, label: string): GuardedKeyRead => ({
  key: `0x${'11'.repeat(32)}`,
  label,
  data: { maxAmount, slope: 0n, lastAmount: 0n, lastUpdated: 0n },
  guards,
  decimals: 6,
  unit: 'USD',
})

function hub(reads: Partial<CostReads> = {}, keys: GuardedKeyRead[] = []) {
  return chainCosts({
    chain: 'ethereum',
    gasPriceWei: 10n * GWEI,
    reads: {
      layerZero: [{ to: 'base', nativeFeeWei: 10n ** 14n }],
      mintRecipients: [{ to: 'base', recipient }],
      ...reads,
    },
    config: config.ethereum,
    keys,
    hasCctp: true,
  })
}

const base = chainCosts({
  chain: 'base',
  gasPriceWei: GWEI / 100n,
  reads: { layerZero: [{ to: 'ethereum', nativeFeeWei: 10n ** 13n }], mintRecipients: [] },
  config: config.base,
  keys: [],
  hasCctp: true,
})

test('default: gas price x step gas x native price; LayerZero = send step + quoted fee; CCTP = burn + receive on the destination', () => {
  const eth = hub()
  const usd = (gas: bigint, gwei: number) => (Number(gas) * gwei * 3000) / 1e9
  expect(eth.txUsd).toBeCloseTo(usd(STEP_GAS.marketStep, 10), 6)
  expect(eth.routes[0]!.layerZeroUsd).toBeCloseTo(usd(STEP_GAS.layerZeroSend, 10) + 1e-4 * 3000, 6)
  const costs = assembleCosts([
    { chain: 'ethereum', costs: eth },
    { chain: 'base', costs: base },
  ])!
  const toBase = costs.routes!.find((r) => r.from === 'ethereum' && r.to === 'base')!
  expect(toBase.cctpUsd).toBeCloseTo(usd(STEP_GAS.cctpBurn, 10) + usd(STEP_GAS.cctpReceive, 0.01), 6)
  expect(toBase.cctpHours).toBe(0.3)
  expect(toBase.bridgeHours).toBe(0.3)
  expect(costs.txUsd).toEqual({ ethereum: eth.txUsd, base: base.txUsd })
  // Base has no mint recipient for Ethereum in these reads: no CCTP back.
  const back = costs.routes!.find((r) => r.from === 'base')!
  expect(back.cctpUsd).toBeUndefined()
  expect(costs.bridgeUsd).toBe(Math.max(toBase.bridgeUsd, back.bridgeUsd))
})

test('behavior: an unset mint recipient or a zero USDC_TO_DOMAIN / USDC_TO_CCTP key leaves CCTP out of the pair, with the reason', () => {
  const unset = hub({ mintRecipients: [{ to: 'base', recipient: zero }] })
  expect(unset.routes[0]!.cctpBurnUsd).toBeUndefined()
  expect(unset.routes[0]!.cctpUnavailable).toMatch(/mintRecipients.*setMintRecipient/)
  expect(cctpUnavailableItems([{ chain: 'ethereum', costs: unset }])).toEqual([
    {
      subject: 'ethereum -> base (USDC over CCTP)',
      what: 'route',
      code: 'cctp-unavailable',
      reason: unset.routes[0]!.cctpUnavailable,
    },
  ])
  expect(cctpUnavailableItems([{ chain: 'ethereum', costs: hub() }])).toEqual([])
  // a destination the controller has no CCTP route to: no CCTP, and nothing to report
  const noRoute = hub({ mintRecipients: [] })
  expect(noRoute.routes[0]).not.toHaveProperty('cctpBurnUsd')
  expect(noRoute.routes[0]).not.toHaveProperty('cctpUnavailable')
  const unreadable = hub({ mintRecipients: [{ to: 'base', recipient: undefined }] })
  expect(unreadable.routes[0]!.cctpUnavailable).toMatch(/mintRecipients/)
  const domain = hub({}, [
    key(
      { action: 'cctp-domain', chain: 'ethereum', toChain: 'base' },
      0n,
      'USDC_TO_DOMAIN(ethereum -> base)',
    ),
  ])
  expect(domain.routes[0]!.cctpUnavailable).toMatch(/USDC_TO_DOMAIN\(ethereum -> base\) is unset/)
  const global = hub({}, [key({ action: 'cctp', chain: 'ethereum' }, 0n, 'USDC_TO_CCTP(ethereum)')])
  expect(global.routes[0]!.cctpUnavailable).toMatch(/USDC_TO_CCTP/)
  // a set key of another destination does not matter
  const other = hub({}, [
    key(
      { action: 'cctp-domain', chain: 'ethereum', toChain: 'arbitrum' },
      0n,
      'USDC_TO_DOMAIN(ethereum -> arbitrum)',
    ),
    key(
      { action: 'cctp-domain', chain: 'ethereum', toChain: 'base' },
      10n ** 12n,
      'USDC_TO_DOMAIN(ethereum -> base)',
    ),
  ])
  expect(other.routes[0]!.cctpBurnUsd).toBeGreaterThan(0)
  for (const c of [unset, domain, global]) {
    const costs = assembleCosts([
      { chain: 'ethereum', costs: c },
      { chain: 'base', costs: base },
    ])!
    expect(costs.routes!.find((r) => r.to === 'base')!.cctpUsd).toBeUndefined()
  }
})

test('behavior: a destination without CCTP (no receive cost) offers no CCTP; a quote that reverted costs the send step only', () => {
  const { cctpReceiveUsd: _receive, ...noCctpBase } = base
  const costs = assembleCosts([
    { chain: 'ethereum', costs: hub() },
    { chain: 'base', costs: noCctpBase },
  ])!
  expect(costs.routes!.find((r) => r.to === 'base')!.cctpUsd).toBeUndefined()
  const unquoted = hub({ layerZero: [{ to: 'base', nativeFeeWei: undefined }] })
  expect(unquoted.routes[0]!.layerZeroUsd).toBeCloseTo((Number(STEP_GAS.layerZeroSend) * 10 * 3000) / 1e9, 6)
})

test('default: no chain priced, no costs section', () => {
  expect(assembleCosts([{ chain: 'ethereum' as ChainName }])).toBeUndefined()
})

test('error: a malformed cost variable names itself and the fix', () => {
  expect(() => costConfigFromEnv({ SLL_NATIVE_USD_BASE: 'lots' })).toThrow(/SLL_NATIVE_USD_BASE.*USD price/)
  expect(() => costConfigFromEnv({ SLL_CCTP_HOURS_ETHEREUM: '-1' })).toThrow(/SLL_CCTP_HOURS_ETHEREUM/)
  expect(() => costConfigFromEnv({ SLL_LAYERZERO_HOURS_ARBITRUM: '1e9' })).toThrow(/between 0 and 168/)
  expect(costConfigFromEnv({ SLL_NATIVE_USD_AVALANCHE: '31.5' }).avalanche.nativeUsd).toBe(31.5)
})
