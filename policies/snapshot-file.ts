import { parseSnapshot } from './parse-snapshot.js'
import { readInputFile } from './policy-file.js'
import type { Snapshot } from './snapshot.js'

/**
 * Reads and validates a snapshot JSON file.
 *
 * @throws {InputFileUnreadableError} when the file cannot be read.
 * @throws {SnapshotValidationError} when the JSON is invalid or inconsistent.
 */
export async function loadSnapshotFile(path: string): Promise<Snapshot> {
  const { text } = await readInputFile(path)
  return parseSnapshot(text, path)
}
