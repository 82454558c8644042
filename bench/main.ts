/**
 * `npm run bench`: runs every benchmark suite and prints its numbers.
 * Each suite is a module exporting `run(): Promise<void>` that prints its own table.
 * Pass suite names to run a subset: `npm run bench -- plan`.
 */
type Suite = { name: string; load: () => Promise<{ run: () => Promise<void> }> }

const suites: Suite[] = [
  { name: 'plan', load: () => import('./plan.js') },
  { name: 'engine-limits', load: () => import('./engine-limits.js') },
  { name: 'tx-submit', load: () => import('./tx-submit.js') },
  { name: 'layerzero-devnet', load: () => import('../devnet/layerzero/bench.js') },
  { name: 'snapshot', load: () => import('./snapshot.js') },
  { name: 'devnet-boot', load: () => import('../devnet/bench.js') },
  { name: 'moves', load: () => import('./moves.js') },
  { name: 'cli', load: () => import('./cli.js') },
]

const only = process.argv.slice(2)
for (const suite of suites) {
  if (only.length > 0 && !only.includes(suite.name)) continue
  console.log(`\n== ${suite.name} ==`)
  const mod = await suite.load()
  await mod.run()
}
