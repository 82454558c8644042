import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Abi, Hex } from 'viem'

/** A compiled contract: ABI, creation bytecode and (for Aave) library link references. */
export type Artifact = {
  contractName: string
  abi: Abi
  bytecode: Hex
  linkReferences?: Record<string, Record<string, Array<{ start: number; length: number }>>>
}

/** Directory of the devnet's own compiled contracts (`npm run devnet:build` writes it). */
export const devnetArtifactsDir: string = join(dirname(fileURLToPath(import.meta.url)), 'artifacts')

const require = createRequire(import.meta.url)
const cache = new Map<string, Artifact>()

function readArtifact(file: string): Artifact {
  const hit = cache.get(file)
  if (hit) return hit
  const artifact = JSON.parse(readFileSync(file, 'utf8')) as Artifact
  cache.set(file, artifact)
  return artifact
}

/** Loads one of the devnet's own contracts by name, e.g. `SavingsVault`, `Morpho`. */
export function devnetArtifact(name: string): Artifact {
  return readArtifact(join(devnetArtifactsDir, `${name}.json`))
}

/**
 * Loads an Aave v3.0.2 artifact from `@aave/core-v3` by its path under `artifacts/contracts/`,
 * e.g. `protocol/pool/Pool.sol/Pool`.
 */
export function aaveArtifact(path: string): Artifact {
  return readArtifact(require.resolve(`@aave/core-v3/artifacts/contracts/${path}.json`))
}

/** Replaces every library placeholder in `artifact.bytecode` with the address from `libraries`. */
export function linkBytecode(artifact: Artifact, libraries: Record<string, Hex>): Hex {
  let code = artifact.bytecode.slice(2)
  for (const byLibrary of Object.values(artifact.linkReferences ?? {})) {
    for (const [library, refs] of Object.entries(byLibrary)) {
      const address = libraries[library]
      if (!address) throw new Error(`library ${library} of ${artifact.contractName} is not deployed`)
      for (const ref of refs) {
        code =
          code.slice(0, ref.start * 2) +
          address.slice(2).toLowerCase() +
          code.slice((ref.start + ref.length) * 2)
      }
    }
  }
  return `0x${code}`
}
