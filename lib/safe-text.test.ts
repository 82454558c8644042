import { expect, test } from 'vitest'
import { escapeControlChars, hasControlChars, quoteUntrusted } from './safe-text.js'

test('default: ANSI, OSC, C1 CSI and bidi overrides come out as visible \\uXXXX text', () => {
  const hostile = 'ops-\u001b[31malice\u001b]0;pwned\u0007\u009b2J\u202eevil\r'
  const safe = escapeControlChars(hostile)
  expect(safe).toBe('ops-\\u001b[31malice\\u001b]0;pwned\\u0007\\u009b2J\\u202eevil\\u000d')
  expect(hasControlChars(safe)).toBe(false)
  expect(hasControlChars(hostile)).toBe(true)
})

test('behavior: keepNewlines keeps only \\n; the escape keeps JSON valid and equal', () => {
  expect(escapeControlChars('a\nb\tc', { keepNewlines: true })).toBe('a\nb\\u0009c')
  const json = JSON.stringify({ id: 'x\u009by\u202e' }, null, 2)
  expect(JSON.parse(escapeControlChars(json, { keepNewlines: true }))).toEqual({ id: 'x\u009by\u202e' })
  expect(quoteUntrusted(`${'a'.repeat(100)}\u001b`, 10)).toBe('"aaaaaaaaaa..."')
})
