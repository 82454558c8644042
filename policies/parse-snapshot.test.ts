import { readFileSync } from 'node:fs'
import { describe, expect, test } from 'vitest'
import { hasControlChars } from '../lib/safe-text.js'
import { SnapshotValidationError } from './input-errors.js'
import { parseSnapshot } from './parse-snapshot.js'

const example = readFileSync(new URL('./fixtures/example-snapshot.json', import.meta.url), 'utf8')

function errorOf(text: string): SnapshotValidationError {
  try {
    parseSnapshot(text, 's.json')
  } catch (error) {
    expect(error).toBeInstanceOf(SnapshotValidationError)
    return error as SnapshotValidationError
  }
  throw new Error('expected a SnapshotValidationError')
}

describe('parseSnapshot', () => {
  test('default: parses the example snapshot', () => {
    const s = parseSnapshot(example, 'example.json')
    expect(s.markets).toHaveLength(17)
    expect(s.markets[4]!.rateModel).toMatchObject({
      kind: 'adaptive-curve',
      targetUtilization: 0.9,
      curveSteepness: 4,
    })
    expect(s.costs?.bridgeUsd).toBe(1.8)
  })

  test('error: JSON syntax error with line and column', () => {
    const e = errorOf('{\n  "version": 1,\n  "takenAt": "x",\n}')
    expect(e.message).toMatch(/JSON syntax error/)
    expect(e.line).toBe(4)
  })

  test('error: totalBorrow > totalSupply', () => {
    const e = errorOf(example.replace('"totalBorrow": "1950000000"', '"totalBorrow": "2950000000"'))
    expect(e.message).toMatch(/totalBorrow .* exceeds totalSupply/)
    expect(e.path).toBe('markets[0].totalBorrow')
    expect(e.line).toBe(11)
  })

  test('error: missing rate model field', () => {
    const e = errorOf(example.replace('"slope2": 0.5,', ''))
    expect(e.path).toBe('markets[0].rateModel.slope2')
    expect(e.line).toBeGreaterThan(10)
    expect(e.message).toMatch(/s\.json:\d+:\d+ at markets\[0\]\.rateModel\.slope2/)
  })

  test('error: duplicate market id', () => {
    const e = errorOf(example.replace('"id": "ethereum/sparklend/USDC"', '"id": "ethereum/sparklend/USDS"'))
    expect(e.message).toMatch(/duplicate market id/)
    expect(e.path).toBe('markets[1].id')
  })
})

describe('parseSnapshot: hostile files', () => {
  test('error: amounts must be finite and at most 1e15 USD', () => {
    const e = errorOf(example.replace('"position": "', `"position": "1${'0'.repeat(400)}`))
    expect(e.path).toMatch(/^markets\[\d+\]\.position$/)
    expect(e.message).toMatch(
      /s\.json:\d+:\d+ at markets\[\d+\]\.position: .*(at most 1e15 USD|decimal amount)/,
    )
    const cost = errorOf(example.replace('"bridgeUsd": 1.8', '"bridgeUsd": 1e300'))
    expect(cost.path).toBe('costs.bridgeUsd')
  })

  test('error: market ids and takenAt with control characters are refused and escaped', () => {
    const e = errorOf(
      example.replace('"id": "ethereum/sparklend/USDS"', '"id": "ethereum/\\u001b[2J\\u009b"'),
    )
    expect(e.path).toBe('markets[0].id')
    expect(e.message.replaceAll('\n', ' ')).toSatisfy((m: string) => !hasControlChars(m))
    expect(errorOf(example.replace(/"takenAt": "[^"]*"/, '"takenAt": "\\u001b]0;x"')).path).toBe('takenAt')
  })

  test('error: deep nesting and text over 2 MiB are refused quickly, before JSON.parse', () => {
    for (const text of [
      `{"version": 1, "x": ${'['.repeat(1_000_000)}`,
      `${example}${' '.repeat(3 * 1024 * 1024)}`,
    ]) {
      const start = performance.now()
      const e = errorOf(text)
      expect(e.message).toMatch(/nested more than 32 levels|at most 2 MiB/)
      expect(performance.now() - start).toBeLessThan(500)
    }
  })
})
