import { type ChildProcess, spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import { createServer } from 'node:net'
import {
  type Abi,
  type Address,
  createPublicClient,
  createWalletClient,
  type Hex,
  http,
  type LocalAccount,
  parseEther,
} from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import type { ChainEndpoint } from '../../clients.js'
import { viemChain } from '../../clients.js'

/** Well-known anvil dev keys (public test mnemonic; worthless outside a local node). */
export const anvilKeys = [
  '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80',
  '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d',
  '0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a',
  '0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6',
] as const satisfies readonly Hex[]

/** A running anvil started by {@link startAnvil}. */
export type RunningAnvil = { endpoint: ChainEndpoint; pid: number; stop: () => Promise<void> }

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

/** Starts the anvil binary of `@foundry-rs/anvil-linux-amd64` on a free port (automine) and waits until it answers. */
export async function startAnvil(options: { chainId?: number; name?: string } = {}): Promise<RunningAnvil> {
  const chainId = options.chainId ?? 31337
  const binary = createRequire(import.meta.url).resolve('@foundry-rs/anvil-linux-amd64/bin/anvil')
  const port = await freePort()
  const child: ChildProcess = spawn(
    binary,
    ['--host', '127.0.0.1', '--port', String(port), '--chain-id', String(chainId), '--silent'],
    { stdio: 'ignore' },
  )
  const pid = child.pid
  if (pid === undefined) throw new Error('anvil did not start')
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const endpoint: ChainEndpoint = {
    name: options.name ?? 'devtest',
    chainId,
    rpcUrl: `http://127.0.0.1:${port}`,
  }
  const client = createPublicClient({ transport: http(endpoint.rpcUrl, { timeout: 1_000, retryCount: 0 }) })
  const deadline = Date.now() + 15_000
  for (;;) {
    try {
      await client.getChainId()
      break
    } catch (error) {
      if (Date.now() > deadline) {
        process.kill(pid, 'SIGKILL')
        throw error
      }
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
  }
  return {
    endpoint,
    pid,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        process.kill(pid, 'SIGTERM')
        await exited
      }
    },
  }
}

/** Deploys the Aave `MintableERC20` mock from `deployer` and mints `mintTo` 1,000,000 tokens (18 decimals). */
export async function deployMintableErc20(
  endpoint: ChainEndpoint,
  deployer: LocalAccount,
  mintTo: Address[],
): Promise<Address> {
  const artifact = createRequire(import.meta.url)(
    '@aave/core-v3/artifacts/contracts/mocks/tokens/MintableERC20.sol/MintableERC20.json',
  ) as { abi: Abi; bytecode: Hex }
  const chain = viemChain(endpoint)
  const wallet = createWalletClient({
    account: deployer,
    chain,
    transport: http(endpoint.rpcUrl),
    pollingInterval: 50,
  })
  const client = createPublicClient({ chain, transport: http(endpoint.rpcUrl), pollingInterval: 50 })
  const hash = await wallet.deployContract({
    abi: artifact.abi,
    bytecode: artifact.bytecode,
    args: ['Test USD', 'TUSD', 18],
  })
  const receipt = await client.waitForTransactionReceipt({ hash })
  const token = receipt.contractAddress
  if (!token) throw new Error('MintableERC20 deployment failed')
  const minter = createWalletClient({ account: deployer, chain, transport: http(endpoint.rpcUrl) })
  for (const to of mintTo) {
    // MintableERC20.mint(uint256) mints to msg.sender; mint(address,uint256) mints to `to`.
    const mintHash = await minter.writeContract({
      address: token,
      abi: artifact.abi,
      functionName: 'mint',
      args: [to, parseEther('1000000')],
    })
    await client.waitForTransactionReceipt({ hash: mintHash })
  }
  return token
}

/** A local account for one of the {@link anvilKeys}. */
export function anvilAccount(index: number): LocalAccount {
  const key = anvilKeys[index]
  if (!key) throw new Error(`no anvil key ${index}`)
  return privateKeyToAccount(key)
}
