/**
 * Characters that must never reach a terminal raw from untrusted input: C0 controls (ESC starts ANSI
 * sequences, CR overwrites a line, BS erases), DEL, C1 controls (U+009B is a one-byte CSI), the line and
 * paragraph separators, and the bidirectional overrides and isolates that reorder what is shown.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const unsafe = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const unsafeButNewline = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g

const toEscape = (char: string) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`

/**
 * Escapes control characters as visible `\uXXXX` text, so an untrusted string (an approver id, a YAML
 * key, a file name) printed to a terminal cannot move the cursor, recolor, clear the screen or reorder
 * the line. Pure. The escape is also valid inside a JSON string, so JSON output stays valid and keeps
 * its meaning.
 *
 * @param options.keepNewlines keep `\n` (for our own multi-line messages); every other control is escaped.
 * @example escapeControlChars('ops-\u001b[31malice') // 'ops-\\u001b[31malice'
 */
export function escapeControlChars(text: string, options: { keepNewlines?: boolean } = {}): string {
  return text.replace(options.keepNewlines ? unsafeButNewline : unsafe, toEscape)
}

/** Whether `text` holds a character that {@link escapeControlChars} would escape (newlines included). */
export function hasControlChars(text: string): boolean {
  unsafe.lastIndex = 0
  return unsafe.test(text)
}

/**
 * An untrusted value quoted for an error message: control characters escaped, at most `max` characters
 * (longer values end in `...`).
 */
export function quoteUntrusted(value: unknown, max = 80): string {
  const text = escapeControlChars(String(value))
  return `"${text.length > max ? `${text.slice(0, max)}...` : text}"`
}
