import { NonRetryableError } from '../lib/errors.js'
import { escapeControlChars } from '../lib/safe-text.js'

/** Where in an input file a problem sits (1-based line and column; 0 when unknown). */
export type SourceLocation = { file: string; line: number; column: number; path: string }

function locationText(at: SourceLocation): string {
  const pos = at.line > 0 ? `:${at.line}:${at.column}` : ''
  return `${escapeControlChars(at.file)}${pos}${at.path ? ` at ${escapeControlChars(at.path)}` : ''}`
}

/**
 * Base of every input error: names the file, line:column and field, and says how to fix it. File name,
 * path and problem come from untrusted input (keys, values, parser snippets): their control characters
 * are escaped, so the message is safe to print to a terminal and to a Temporal failure.
 */
export abstract class InputFileError extends NonRetryableError {
  readonly file: string
  readonly line: number
  readonly column: number
  readonly path: string
  constructor(at: SourceLocation, problem: string, instruction: string) {
    super(`${locationText(at)}: ${escapeControlChars(problem, { keepNewlines: true })}`, { instruction })
    this.file = at.file
    this.line = at.line
    this.column = at.column
    this.path = at.path
  }
}

/** The policy YAML is not valid YAML, or violates the policy schema. */
export class PolicyValidationError extends InputFileError {
  override readonly name = 'PolicyValidationError'
}

/** The snapshot JSON is not valid JSON, or violates the snapshot schema / consistency rules. */
export class SnapshotValidationError extends InputFileError {
  override readonly name = 'SnapshotValidationError'
}

/** The policy names a market the snapshot does not have. */
export class UnknownMarketError extends InputFileError {
  override readonly name = 'UnknownMarketError'
}

/** The policy's constraints cannot all hold for this snapshot. */
export class InfeasibleConstraintsError extends InputFileError {
  override readonly name = 'InfeasibleConstraintsError'
}
