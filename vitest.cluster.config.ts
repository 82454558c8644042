import { defineConfig } from 'vitest/config'

/**
 * `npm run test:cluster`: the production topology (PostgreSQL + a released temporal-server + `sll setup` +
 * two workers + the devnet), as processes on this machine. Needs `apt-get install postgresql` and the
 * server binaries (`node --import tsx scripts/ensure-temporal-server.ts`); no dev server, no global setup.
 */
export default defineConfig({
  test: {
    name: 'cluster',
    include: ['**/*.cluster.test.ts'],
    exclude: ['node_modules/**', 'dist/**'],
    pool: 'forks',
    poolOptions: { forks: { singleFork: true } },
    testTimeout: 600_000,
    hookTimeout: 300_000,
  },
})
