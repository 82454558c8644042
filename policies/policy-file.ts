import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { NonRetryableError } from '../lib/errors.js'
import { parsePolicy } from './parse-policy.js'
import type { Policy, PolicyRef } from './policy-schema.js'

/** An input file (policy or snapshot) cannot be read. */
export class InputFileUnreadableError extends NonRetryableError {
  override readonly name = 'InputFileUnreadableError'
  readonly file: string
  constructor(file: string, cause: unknown) {
    super(`${file}: cannot read file: ${(cause as Error)?.message ?? String(cause)}`, {
      instruction: 'Check the path and the file permissions.',
      cause,
    })
    this.file = file
  }
}

/** sha256 (hex) of a file's exact bytes: the identity of a policy version. */
export function sha256Hex(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex')
}

/** Reads a text file, mapping failures to {@link InputFileUnreadableError}. */
export async function readInputFile(path: string): Promise<{ text: string; bytes: Uint8Array }> {
  try {
    const bytes = await readFile(path)
    return { text: bytes.toString('utf8'), bytes }
  } catch (error) {
    throw new InputFileUnreadableError(path, error)
  }
}

/** A loaded policy file: the validated policy, its reference (name + sha256 of the bytes) and the text. */
export type LoadedPolicyFile = { policy: Policy; ref: PolicyRef; sha256: string; text: string }

/**
 * Reads and validates a policy file (the edge module: Node I/O and node:crypto live here, not in the
 * pure engine).
 *
 * @throws {InputFileUnreadableError} when the file cannot be read.
 * @throws {PolicyValidationError} when the YAML is invalid (file:line:column, path, instruction).
 */
export async function loadPolicyFile(path: string): Promise<LoadedPolicyFile> {
  const { text, bytes } = await readInputFile(path)
  const policy = parsePolicy(text, path)
  const sha256 = sha256Hex(bytes)
  return { policy, ref: { name: policy.name, sha256 }, sha256, text }
}
