import { quoteUntrusted } from '../lib/safe-text.js'
import { SnapshotValidationError } from './input-errors.js'
import { findExcessiveNesting, formatBytes, MAX_SNAPSHOT_BYTES } from './input-limits.js'
import { type Snapshot, snapshotSchema } from './snapshot.js'
import { deferLocated, formatPath, type LocatedDocument, offsetPosition } from './source-map.js'
import { locateIssues, summarizeIssues } from './zod-issues.js'

function jsonSyntaxPosition(text: string, message: string): { line: number; column: number } {
  const m = /position (\d+)/.exec(message)
  return offsetPosition(text, m ? Number(m[1]) : text.length)
}

/**
 * Parses and validates snapshot JSON (spec `docs/plan-cli.md`). Pure (no I/O). Text over
 * {@link MAX_SNAPSHOT_BYTES} or nested too deeply is refused before JSON.parse; positions (a slower YAML
 * parse) are computed only when there is an error to report.
 *
 * @throws {SnapshotValidationError} for a JSON syntax error, a file too large or too deeply nested, a
 *   schema violation (e.g. a missing rate model field, an absurd amount, a market id outside the safe
 *   alphabet) or an inconsistent market (totalBorrow > totalSupply, position > totalSupply, duplicate id).
 */
export function parseSnapshot(text: string, fileName: string): Snapshot {
  if (text.length > MAX_SNAPSHOT_BYTES) {
    throw new SnapshotValidationError(
      { file: fileName, line: 0, column: 0, path: '' },
      `the file holds ${text.length} characters; a snapshot may hold at most ${formatBytes(MAX_SNAPSHOT_BYTES)}`,
      'Is this a snapshot file? Write a fresh one with `sll snapshot > snapshot.json`.',
    )
  }
  const tooDeep = findExcessiveNesting(text)
  if (tooDeep) {
    throw new SnapshotValidationError(
      { file: fileName, ...offsetPosition(text, tooDeep.offset), path: '' },
      tooDeep.message,
      tooDeep.instruction,
    )
  }
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (error) {
    const message = (error as Error).message
    throw new SnapshotValidationError(
      { file: fileName, ...jsonSyntaxPosition(text, message), path: '' },
      `JSON syntax error: ${message}`,
      'Fix the JSON syntax at this position.',
    )
  }
  const doc = deferLocated(text)
  const parsed = snapshotSchema.safeParse(raw)
  if (!parsed.success) {
    const issues = locateIssues(parsed.error.issues, doc, fileName)
    const first = issues[0]!
    throw new SnapshotValidationError(first, summarizeIssues(issues), first.instruction)
  }
  validateSnapshot(parsed.data, { fileName, doc })
  return parsed.data
}

/**
 * Consistency rules beyond the schema: totalBorrow <= totalSupply, position <= totalSupply,
 * supplyCap not negative, unique market ids.
 *
 * @throws {SnapshotValidationError}
 */
export function validateSnapshot(
  snapshot: Snapshot,
  where: { fileName: string; doc?: LocatedDocument } = { fileName: '<snapshot>' },
): void {
  const at = (path: (string | number)[]) => ({
    file: where.fileName,
    ...(where.doc ? where.doc.locate(path) : { line: 0, column: 0 }),
    path: formatPath(path),
  })
  const seen = new Set<string>()
  snapshot.markets.forEach((m, i) => {
    if (seen.has(m.id)) {
      throw new SnapshotValidationError(
        at(['markets', i, 'id']),
        `duplicate market id ${quoteUntrusted(m.id)}`,
        'List each market once in the snapshot.',
      )
    }
    seen.add(m.id)
    const supply = Number(m.totalSupply)
    if (Number(m.totalBorrow) > supply) {
      throw new SnapshotValidationError(
        at(['markets', i, 'totalBorrow']),
        `totalBorrow ${m.totalBorrow} exceeds totalSupply ${m.totalSupply} for ${m.id}`,
        'A market cannot lend more than it holds: re-read the market (totalBorrow <= totalSupply).',
      )
    }
    if (Number(m.position) > supply) {
      throw new SnapshotValidationError(
        at(['markets', i, 'position']),
        `position ${m.position} exceeds totalSupply ${m.totalSupply} for ${m.id}`,
        'totalSupply includes our position: re-read the market (position <= totalSupply).',
      )
    }
  })
}
