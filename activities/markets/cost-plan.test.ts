import { expect, test } from 'vitest'
import { costPlan } from './cost-plan.js'
import { addr, fixtureDeployment } from './testing/fixture.js'

const deployment = () => {
  const d = fixtureDeployment()
  return {
    ...d,
    layerZero: { ...d.layerZero, ofts: { USDC: { address: addr.usdc, kind: 'oft' } } },
  } as unknown as ReturnType<typeof fixtureDeployment>
}
const target = {
  controllerVersion: 'foreign-v1.8' as const,
  controller: addr.pool,
  rateLimits: addr.dataProvider,
  cctpDestinations: ['ethereum'] as const,
}

test('default: one optional quoteSend per hub-and-spoke destination and one optional mintRecipients per CCTP destination', () => {
  const plan = costPlan(deployment(), target, addr.operator)
  // base (the fixture chain) is a spoke: its only hub-and-spoke destination is ethereum
  expect(plan.calls.map((c) => c.functionName)).toEqual(['quoteSend', 'mintRecipients'])
  expect(plan.calls.every((c) => c.optional)).toBe(true)
  expect(plan.calls[1]!.args).toEqual([0])
  const recipient = `0x${'00'.repeat(12)}${'ab'.repeat(20)}`
  expect(plan.decode([{ nativeFee: 123n, lzTokenFee: 0n }, recipient])).toEqual({
    layerZero: [{ to: 'ethereum', nativeFeeWei: 123n }],
    mintRecipients: [{ to: 'ethereum', recipient }],
  })
  // a reverted read decodes as unknown, not as a failure
  expect(plan.decode([undefined, undefined])).toEqual({
    layerZero: [{ to: 'ethereum', nativeFeeWei: undefined }],
    mintRecipients: [{ to: 'ethereum', recipient: undefined }],
  })
})

test('behavior: a chain without OFTs quotes nothing; a controller without CCTP reads no mint recipient', () => {
  const plan = costPlan(fixtureDeployment(), { ...target, cctpDestinations: undefined }, addr.operator)
  expect(plan.calls).toEqual([])
  expect(plan.decode([])).toEqual({ layerZero: [], mintRecipients: [] })
})
