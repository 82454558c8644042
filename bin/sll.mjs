#!/usr/bin/env node
// Entry point of `npx sll`. Runs the CLI bundled into dist/cli by `npm run build:cli` (the `prepare`
// script: `npm install` and `npm ci` run it) when that build matches the sources; otherwise (never built,
// a source edited since, or SLL_CLI_FROM_SOURCE=1) runs the TypeScript sources through tsx, so an edit
// is never run stale. SLL_DEBUG=1 says which one runs and why.
import { fileURLToPath, pathToFileURL } from 'node:url'
import { checkBuild } from './fresh.mjs'

const build = process.env.SLL_CLI_FROM_SOURCE
  ? { fresh: false, reason: 'SLL_CLI_FROM_SOURCE is set' }
  : checkBuild(fileURLToPath(new URL('..', import.meta.url)))
let main
if (build.fresh) {
  if (process.env.SLL_DEBUG) {
    process.setSourceMapsEnabled(true)
    process.stderr.write(`sll: running the build ${build.entry}\n`)
  }
  ;({ main } = await import(pathToFileURL(build.entry).href))
} else {
  if (process.env.SLL_DEBUG) process.stderr.write(`sll: running the sources through tsx: ${build.reason}\n`)
  const { register } = await import('tsx/esm/api')
  register()
  ;({ main } = await import('../cli/main.ts'))
}
process.exitCode = await main(process.argv.slice(2))
