import { readFileSync } from 'node:fs'
import { describe, expect, test } from 'vitest'
import { hasControlChars } from '../lib/safe-text.js'
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
approvals:
  autoApproveMaxUsd: 10000000
  approvers:
    - { id: alice, address: "0xFABB0ac9d68B0B445fB7357272Ff202C5651694a" }
    - { id: bob, address: "0x1CBd3b2770909D4e10f157cABC84C7264073C9Ec" }
  threshold: 2
  timeout: 12h
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
      approvers: [
        { id: 'alice', address: '0xFABB0ac9d68B0B445fB7357272Ff202C5651694a' },
        { id: 'bob', address: '0x1CBd3b2770909D4e10f157cABC84C7264073C9Ec' },
      ],
      threshold: 2,
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

describe('parsePolicy: hostile files', () => {
  const minimal = 'version: 1\nname: x\nmarkets:\n  - id: a\n'
  const timed = (text: string) => {
    const start = performance.now()
    const error = errorOf(text)
    return { error, ms: performance.now() - start }
  }

  test('error: an alias bomb (billion laughs) is refused quickly at the first alias', () => {
    let text = 'version: 1\nname: x\na: &a [x, x, x, x, x, x, x, x, x]\n'
    for (const [prev, name] of ['ab', 'bc', 'cd', 'de', 'ef', 'fg', 'gh', 'hi'])
      text += `${name}: &${name} [${Array(9).fill(`*${prev}`).join(', ')}]\n`
    const { error, ms } = timed(`${text}markets:\n  - id: a\n`)
    expect(error.message).toMatch(/^p\.yaml:4:8: aliases expand to too many nodes/)
    expect(error.instruction).toMatch(/anchors/)
    expect(ms).toBeLessThan(500)
  })

  test('error: deep nesting is refused quickly by position, before the parser recurses', () => {
    for (const text of [
      `${minimal}x: ${'['.repeat(400_000)}${']'.repeat(400_000)}\n`,
      `${minimal}x: ${'{a: '.repeat(200_000)}${'}'.repeat(200_000)}\n`,
      `${minimal}x:\n${'- '.repeat(200_000)}a\n`,
      `${minimal}x: ${'- '.repeat(200_000)}a\n`,
    ]) {
      const { error, ms } = timed(text)
      expect(error.message).toMatch(
        /p\.yaml:[56]:\d+: (nested more than 32 levels|more than 32 nested block)/,
      )
      expect(ms).toBeLessThan(500)
    }
    const eachLine = Array.from({ length: 40 }, (_, i) => `${'  '.repeat(i)}k${i}:`).join('\n')
    expect(errorOf(`${minimal}${eachLine} 1\n`).message).toMatch(
      /p\.yaml:\d+:\d+: nested more than 32 levels/,
    )
    expect(
      parsePolicy(`${minimal}description: "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["\n`, 'p.yaml').name,
    ).toBe('x')
  })

  test('error: text over 1 MiB is refused before parsing', () => {
    const { error, ms } = timed(`${minimal}# ${'x'.repeat(2 * 1024 * 1024)}\n`)
    expect(error.message).toMatch(/at most 1 MiB/)
    expect(ms).toBeLessThan(100)
  })

  const bad: [string, string, string, RegExp][] = [
    [
      'amount as a 401-digit string',
      `autoApproveMaxUsd: "1${'0'.repeat(400)}"`,
      'approvals.autoApproveMaxUsd',
      /finite amount of at most 1e15 USD/,
    ],
    [
      'amount above 1e15',
      'autoApproveMaxUsd: 2000000000000000',
      'approvals.autoApproveMaxUsd',
      /at most 1e15 USD/,
    ],
    [
      'amount 1e400 (Infinity)',
      'autoApproveMaxUsd: 1e400',
      'approvals.autoApproveMaxUsd',
      /non-negative amount|1e15/,
    ],
    ['timeout 0s', 'autoApproveMaxUsd: 1\n  timeout: 0s', 'approvals.timeout', /from 1s to 30d/],
    ['timeout 31d', 'autoApproveMaxUsd: 1\n  timeout: 31d', 'approvals.timeout', /from 1s to 30d/],
    [
      'overflowing timeout',
      'autoApproveMaxUsd: 1\n  timeout: 99999999999999999999999d',
      'approvals.timeout',
      /must be a duration/,
    ],
    [
      'approver id with an escape sequence',
      'autoApproveMaxUsd: 1\n  approvers: [{ id: "ops-\\e[31malice", address: "0xFABB0ac9d68B0B445fB7357272Ff202C5651694a" }]',
      'approvals.approvers[0].id',
      /letters, digits/,
    ],
    [
      'plain approver name (before signed approvals)',
      'autoApproveMaxUsd: 1\n  approvers: [ops-alice]',
      'approvals.approvers[0]',
      /must be \{ id, address \}: approvers sign with a key now\. Migrate a plain name/,
    ],
    [
      'approver address without its checksum',
      'autoApproveMaxUsd: 1\n  approvers: [{ id: a, address: "0xfabb0ac9d68b0b445fb7357272ff202c5651694A" }]',
      'approvals.approvers[0].address',
      /EIP-55 checksum/,
    ],
    [
      'two approvers with one key',
      'autoApproveMaxUsd: 1\n  approvers: [{ id: a, address: "0xFABB0ac9d68B0B445fB7357272Ff202C5651694a" }, { id: b, address: "0xFABB0ac9d68B0B445fB7357272Ff202C5651694a" }]',
      'approvals.approvers[1].address',
      /is the address of approver "a" too/,
    ],
    [
      'threshold above the number of approvers',
      'autoApproveMaxUsd: 1\n  approvers: [{ id: a, address: "0xFABB0ac9d68B0B445fB7357272Ff202C5651694a" }]\n  threshold: 2',
      'approvals.threshold',
      /at most the number of approvers \(1\): N of M/,
    ],
    ['threshold zero', 'autoApproveMaxUsd: 1\n  threshold: 0', 'approvals.threshold', /must be at least 1/],
  ]
  for (const [name, approvals, path, message] of bad) {
    test(`error: ${name} names file, line:column and field`, () => {
      const error = errorOf(`${minimal}approvals:\n  ${approvals}\n`)
      expect(error.path).toBe(path)
      expect(error.message).toMatch(message)
      expect(error.message).toMatch(new RegExp(`^p\\.yaml:\\d+:\\d+ at ${path.replace(/[[\].]/g, '\\$&')}: `))
      expect(error.line).toBeGreaterThan(5)
    })
  }

  test('error: schedule interval outside 1m..7d, horizonDays above 3650, ids outside the safe alphabet', () => {
    for (const interval of ['0s', '30s', '8d', '99999999999999999999999d'])
      expect(errorOf(`${minimal}schedule: { interval: ${interval} }\n`).path).toBe('schedule.interval')
    expect(errorOf(`${minimal}moves: { horizonDays: 1e9 }\n`).path).toBe('moves.horizonDays')
    expect(errorOf(minimal.replace('id: a', 'id: "a\\u009b2J"')).path).toBe('markets[0].id')
    expect(errorOf(`${minimal}groups: [{ name: "g\\e]0;x", match: {}, maxShare: 0.5 }]\n`).path).toBe(
      'groups[0].name',
    )
    expect(errorOf(minimal.replace('name: x', 'name: "-rf"')).path).toBe('name')
  })

  test('behavior: every committed policy stays within the bounds', () => {
    for (const f of ['example.yaml', 'devnet.yaml', '../test/fixtures/policy-approvals-expire.yaml']) {
      expect(() => parsePolicy(readFileSync(new URL(f, import.meta.url), 'utf8'), f)).not.toThrow()
    }
  })

  test('error: control characters in keys and values never reach the message raw', () => {
    const error = errorOf(`${minimal}"k\\e[2J\\u009b": 1\n`)
    expect(error.message).toContain('unknown key "k\\u001b[2J\\u009b"')
    expect(error.message.replaceAll('\n', ' ')).toSatisfy((m: string) => !hasControlChars(m))
  })
})
