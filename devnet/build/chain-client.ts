import {
  type Abi,
  type Account,
  type Address,
  type Chain,
  createPublicClient,
  createWalletClient,
  encodeDeployData,
  encodeFunctionData,
  type Hex,
  http,
  type PublicClient,
  type TransactionReceipt,
} from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import type { DevnetAccount } from '../../chains/devnet-accounts.js'
import type { ChainName } from '../../chains/names.js'
import { endpointChain } from '../../chains/viem-chains.js'
import { type Artifact, linkBytecode } from '../artifact.js'

/** Deploy/write/read helper bound to one devnet chain, used by the build steps. */
export class ChainClient {
  readonly name: ChainName
  readonly chainId: number
  readonly rpcUrl: string
  readonly chain: Chain
  readonly public: PublicClient
  /** Total gas used by this client's transactions. */
  gasUsed = 0n
  txCount = 0

  constructor(name: ChainName, chainId: number, rpcUrl: string) {
    this.name = name
    this.chainId = chainId
    this.rpcUrl = rpcUrl
    this.chain = endpointChain({ name: `devnet-${name}`, chainId, rpcUrl })
    this.public = createPublicClient({ chain: this.chain, transport: http(rpcUrl), pollingInterval: 50 })
  }

  private wallet(from: DevnetAccount) {
    const account: Account = privateKeyToAccount(from.privateKey)
    return createWalletClient({
      chain: this.chain,
      transport: http(this.rpcUrl),
      account,
      pollingInterval: 50,
    })
  }

  private async confirm(hash: Hex, what: string): Promise<TransactionReceipt> {
    const t0 = Date.now()
    const receipt = await this.public.waitForTransactionReceipt({ hash, pollingInterval: 20 })
    if (process.env.DEVNET_DEBUG) console.log(`${this.name} ${what} ${Date.now() - t0}ms`)
    this.gasUsed += receipt.gasUsed
    this.txCount += 1
    if (receipt.status !== 'success') throw new Error(`${this.name}: ${what} reverted (tx ${hash})`)
    return receipt
  }

  /**
   * Estimates gas and sends with a 30% margin: gas of time-dependent code (e.g. the savings vault's
   * `rpow`) grows between estimate and inclusion, and an exact estimate then runs out of gas.
   */
  private async send(from: DevnetAccount, tx: { to?: Address; data: Hex; value?: bigint }): Promise<Hex> {
    const account = privateKeyToAccount(from.privateKey)
    const gas = await this.public.estimateGas({ ...tx, account })
    return this.wallet(from).sendTransaction({ ...tx, account, gas: (gas * 13n) / 10n })
  }

  /** Deploys `artifact` (libraries linked) and returns its address. */
  async deploy(
    from: DevnetAccount,
    artifact: Artifact,
    args: readonly unknown[] = [],
    libraries: Record<string, Hex> = {},
  ): Promise<Address> {
    const data = encodeDeployData({ abi: artifact.abi, bytecode: linkBytecode(artifact, libraries), args })
    const hash = await this.wallet(from).sendTransaction({
      data,
      account: privateKeyToAccount(from.privateKey),
    })
    const receipt = await this.confirm(hash, `deploy ${artifact.contractName}`)
    if (!receipt.contractAddress)
      throw new Error(`${this.name}: deploy ${artifact.contractName} gave no address`)
    return receipt.contractAddress
  }

  /** Sends a contract call from `from` and waits until it is mined successfully. */
  async write(
    from: DevnetAccount,
    address: Address,
    abi: Abi,
    functionName: string,
    args: readonly unknown[] = [],
    value?: bigint,
  ): Promise<TransactionReceipt> {
    const data = encodeFunctionData({ abi, functionName, args })
    const hash = await this.send(from, { to: address, data, ...(value === undefined ? {} : { value }) })
    return this.confirm(hash, `${functionName} on ${address}`)
  }

  /** Reads a view function. */
  async read<T>(address: Address, abi: Abi, functionName: string, args: readonly unknown[] = []): Promise<T> {
    return (await this.public.readContract({ address, abi, functionName, args })) as T
  }

  /** Sets the native balance of `address` (anvil_setBalance). */
  async setBalance(address: Address, wei: bigint): Promise<void> {
    await this.public.request({
      method: 'anvil_setBalance' as never,
      params: [address, `0x${wei.toString(16)}`] as never,
    })
  }
}
