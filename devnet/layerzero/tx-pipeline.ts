import {
  type Abi,
  type Address,
  type Chain,
  createPublicClient,
  encodeDeployData,
  encodeFunctionData,
  getContractAddress,
  type Hex,
  http,
  type PublicClient,
} from 'viem'
import { type PrivateKeyAccount, privateKeyToAccount } from 'viem/accounts'
import { endpointChain } from '../../chains/viem-chains.js'
import type { ContractArtifact } from './artifacts.js'
import { DevnetTransactionRevertedError } from './errors.js'

/** Gas limit for contract creations (EndpointV2 needs ~5.5 M). */
const deployGas = 8_000_000n
/** A mined-or-not answer for one devnet transaction must come well within a test hook timeout. */
const receiptTimeoutMs = 30_000
/** Gas limit for configuration calls. */
const callGas = 2_000_000n

/** A devnet chain as the deployer sees it. */
export interface PipelineChain {
  name: string
  chainId: number
  rpcUrl: string
}

/**
 * Queues signed transactions from one account on one chain with locally tracked nonces and fixed gas
 * limits, so nothing waits for a receipt (or an estimate) until {@link TxPipeline.flush}. Contract addresses
 * are known at queue time (CREATE address from sender + nonce), so later calls can target them at once.
 */
export class TxPipeline {
  readonly client: PublicClient
  readonly account: PrivateKeyAccount
  private readonly chain: Chain
  private nonce = 0
  private maxFeePerGas = 0n
  private readonly queued: Array<{ label: string; hash: Promise<Hex> }> = []
  private lastSubmission: Promise<unknown> = Promise.resolve()

  private constructor(chain: PipelineChain, key: Hex) {
    this.chain = endpointChain(chain)
    this.client = createPublicClient({
      chain: this.chain,
      transport: http(chain.rpcUrl),
      pollingInterval: 50,
    })
    this.account = privateKeyToAccount(key)
  }

  /** Opens a pipeline: reads the pending nonce and the current base fee once. */
  static async open(chain: PipelineChain, key: Hex): Promise<TxPipeline> {
    const pipeline = new TxPipeline(chain, key)
    const [nonce, block] = await Promise.all([
      pipeline.client.getTransactionCount({ address: pipeline.account.address, blockTag: 'pending' }),
      pipeline.client.getBlock(),
    ])
    pipeline.nonce = nonce
    pipeline.maxFeePerGas = (block.baseFeePerGas ?? 1_000_000_000n) * 4n + 1_000_000_000n
    return pipeline
  }

  /** The address the next queued contract creation will get. */
  nextContractAddress(): Address {
    return getContractAddress({ from: this.account.address, nonce: BigInt(this.nonce) })
  }

  /** Queues a contract creation and returns its (precomputed) address. */
  deploy(label: string, artifact: ContractArtifact, args: readonly unknown[] = []): Address {
    const address = this.nextContractAddress()
    const data = encodeDeployData({ abi: artifact.abi, bytecode: artifact.bytecode, args })
    this.send(label, undefined, data, deployGas)
    return address
  }

  /** Queues a contract call. */
  call(label: string, address: Address, abi: Abi, functionName: string, args: readonly unknown[] = []): void {
    this.send(label, address, encodeFunctionData({ abi, functionName, args }), callGas)
  }

  private send(label: string, to: Address | undefined, data: Hex, gas: bigint): void {
    const nonce = this.nonce++
    const signed = this.account.signTransaction({
      chainId: this.chain.id,
      type: 'eip1559',
      nonce,
      gas,
      maxFeePerGas: this.maxFeePerGas,
      maxPriorityFeePerGas: 1n,
      data,
      ...(to === undefined ? {} : { to }),
    })
    // Submit strictly in nonce order (signing still runs ahead): if later nonces reached anvil first, its
    // automine would mine them in gas-limited blocks when the gap closes and could leave some pending
    // until another transaction arrives, which never happens at the end of a pipeline.
    const hash = Promise.all([signed, this.lastSubmission]).then(([serializedTransaction]) =>
      this.client.sendRawTransaction({ serializedTransaction }),
    )
    hash.catch(() => {})
    this.lastSubmission = hash
    this.queued.push({ label, hash })
  }

  /** Waits for every queued transaction and throws on the first revert. Returns how many were mined. */
  async flush(): Promise<number> {
    const batch = this.queued.splice(0)
    for (const { label, hash } of batch) {
      const receipt = await this.client.waitForTransactionReceipt({
        hash: await hash,
        pollingInterval: 20,
        timeout: receiptTimeoutMs,
      })
      if (receipt.status !== 'success') {
        throw new DevnetTransactionRevertedError({
          chain: this.chain.name,
          label,
          hash: receipt.transactionHash,
        })
      }
    }
    return batch.length
  }
}
