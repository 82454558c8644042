import { createHash } from 'node:crypto'
import { open } from 'node:fs/promises'
import { NonRetryableError } from '../lib/errors.js'
import { PolicyValidationError } from './input-errors.js'
import { formatBytes, MAX_POLICY_BYTES } from './input-limits.js'
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

/** How much of an input file may be read, and the error for a file that holds more. */
export type ReadLimit = { maxBytes: number; tooLarge: (size: string) => Error }

/**
 * Reads a text file of at most `limit.maxBytes`, mapping failures to {@link InputFileUnreadableError}.
 * A regular file that is too large is refused from its size alone, before any byte is read; anything
 * else (a pipe, /dev/zero) is read only up to one byte past the limit.
 *
 * @throws {InputFileUnreadableError} when the file cannot be read.
 * @throws the error of `limit.tooLarge` when the file holds more than `limit.maxBytes`.
 */
export async function readInputFile(
  path: string,
  limit: ReadLimit,
): Promise<{ text: string; bytes: Buffer }> {
  let bytes: Buffer
  try {
    const handle = await open(path, 'r')
    try {
      const stat = await handle.stat()
      if (stat.isFile() && stat.size > limit.maxBytes) throw limit.tooLarge(`${stat.size} bytes`)
      const buffer = Buffer.alloc(limit.maxBytes + 1)
      let length = 0
      while (length < buffer.length) {
        const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null)
        if (bytesRead === 0) break
        length += bytesRead
      }
      if (length > limit.maxBytes) throw limit.tooLarge(`more than ${limit.maxBytes} bytes`)
      bytes = buffer.subarray(0, length)
    } finally {
      await handle.close()
    }
  } catch (error) {
    if (error instanceof NonRetryableError) throw error
    throw new InputFileUnreadableError(path, error)
  }
  return { text: bytes.toString('utf8'), bytes }
}

/** The read limit of a policy file: {@link MAX_POLICY_BYTES}. */
export function policyReadLimit(path: string): ReadLimit {
  return {
    maxBytes: MAX_POLICY_BYTES,
    tooLarge: (size) =>
      new PolicyValidationError(
        { file: path, line: 0, column: 0, path: '' },
        `the file holds ${size}; a policy may hold at most ${formatBytes(MAX_POLICY_BYTES)} (${MAX_POLICY_BYTES} bytes)`,
        'Is this the policy file? A policy is a few KB: keep only the markets, groups and limits it needs.',
      ),
  }
}

/** A loaded policy file: the validated policy, its reference (name + sha256 of the bytes) and the text. */
export type LoadedPolicyFile = { policy: Policy; ref: PolicyRef; sha256: string; text: string }

/**
 * Reads and validates a policy file (the edge module: Node I/O and node:crypto live here, not in the
 * pure engine).
 *
 * @throws {InputFileUnreadableError} when the file cannot be read.
 * @throws {PolicyValidationError} when the file is larger than {@link MAX_POLICY_BYTES} or the YAML is
 *   invalid (file:line:column, path, instruction).
 */
export async function loadPolicyFile(path: string): Promise<LoadedPolicyFile> {
  const { text, bytes } = await readInputFile(path, policyReadLimit(path))
  const policy = parsePolicy(text, path)
  const sha256 = sha256Hex(bytes)
  return { policy, ref: { name: policy.name, sha256 }, sha256, text }
}
