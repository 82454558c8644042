import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { devnetArtifactsDir } from '../artifact.js'

const require = createRequire(import.meta.url)
const contractsDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'contracts')

/** Our Solidity sources (compiled with solc 0.8.37). */
const ownSources = [
  'DevnetToken.sol',
  'SavingsVault.sol',
  'DevnetPsm.sol',
  'Multicall3.sol',
  'MorphoTypes.sol',
  'AdaptiveCurveIrm.sol',
  'MorphoVault.sol',
  'sll/ALMProxy.sol',
  'sll/RateLimits.sol',
  'sll/RateLimitKeys.sol',
  'sll/Psm3.sol',
  'sll/ControllerBase.sol',
  'sll/MainnetController.sol',
  'sll/ForeignController.sol',
  // CCTP V1 stand-ins (devnet/build/cctp.ts)
  'cctp/CctpMessageTransmitter.sol',
  'cctp/CctpTokenMinter.sol',
  'cctp/CctpTokenMessenger.sol',
]
/** Morpho Blue sources from the npm package (compiled with solc 0.8.19, like production). */
const morphoSources = ['Morpho.sol', 'mocks/OracleMock.sol']

type SolcOutput = {
  errors?: Array<{ severity: string; formattedMessage: string }>
  contracts?: Record<string, Record<string, { abi: unknown; evm: { bytecode: { object: string } } }>>
}
type Solc = { compile(input: string, callbacks?: unknown): string; version(): string }

function resolveImport(path: string): { contents: string } | { error: string } {
  for (const candidate of [join(contractsDir, path), join(process.cwd(), 'node_modules', path)]) {
    if (existsSync(candidate)) return { contents: readFileSync(candidate, 'utf8') }
  }
  try {
    return { contents: readFileSync(require.resolve(path), 'utf8') }
  } catch {
    return { error: `not found: ${path}` }
  }
}

function runSolc(solc: Solc, sources: Record<string, string>, settings: object, importRoot?: string) {
  const input = {
    language: 'Solidity',
    sources: Object.fromEntries(Object.entries(sources).map(([name, content]) => [name, { content }])),
    settings: { ...settings, outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } } },
  }
  const resolver = importRoot
    ? (path: string) => {
        const file = join(importRoot, path)
        return existsSync(file) ? { contents: readFileSync(file, 'utf8') } : { error: `not found: ${path}` }
      }
    : resolveImport
  const output = JSON.parse(solc.compile(JSON.stringify(input), { import: resolver })) as SolcOutput
  const errors = (output.errors ?? []).filter((error) => error.severity === 'error')
  if (errors.length > 0) throw new Error(errors.map((error) => error.formattedMessage).join('\n'))
  return output.contracts ?? {}
}

/**
 * Compiles the devnet contracts into `devnet/artifacts/<Name>.json` (abi + bytecode). Skips the work
 * when the sources and compiler versions are unchanged (hash in `devnet/artifacts/sources.sha256`).
 */
export function compileDevnetContracts(log: (line: string) => void = console.log): void {
  const solc = require('solc') as Solc
  const solc0819 = require('solc0819') as Solc
  const morphoRoot = dirname(require.resolve('@morpho-org/morpho-blue/src/Morpho.sol'))
  const own = Object.fromEntries(
    ownSources.map((file) => [file, readFileSync(join(contractsDir, file), 'utf8')]),
  )
  const morpho = Object.fromEntries(
    morphoSources.map((file) => [file, readFileSync(join(morphoRoot, file), 'utf8')]),
  )
  const hash = createHash('sha256')
    .update(JSON.stringify([solc.version(), solc0819.version(), own, morpho]))
    .digest('hex')
  const hashFile = join(devnetArtifactsDir, 'sources.sha256')
  if (existsSync(hashFile) && readFileSync(hashFile, 'utf8').trim() === hash) {
    log('contracts: artifacts up to date')
    return
  }
  const started = Date.now()
  mkdirSync(devnetArtifactsDir, { recursive: true })
  const outputs = [
    runSolc(solc, own, { optimizer: { enabled: true, runs: 200 }, evmVersion: 'cancun' }),
    runSolc(
      solc0819,
      morpho,
      { optimizer: { enabled: true, runs: 999999 }, evmVersion: 'paris' },
      morphoRoot,
    ),
  ]
  const wanted = new Set([...ownSources, ...morphoSources])
  for (const contracts of outputs) {
    for (const [file, byName] of Object.entries(contracts)) {
      if (!wanted.has(file)) continue
      for (const [contractName, compiled] of Object.entries(byName)) {
        if (compiled.evm.bytecode.object === '') continue
        const artifact = { contractName, abi: compiled.abi, bytecode: `0x${compiled.evm.bytecode.object}` }
        writeFileSync(join(devnetArtifactsDir, `${contractName}.json`), `${JSON.stringify(artifact)}\n`)
      }
    }
  }
  writeFileSync(hashFile, `${hash}\n`)
  log(`contracts: compiled in ${Date.now() - started} ms`)
}
