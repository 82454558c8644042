import { describe, expect, test } from 'vitest'
import {
  defaultStuckBounds,
  FALLBACK_STUCK_SECONDS,
  parseStuckBounds,
  StuckBoundConfigError,
  stuckAfterMs,
} from './stuck-bound.js'

describe('parseStuckBounds', () => {
  test('default: unset or empty keeps the defaults', () => {
    expect(parseStuckBounds({})).toEqual(defaultStuckBounds)
    expect(parseStuckBounds({ SLL_TX_STUCK_AFTER_SECONDS_BASE: '' })).toEqual(defaultStuckBounds)
  })

  test('behavior: a chain variable overrides that chain only', () => {
    const bounds = parseStuckBounds({ SLL_TX_STUCK_AFTER_SECONDS_BASE: ' 5 ' })
    expect(bounds.base).toBe(5)
    expect(bounds.ethereum).toBe(defaultStuckBounds.ethereum)
    expect(stuckAfterMs(bounds, 'base')).toBe(5_000)
    expect(stuckAfterMs(bounds, 'some-test-anvil')).toBe(FALLBACK_STUCK_SECONDS * 1000)
  })

  test.each(['0', '3601', '1.5', '-1', 'ten', '99999'])(
    'error: %j is refused naming the variable',
    (value) => {
      expect(() => parseStuckBounds({ SLL_TX_STUCK_AFTER_SECONDS_ARBITRUM: value })).toThrow(
        StuckBoundConfigError,
      )
      expect(() => parseStuckBounds({ SLL_TX_STUCK_AFTER_SECONDS_ARBITRUM: value })).toThrow(
        /SLL_TX_STUCK_AFTER_SECONDS_ARBITRUM=.*1\.\.3600/,
      )
    },
  )
})
