import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Abi, Hex } from 'viem'

/** ABI + creation bytecode of one contract. */
export interface ContractArtifact {
  abi: Abi
  bytecode: Hex
}

const require = createRequire(import.meta.url)
const here = dirname(fileURLToPath(import.meta.url))

function loadPackageArtifact(packageName: string, artifactPath: string): ContractArtifact {
  const packageJson = require.resolve(`${packageName}/package.json`)
  const json = JSON.parse(readFileSync(join(dirname(packageJson), artifactPath), 'utf8')) as ContractArtifact
  return { abi: json.abi, bytecode: json.bytecode }
}

function loadOftArtifact(name: string): ContractArtifact {
  const json = JSON.parse(
    readFileSync(join(here, '../artifacts/oft', `${name}.json`), 'utf8'),
  ) as ContractArtifact
  return { abi: json.abi, bytecode: json.bytecode }
}

const messagelib = '@layerzerolabs/lz-evm-messagelib-v2'
const protocol = '@layerzerolabs/lz-evm-protocol-v2'

let cache: LayerZeroArtifacts | undefined

/** Every contract the devnet LayerZero mesh deploys (npm release bytecode + our compiled OFTs). */
export interface LayerZeroArtifacts {
  endpoint: ContractArtifact
  sendUln302: ContractArtifact
  receiveUln302: ContractArtifact
  priceFeed: ContractArtifact
  executor: ContractArtifact
  executorFeeLib: ContractArtifact
  dvn: ContractArtifact
  dvnFeeLib: ContractArtifact
  oft18: ContractArtifact
  oft6: ContractArtifact
  oftAdapter: ContractArtifact
  mockToken: ContractArtifact
}

/** Loads (once per process) the LayerZero V2 artifacts from npm and the committed devnet OFT artifacts. */
export function layerZeroArtifacts(): LayerZeroArtifacts {
  cache ??= {
    endpoint: loadPackageArtifact(protocol, 'artifacts/contracts/EndpointV2.sol/EndpointV2.json'),
    sendUln302: loadPackageArtifact(
      messagelib,
      'artifacts/contracts/uln/uln302/SendUln302.sol/SendUln302.json',
    ),
    receiveUln302: loadPackageArtifact(
      messagelib,
      'artifacts/contracts/uln/uln302/ReceiveUln302.sol/ReceiveUln302.json',
    ),
    priceFeed: loadPackageArtifact(messagelib, 'artifacts/contracts/PriceFeed.sol/PriceFeed.json'),
    executor: loadPackageArtifact(messagelib, 'artifacts/contracts/Executor.sol/Executor.json'),
    executorFeeLib: loadPackageArtifact(
      messagelib,
      'artifacts/contracts/ExecutorFeeLib.sol/ExecutorFeeLib.json',
    ),
    dvn: loadPackageArtifact(messagelib, 'artifacts/contracts/uln/dvn/DVN.sol/DVN.json'),
    dvnFeeLib: loadPackageArtifact(messagelib, 'artifacts/contracts/uln/dvn/DVNFeeLib.sol/DVNFeeLib.json'),
    oft18: loadOftArtifact('DevnetOFT'),
    oft6: loadOftArtifact('DevnetOFT6'),
    oftAdapter: loadOftArtifact('DevnetOFTAdapter'),
    mockToken: loadOftArtifact('DevnetMockToken'),
  }
  return cache
}
