import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, test } from 'vitest'

const docsDir = dirname(fileURLToPath(import.meta.url))

/**
 * Where the shared spec lives next to a checkout (`../shared/spec`); `SLL_SHARED_SPEC_DIR` overrides it
 * (a worktree elsewhere). CI's clean clone has neither, and the comparisons are then skipped.
 */
const sharedSpecDir = process.env.SLL_SHARED_SPEC_DIR ?? join(docsDir, '..', '..', 'shared', 'spec')

/** The documents this project owns as copies of the shared spec: they must stay byte-identical. */
const copies = ['plan-cli.md', 'check-plan.mjs', 'examples/policy.yaml', 'examples/snapshot.json']

describe('docs/', () => {
  test('default: every owned copy is in the repository', () => {
    for (const file of copies) expect(existsSync(join(docsDir, file)), file).toBe(true)
  })

  for (const file of copies) {
    const shared = join(sharedSpecDir, file)
    test.skipIf(!existsSync(shared))(
      `behavior: docs/${file} is byte-identical to ../shared/spec/${file} (plan-cli.md: then its extensions)`,
      () => {
        const ours = readFileSync(join(docsDir, file))
        const theirs = readFileSync(shared)
        if (file !== 'plan-cli.md') return expect(ours.equals(theirs)).toBe(true)
        // plan-cli.md: the shared contract byte for byte, then this implementation's compatible extensions.
        expect(ours.subarray(0, theirs.length).equals(theirs)).toBe(true)
        expect(ours.subarray(theirs.length).toString()).toMatch(/^\n## Extensions of this implementation\n/)
      },
    )
  }
})
