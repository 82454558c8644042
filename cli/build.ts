/**
 * `npm run build:cli` (also the `prepare` script, so `npm install` / `npm ci` run it): bundles the CLI into
 * `dist/cli/` with esbuild. `main.js` holds the argument parsing and help; each command is its own chunk,
 * loaded when it runs; node_modules stay external. `manifest.json` records every source file that went in
 * (mtime, size, sha256), so `bin/sll.mjs` runs the build only while the sources are unchanged.
 */
import { createHash } from 'node:crypto'
import { existsSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join, relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build, type Metafile, type Plugin } from 'esbuild'
import { describeError, NonRetryableError } from '../lib/errors.js'

/** One source file of the build as it was when built. */
export type SourceStamp = { path: string; mtimeMs: number; size: number; sha256: string }

/** `dist/cli/manifest.json`: read by `bin/fresh.mjs`. */
export type CliManifest = {
  version: 1
  /** Entry module, relative to the manifest's directory. */
  entry: string
  /** Paths relative to the repository root, sorted. */
  sources: SourceStamp[]
}

/** Options of {@link buildCli}. */
export type BuildCliOptions = {
  /** Repository root. */
  root: string
  /** Output directory; default `<root>/dist/cli`. Replaced as a whole when the build succeeds. */
  outdir?: string
}

/** What {@link buildCli} wrote: the manifest, and esbuild's metafile (inputs and outputs with their imports). */
export type BuildCliResult = { manifest: CliManifest; metafile: Metafile }

/** A bundled module uses `import.meta` in a way the bundle cannot keep (its chunk lives elsewhere). */
export class UnbundleableImportMetaError extends NonRetryableError {
  override readonly name = 'UnbundleableImportMetaError'
}

/** The repository root (this file is `cli/build.ts`). */
export const repoRoot: string = fileURLToPath(new URL('..', import.meta.url))

/** Files that shape the output without being imported: a change to them also makes the build stale. */
const buildInputs = ['cli/build.ts', 'tsconfig.json']

const toPosix = (path: string) => path.split(sep).join('/')

/**
 * `import.meta.url` in a bundled module would name the chunk in `dist/cli/`, not the source file, so paths
 * built from it (e.g. `chains/devnet.ts` finding `devnet/state/`) would point into `dist/`. Each use is
 * rewritten to the source file's URL, relative to the chunk, so the repository can still move as a whole.
 */
function sourceImportMeta(outdir: string, stamps: Map<string, Omit<SourceStamp, 'path'>>): Plugin {
  return {
    name: 'source-import-meta',
    setup(pluginBuild) {
      pluginBuild.onLoad({ filter: /\.ts$/ }, async (args) => {
        // Stamped from the bytes compiled (mtime taken before the read): an edit racing the build shows
        // as a changed file, never as a fresh one.
        const { mtimeMs, size } = statSync(args.path)
        const bytes = await readFile(args.path)
        stamps.set(args.path, { mtimeMs, size, sha256: createHash('sha256').update(bytes).digest('hex') })
        const text = bytes.toString('utf8')
        if (!text.includes('import.meta')) return { contents: text, loader: 'ts' }
        if (/import\.meta\.(dirname|filename|resolve)\b/.test(text)) {
          throw new UnbundleableImportMetaError(
            `${args.path} uses import.meta.dirname/filename/resolve, which the CLI bundle cannot map back to the source.`,
            { instruction: 'Use fileURLToPath(new URL(..., import.meta.url)) instead.' },
          )
        }
        const url = JSON.stringify(toPosix(relative(outdir, args.path)))
        return {
          contents: text.replaceAll('import.meta.url', `new URL(${url}, import.meta.url).href`),
          loader: 'ts',
        }
      })
    },
  }
}

function stamp(root: string, path: string): Omit<SourceStamp, 'path'> {
  const file = join(root, path)
  const { mtimeMs, size } = statSync(file)
  return { mtimeMs, size, sha256: createHash('sha256').update(readFileSync(file)).digest('hex') }
}

/**
 * Bundles `cli/main.ts` into `outdir` (written beside it first, then swapped in, so a running `sll` never
 * sees half a build) and writes the manifest.
 */
export async function buildCli(options: BuildCliOptions): Promise<BuildCliResult> {
  const root = resolve(options.root)
  const outdir = resolve(options.outdir ?? join(root, 'dist', 'cli'))
  const staging = `${outdir}.building-${process.pid}`
  rmSync(staging, { recursive: true, force: true })
  const stamps = new Map<string, Omit<SourceStamp, 'path'>>()
  try {
    const result = await build({
      absWorkingDir: root,
      entryPoints: { main: join(root, 'cli', 'main.ts') },
      outdir: staging,
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      packages: 'external',
      // Function and class names stay as written (stack traces, anything that goes by `.name`).
      keepNames: true,
      sourcemap: true,
      metafile: true,
      logLevel: 'warning',
      // The chunks sit next to main.js: the import.meta rewrite computes paths from `outdir` itself.
      chunkNames: '[name]-[hash]',
      plugins: [sourceImportMeta(outdir, stamps)],
    })
    const sources = [
      ...Object.keys(result.metafile.inputs).filter((path) => !path.includes('node_modules/')),
      ...buildInputs,
    ]
      .map((path) => toPosix(relative(root, resolve(root, path))))
      .sort()
      .map((path) => ({ path, ...(stamps.get(join(root, path)) ?? stamp(root, path)) }))
    const manifest: CliManifest = { version: 1, entry: 'main.js', sources }
    writeFileSync(join(staging, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`)
    const old = `${outdir}.old-${process.pid}`
    if (existsSync(outdir)) renameSync(outdir, old)
    renameSync(staging, outdir)
    rmSync(old, { recursive: true, force: true })
    return { manifest, metafile: result.metafile }
  } finally {
    rmSync(staging, { recursive: true, force: true })
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  // `--if-possible` (the `prepare` script): a failed build must not fail `npm install`; sll then runs
  // the sources through tsx, only slower.
  const ifPossible = process.argv.includes('--if-possible')
  const started = performance.now()
  try {
    const { manifest } = await buildCli({ root: repoRoot })
    console.error(
      `built dist/cli from ${manifest.sources.length} source files in ${(performance.now() - started).toFixed(0)} ms`,
    )
  } catch (error) {
    console.error(`cli build failed: ${describeError(error)}`)
    if (ifPossible) console.error('sll will run the TypeScript sources through tsx (slower start).')
    process.exitCode = ifPossible ? 0 : 1
  }
}
