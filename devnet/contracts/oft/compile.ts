/**
 * Compiles the devnet OFT sources in this folder with solc-js (offline) and writes one JSON artifact
 * `{ contractName, abi, bytecode }` per contract to `devnet/artifacts/oft/`. The artifacts are committed,
 * so builds do not recompile; rerun after editing a `.sol` file:
 *
 *   npx tsx devnet/contracts/oft/compile.ts
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const repoRoot = resolve(here, '../../..')
const outDir = join(repoRoot, 'devnet/artifacts/oft')

interface SolcOutput {
  errors?: Array<{ severity: string; formattedMessage: string }>
  contracts: Record<string, Record<string, { abi: unknown[]; evm: { bytecode: { object: string } } }>>
}

function findImport(importPath: string): { contents: string } | { error: string } {
  for (const base of [join(repoRoot, 'node_modules'), here]) {
    const full = join(base, importPath)
    if (existsSync(full)) return { contents: readFileSync(full, 'utf8') }
  }
  return { error: `import not found: ${importPath}` }
}

/** Compiles every `.sol` file in this folder and writes the artifacts; returns the contract names. */
export function compileOftContracts(): string[] {
  const require = createRequire(import.meta.url)
  const solc = require('solc') as { compile(input: string, callbacks: object): string; version(): string }
  const files = readdirSync(here).filter((name) => name.endsWith('.sol'))
  const sources = Object.fromEntries(files.map((f) => [f, { content: readFileSync(join(here, f), 'utf8') }]))
  const input = {
    language: 'Solidity',
    sources,
    settings: {
      optimizer: { enabled: true, runs: 200 },
      evmVersion: 'paris',
      outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } },
    },
  }
  const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImport })) as SolcOutput
  const errors = (output.errors ?? []).filter((e) => e.severity === 'error')
  if (errors.length > 0) throw new Error(errors.map((e) => e.formattedMessage).join('\n'))
  mkdirSync(outDir, { recursive: true })
  const names: string[] = []
  for (const file of files) {
    for (const [contractName, c] of Object.entries(output.contracts[file] ?? {})) {
      const artifact = {
        contractName,
        compiler: `solc ${solc.version()}`,
        abi: c.abi,
        bytecode: `0x${c.evm.bytecode.object}`,
      }
      writeFileSync(join(outDir, `${contractName}.json`), `${JSON.stringify(artifact)}\n`)
      names.push(contractName)
    }
  }
  return names
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = Date.now()
  const names = compileOftContracts()
  console.log(`compiled ${names.join(', ')} in ${Date.now() - started} ms -> ${outDir}`)
}
