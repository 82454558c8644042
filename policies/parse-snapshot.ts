import { SnapshotValidationError } from './input-errors.js'
import { type Snapshot, snapshotSchema } from './snapshot.js'
import { formatPath, type LocatedDocument, parseLocated } from './source-map.js'
import { locateIssues, summarizeIssues } from './zod-issues.js'

function jsonSyntaxPosition(text: string, message: string): { line: number; column: number } {
  const m = /position (\d+)/.exec(message)
  const offset = m ? Number(m[1]) : text.length
  const before = text.slice(0, offset)
  const line = before.split('\n').length
  const column = offset - before.lastIndexOf('\n')
  return { line, column }
}

/**
 * Parses and validates snapshot JSON (spec `docs/plan-cli.md`). Pure (no I/O).
 *
 * @throws {SnapshotValidationError} for a JSON syntax error, a schema violation (e.g. a missing rate
 *   model field) or an inconsistent market (totalBorrow > totalSupply, position > totalSupply, duplicate id).
 */
export function parseSnapshot(text: string, fileName: string): Snapshot {
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
  const doc = parseLocated(text)
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
        `duplicate market id "${m.id}"`,
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
