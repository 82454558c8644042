import { readPolicyRef } from './policy-file.js'

/** Dependencies every activity may need, created once per worker process. */
export type ActivityDeps = Record<string, never>

/**
 * Builds the activity implementations registered on the worker. Workflows type their proxies
 * with `ReturnType<typeof createActivities>` (type-only import).
 */
export function createActivities(_deps: ActivityDeps = {}) {
  return {
    /** Reads a policy file: content hash and name (the version a cycle pins). */
    readPolicyRef: (input: { path: string }) => readPolicyRef(input.path),
  }
}

/** The activity interface as workflows see it. */
export type Activities = ReturnType<typeof createActivities>
