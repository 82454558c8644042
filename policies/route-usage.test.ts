import { expect, test } from 'vitest'
import { parsePolicy } from './parse-policy.js'
import { withRouteUsage } from './route-usage.js'

const policy = parsePolicy(
  `version: 1
name: routes
markets:
  - id: ethereum/savings/sUSDS
routes:
  - { from: ethereum, to: base, maxUsdPerDay: 1000000, bidirectional: true }
  - { from: base, to: arbitrum, maxUsdPerDay: 500000 }
  - { from: ethereum, to: arbitrum }
`,
  'routes.yaml',
)

test('default: moves of the last day use up the daily room of their route', () => {
  const next = withRouteUsage(policy, [
    { fromChain: 'ethereum', toChain: 'base', amountUsd: 300_000 },
    { fromChain: 'base', toChain: 'ethereum', amountUsd: 200_000 },
    { fromChain: 'base', toChain: 'arbitrum', amountUsd: 700_000 },
    { fromChain: 'arbitrum', toChain: 'base', amountUsd: 50_000 },
  ])
  expect(next.routes?.map((r) => r.maxUsdPerDay)).toEqual([500_000, 0, undefined])
})

test('behavior: no usage leaves the policy as it is', () => {
  expect(withRouteUsage(policy, [])).toBe(policy)
})
