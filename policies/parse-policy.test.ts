import { readFileSync } from 'node:fs'
import { describe, expect, test } from 'vitest'
import { PolicyValidationError } from './input-errors.js'
import { parsePolicy } from './parse-policy.js'

const example = readFileSync(new URL('./example.yaml', import.meta.url), 'utf8')

function errorOf(text: string): PolicyValidationError {
  try {
    parsePolicy(text, 'p.yaml')
  } catch (error) {
    expect(error).toBeInstanceOf(PolicyValidationError)
    return error as PolicyValidationError
  }
  throw new Error('expected a PolicyValidationError')
}

describe('parsePolicy', () => {
  test('default: parses the example policy with defaults filled in', () => {
    const policy = parsePolicy(example, 'policies/example.yaml')
    expect(policy.name).toBe('example-conservative')
    expect(policy.markets).toHaveLength(17)
    expect(policy.groups.map((g) => g.name)).toEqual(['morpho', 'layer-2s'])
    expect(policy.moves).toEqual({ minMoveUsd: 1_000_000, horizonDays: 30 })
    expect(policy.approvals?.autoApproveMaxUsd).toBe(50_000_000)
    expect(policy.source?.positions['markets[0].id']).toEqual([7, 9])
  })

  test('behavior: amounts accept numbers and decimal strings; operator sections parse', () => {
    const policy = parsePolicy(
      `version: 1
name: ops
markets:
  - id: a
    maxUsd: "1500000.50"
approvals: { autoApproveMaxUsd: 10000000, approvers: [alice, bob], timeout: 12h }
schedule: { interval: 15m }
routes:
  - { from: ethereum, to: base, assets: [USDC], maxUsdPerDay: 50000000, bidirectional: true }
moves: { minMoveUsd: 0, horizonDays: 14, maxMovesPerCycle: 5 }
`,
      'ops.yaml',
    )
    expect(policy.markets[0]!.maxUsd).toBe(1_500_000.5)
    expect(policy.approvals).toEqual({
      autoApproveMaxUsd: 10_000_000,
      approvers: ['alice', 'bob'],
      timeout: '12h',
    })
    expect(policy.routes?.[0]?.maxUsdPerDay).toBe(50_000_000)
    expect(policy.moves.maxMovesPerCycle).toBe(5)
  })

  const cases: [string, string, RegExp, string][] = [
    ['YAML syntax error', example.replace('horizonDays: 30', 'horizonDays: [30'), /YAML syntax error/, ''],
    [
      'unknown key',
      example.replace('  minMoveUsd: 1000000', '  minMoveUsd: 1000000\n  minMoveUSD: 5'),
      /unknown key "minMoveUSD"/,
      'moves.minMoveUSD',
    ],
    [
      'wrong type',
      example.replace('horizonDays: 30', 'horizonDays: thirty'),
      /expected number/,
      'moves.horizonDays',
    ],
    [
      'negative amount',
      example.replace('maxUsd: 1500000000', 'maxUsd: -5'),
      /non-negative amount/,
      'markets[0].maxUsd',
    ],
    [
      'non-numeric amount',
      example.replace('maxUsd: 800000000', 'maxUsd: lots'),
      /non-negative amount/,
      'markets[1].maxUsd',
    ],
    ['maxShare above 1', example.replace('maxShare: 0.2', 'maxShare: 1.2'), /\(0, 1\]/, 'groups[0].maxShare'],
    ['maxShare zero', example.replace('maxShare: 0.2', 'maxShare: 0'), /\(0, 1\]/, 'groups[0].maxShare'],
    [
      'maxShareOfMarket above 1',
      example.replace('maxShareOfMarket: 0.3', 'maxShareOfMarket: 3'),
      /\(0, 1\]/,
      'markets[2].maxShareOfMarket',
    ],
    [
      'duplicate market id',
      example.replace('- id: base/aave/USDC', '- id: ethereum/aave/USDC'),
      /duplicate market id "ethereum\/aave\/USDC"/,
      'markets[6].id',
    ],
    ['unsupported version', example.replace('version: 1', 'version: 2'), /unsupported version/, 'version'],
  ]
  for (const [name, text, message, path] of cases) {
    test(`error: ${name} names file, line:column and field`, () => {
      const error = errorOf(text)
      expect(error.message).toMatch(message)
      expect(error.file).toBe('p.yaml')
      expect(error.line).toBeGreaterThan(0)
      expect(error.column).toBeGreaterThan(0)
      expect(error.path).toBe(path)
      expect(error.message).toContain(`p.yaml:${error.line}:${error.column}`)
      expect(error.instruction).toBeTruthy()
    })
  }

  test('error: points at the exact line and column of the bad value', () => {
    const error = errorOf('version: 1\nname: x\nmarkets:\n  - id: a\n    maxUsd: -1\n')
    expect([error.line, error.column]).toEqual([5, 13])
  })
})
