import { type Address, erc20Abi, parseAbi } from 'viem'
import { devnetAccounts } from '../../chains/devnet-accounts.js'
import type { ChainName } from '../../chains/names.js'
import type { Asset } from '../../chains/types.js'
import type { BridgeStepResult } from './bridge-step.js'
import type { ChainClient } from './chain-client.js'

const mintAbi = parseAbi(['function mint(address to, uint256 amount)'])
const vaultMintAbi = parseAbi(['function mint(uint256 shares, address receiver) returns (uint256)'])
const deployer = devnetAccounts.deployer

/**
 * Mints devnet tokens for seeding. On Ethereum it mints USDS/USDC directly and sUSDS by depositing
 * freshly minted USDS into the savings vault. On remote chains it mints the OFT (owner-only) and counts the
 * amount, so {@link TokenMinter.backRemoteSupply} can lock the same amount in the Ethereum adapter.
 */
export class TokenMinter {
  private readonly remoteMinted: Record<Asset, bigint> = { USDS: 0n, sUSDS: 0n, USDC: 0n }

  constructor(
    private readonly clients: Record<ChainName, ChainClient>,
    private readonly bridge: BridgeStepResult,
  ) {}

  /** Mints `amount` base units of `asset` on `chain` to `to`. */
  async mint(chain: ChainName, asset: Asset, to: Address, amount: bigint): Promise<void> {
    if (amount === 0n) return
    const client = this.clients[chain]
    const tokens = this.bridge.tokens[chain]
    if (chain === 'ethereum' && asset === 'sUSDS') {
      // chi is ~1 right after deployment: minting 2x assets is always enough for `amount` shares.
      await client.write(deployer, tokens.USDS, mintAbi, 'mint', [deployer.address, amount * 2n])
      await client.write(deployer, tokens.USDS, erc20Abi, 'approve', [tokens.sUSDS, amount * 2n])
      await client.write(deployer, tokens.sUSDS, vaultMintAbi, 'mint', [amount, to])
      return
    }
    await client.write(deployer, tokens[asset], mintAbi, 'mint', [to, amount])
    if (chain !== 'ethereum') this.remoteMinted[asset] += amount
  }

  /** Locks the home tokens that back every remote mint in the Ethereum OFT adapters (LayerZero mode). */
  async backRemoteSupply(): Promise<Record<Asset, bigint>> {
    const home = this.bridge.layerZero.ethereum
    if (!home) return { USDS: 0n, sUSDS: 0n, USDC: 0n }
    for (const asset of ['USDS', 'USDC', 'sUSDS'] as const) {
      await this.mint('ethereum', asset, home.ofts[asset].address, this.remoteMinted[asset])
    }
    return { ...this.remoteMinted }
  }
}
