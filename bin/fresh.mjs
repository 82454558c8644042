// Is the built CLI (`dist/cli`, written by `cli/build.ts`) current? Plain JavaScript: it runs before tsx
// is loaded. It stats the files listed in the build's manifest (about 60 stat calls, well under a
// millisecond) and reads and hashes only a file whose mtime or size differs, so a checkout or `touch`
// that leaves the content as it was does not cost the fast path.
import { createHash } from 'node:crypto'
import { readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'

/**
 * @param {string} root repository root
 * @param {string} [distDir] directory of the build, default `<root>/dist/cli`
 * @returns {{ fresh: true, entry: string } | { fresh: false, reason: string }}
 */
export function checkBuild(root, distDir = join(root, 'dist', 'cli')) {
  let manifest
  try {
    manifest = JSON.parse(readFileSync(join(distDir, 'manifest.json'), 'utf8'))
  } catch {
    return { fresh: false, reason: `no build in ${distDir} (npm run build:cli)` }
  }
  if (manifest?.version !== 1 || !Array.isArray(manifest.sources) || typeof manifest.entry !== 'string') {
    return { fresh: false, reason: `unknown manifest in ${distDir}` }
  }
  for (const source of manifest.sources) {
    const file = join(root, source.path)
    let stat
    try {
      stat = statSync(file)
    } catch {
      return { fresh: false, reason: `${source.path} is gone since the build` }
    }
    if (stat.mtimeMs === source.mtimeMs && stat.size === source.size) continue
    if (
      stat.size !== source.size ||
      createHash('sha256').update(readFileSync(file)).digest('hex') !== source.sha256
    ) {
      return { fresh: false, reason: `${source.path} changed since the build` }
    }
  }
  return { fresh: true, entry: join(distDir, manifest.entry) }
}
