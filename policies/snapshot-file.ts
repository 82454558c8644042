import { SnapshotValidationError } from './input-errors.js'
import { formatBytes, MAX_SNAPSHOT_BYTES } from './input-limits.js'
import { parseSnapshot } from './parse-snapshot.js'
import { readInputFile } from './policy-file.js'
import type { Snapshot } from './snapshot.js'

/**
 * Reads and validates a snapshot JSON file.
 *
 * @throws {InputFileUnreadableError} when the file cannot be read.
 * @throws {SnapshotValidationError} when the file is larger than {@link MAX_SNAPSHOT_BYTES}, or the JSON
 *   is invalid or inconsistent.
 */
export async function loadSnapshotFile(path: string): Promise<Snapshot> {
  const { text } = await readInputFile(path, {
    maxBytes: MAX_SNAPSHOT_BYTES,
    tooLarge: (size) =>
      new SnapshotValidationError(
        { file: path, line: 0, column: 0, path: '' },
        `the file holds ${size}; a snapshot may hold at most ${formatBytes(MAX_SNAPSHOT_BYTES)} (${MAX_SNAPSHOT_BYTES} bytes)`,
        'Is this a snapshot file? Write a fresh one with `sll snapshot > snapshot.json`.',
      ),
  })
  return parseSnapshot(text, path)
}
