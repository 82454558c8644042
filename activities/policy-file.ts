import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { parse } from 'yaml'
import { NonRetryableError } from '../lib/errors.js'

/** A policy file could not be read. */
export class PolicyFileUnreadableError extends NonRetryableError {
  override readonly name = 'PolicyFileUnreadableError'
}

/** What a workflow pins: the file's content hash and its validated name. */
export type LoadedPolicyRef = { path: string; sha256: string; name: string; bytes: number }

/** sha256 of a file's exact bytes, hex: the identity of a policy version. */
export function sha256Hex(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex')
}

/**
 * Reads a policy file and returns its content hash and name.
 *
 * @throws {PolicyFileUnreadableError} when the file is missing or unreadable.
 */
export async function readPolicyRef(path: string): Promise<LoadedPolicyRef> {
  let bytes: Buffer
  try {
    bytes = await readFile(path)
  } catch (error) {
    throw new PolicyFileUnreadableError(`cannot read policy file ${path}: ${(error as Error).message}`, {
      instruction: 'Check the path (relative to the worker working directory) and permissions.',
      cause: error,
    })
  }
  const doc = parse(bytes.toString('utf8')) as { name?: unknown } | null
  const name = typeof doc?.name === 'string' ? doc.name : '(unnamed)'
  return { path, sha256: sha256Hex(bytes), name, bytes: bytes.length }
}
