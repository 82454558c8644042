import { createRequire } from 'node:module'
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
import { devnetAccounts } from '../../../chains/devnet-accounts.js'
import { type ChainEndpoint, endpointChain } from '../../../chains/viem-chains.js'
import { freePorts, spawnAnvil, waitForAnvil } from '../../../ops/anvil-process.js'

/** Well-known anvil dev keys (public test mnemonic; worthless outside a local node): accounts 0, 1, 2 and 9. */
export const anvilKeys = [
  devnetAccounts.deployer.privateKey,
  devnetAccounts.operator.privateKey,
  devnetAccounts.dvnSigner.privateKey,
  devnetAccounts.borrower3.privateKey,
] as const satisfies readonly Hex[]

/** A running anvil started by {@link startAnvil}. */
export type RunningAnvil = { endpoint: ChainEndpoint; pid: number; stop: () => Promise<void> }

/**
 * Starts anvil (see `ops/anvil-process.ts`) on `port` or a free port (automine) and waits until it answers.
 */
export async function startAnvil(
  options: { chainId?: number; name?: string; port?: number } = {},
): Promise<RunningAnvil> {
  const chainId = options.chainId ?? 31337
  const port = options.port ?? (await freePorts(1))[0]
  const anvil = spawnAnvil({ port: port!, chainId, devnetLimits: false })
  try {
    await waitForAnvil(anvil)
  } catch (error) {
    await anvil.stop(0)
    throw error
  }
  const endpoint: ChainEndpoint = { name: options.name ?? 'devtest', chainId, rpcUrl: anvil.rpcUrl }
  return { endpoint, pid: anvil.pid, stop: () => anvil.stop() }
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
  const chain = endpointChain(endpoint)
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
