import { defineConfig } from 'vitest/config'

/**
 * Two projects:
 * - `unit`: pure and process-local tests (`x.test.ts` next to `x.ts`), no servers.
 * - `integration`: tests that need the real Temporal dev server (`*.temporal.test.ts`, `test/**`) or
 *   the local anvil devnet (`*.devnet.test.ts`). They run one file at a time: they share fixed ports.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['**/*.test.ts'],
          exclude: [
            'node_modules/**',
            'dist/**',
            'test/**',
            '**/*.devnet.test.ts',
            '**/*.temporal.test.ts',
            '**/*.cluster.test.ts',
          ],
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/**/*.test.ts', '**/*.devnet.test.ts', '**/*.temporal.test.ts'],
          // `*.cluster.test.ts` run on their own Temporal cluster: `npm run test:cluster` (vitest.cluster.config.ts).
          exclude: ['node_modules/**', 'dist/**', '**/*.cluster.test.ts'],
          globalSetup: ['test/global-setup.ts'],
          pool: 'forks',
          poolOptions: { forks: { singleFork: true } },
          testTimeout: 180_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
})
