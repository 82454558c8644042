import { expect, test } from 'vitest'
import { TransactionRevertedError } from '../tx/errors.js'
import {
  countTransaction,
  metricsRegistry,
  recordBridgeDelivery,
  setRateLimitHeadroom,
  sllMetrics,
  withTxMetrics,
} from './registry.js'

const value = async (name: string, labels: Record<string, string>) => {
  const metric = (await metricsRegistry.getMetricsAsJSON()).find((m) => m.name === name)
  const match = (metric?.values ?? []).find((v) =>
    Object.entries(labels).every(([k, l]) => (v.labels as Record<string, unknown>)[k] === l),
  )
  return match?.value ?? 0
}

test('default: a confirmed step counts a submission and a confirmation; a retry also a retry', async () => {
  sllMetrics.txSubmissions.reset()
  sllMetrics.txConfirmed.reset()
  sllMetrics.txRetries.reset()
  await countTransaction('base', 1, async () => 'ok')
  await countTransaction('base', 3, async () => 'ok')
  expect(await value('sll_tx_submissions_total', { chain: 'base' })).toBe(2)
  expect(await value('sll_tx_confirmed_total', { chain: 'base' })).toBe(2)
  expect(await value('sll_tx_retries_total', { chain: 'base' })).toBe(1)
})

test('behavior: a revert counts by stage; an approval that sends nothing counts nothing', async () => {
  sllMetrics.txSubmissions.reset()
  sllMetrics.txReverts.reset()
  const revert = new TransactionRevertedError({
    chain: 'arbitrum',
    idempotencyKey: 'k',
    to: '0x0000000000000000000000000000000000000001',
    reason: undefined,
    stage: 'simulation',
  })
  await expect(countTransaction('arbitrum', 1, () => Promise.reject(revert))).rejects.toBe(revert)
  expect(await value('sll_tx_reverts_total', { chain: 'arbitrum', stage: 'simulation' })).toBe(1)
  const adapter = withTxMetrics(1, { send: async (_chain: 'ethereum') => 'sent' })
  expect(await value('sll_tx_submissions_total', { chain: 'ethereum' })).toBe(0)
  await adapter.send('ethereum')
  expect(await value('sll_tx_submissions_total', { chain: 'ethereum' })).toBe(1)
})

test('behavior: bridge deliveries land in the histogram; hooks export nothing until filled', async () => {
  recordBridgeDelivery({ fromChain: 'base', toChain: 'ethereum', asset: 'USDC' }, 3.5)
  recordBridgeDelivery(undefined, 1)
  const text = await metricsRegistry.metrics()
  expect(text).toMatch(
    /sll_bridge_delivery_seconds_count\{from_chain="base",to_chain="ethereum",asset="USDC"\} 1/,
  )
  expect(text).not.toMatch(/^sll_relayer_role_granted\{/m)
})

test('behavior: headroom per limited key at its capacity in USD (sUSDS at its rate); unlimited keys export nothing', async () => {
  const base = {
    chain: 'base' as const,
    decimals: 18,
    slope: '1000000000000000000',
    lastAmount: '2000000000000000000000',
    lastUpdated: '100',
    readAt: '110',
  }
  setRateLimitHeadroom([
    {
      ...base,
      key: `0x${'a'.repeat(64)}`,
      guards: { action: 'psm-deposit', chain: 'base', asset: 'sUSDS' },
      unlimited: false,
      usdPerToken: 1.5,
      maxAmount: '5000000000000000000000',
    },
    {
      ...base,
      key: `0x${'b'.repeat(64)}`,
      guards: { action: 'withdraw', market: 'base/aave/USDC' },
      unlimited: true,
      usdPerToken: 1,
      maxAmount: (2n ** 256n - 1n).toString(),
    },
  ])
  // (2000 + 1 * 10 s) sUSDS at 1.5 USD
  expect(
    await value('sll_rate_limit_headroom_usd', {
      chain: 'base',
      key: `0x${'a'.repeat(64)}`,
      guard: 'psm-deposit sUSDS',
    }),
  ).toBeCloseTo(3015, 6)
  const text = await metricsRegistry.metrics()
  expect(text).not.toContain(`key="0x${'b'.repeat(64)}"`)
})
