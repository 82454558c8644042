import { loadPolicyFile } from '../policies/policy-file.js'
import type { Policy } from '../policies/policy-schema.js'

/** The identity of a pinned policy version: file, content hash, name. */
export type LoadedPolicyRef = { path: string; sha256: string; name: string }

/**
 * Reads and validates a policy file (whole-file rejection with file:line:column on any error) and returns
 * the validated policy with its content hash. The policy crosses into workflow history as plain JSON,
 * without its source text or field positions.
 *
 * @throws {InputFileUnreadableError} when the file is missing or unreadable.
 * @throws {PolicyValidationError} when it is not a valid policy.
 */
export async function loadPolicy(path: string): Promise<{ policy: Policy; ref: LoadedPolicyRef }> {
  const loaded = await loadPolicyFile(path)
  const { source: _positions, ...policy } = loaded.policy
  return { policy, ref: { path, sha256: loaded.sha256, name: policy.name } }
}
