import { type Address, erc20Abi, maxUint256, parseAbi, parseUnits } from 'viem'
import { type DevnetAccount, devnetAccounts } from '../../chains/devnet-accounts.js'
import type { ChainName } from '../../chains/names.js'
import type { Asset } from '../../chains/types.js'
import { aaveArtifact, devnetArtifact } from '../artifact.js'
import type { ChainClient } from './chain-client.js'
import type { MarketParams } from './morpho.js'
import { assetDecimals, type Seed, wethPriceUsd } from './plan.js'
import type { TokenMinter } from './token-minter.js'

const erc4626Abi = parseAbi(['function deposit(uint256 assets, address receiver) returns (uint256)'])
const mintAbi = parseAbi(['function mint(address to, uint256 amount)'])
const deployer = devnetAccounts.deployer
const operator = devnetAccounts.operator
/** Borrowers use at most 40% of their collateral value. */
const collateralUse = 0.4

/** Shared context of the seeding helpers for one chain. */
export type SeedContext = {
  chain: ChainName
  client: ChainClient
  minter: TokenMinter
  weth: Address
}

function units(asset: Asset, whole: number): bigint {
  return parseUnits(String(whole), assetDecimals[asset])
}

function wethFor(borrowUsd: number): bigint {
  return parseUnits(String(Math.ceil(borrowUsd / wethPriceUsd / collateralUse)), 18)
}

async function approve(ctx: SeedContext, from: DevnetAccount, token: Address, spender: Address) {
  await ctx.client.write(from, token, erc20Abi, 'approve', [spender, maxUint256])
}

/** Supplier + operator supply into an Aave reserve; a borrower posts WETH and borrows `totalBorrow`. */
export async function seedAaveReserve(
  ctx: SeedContext,
  args: {
    pool: Address
    asset: Asset
    token: Address
    seed: Seed
    supplier: DevnetAccount
    borrower: DevnetAccount
  },
): Promise<void> {
  const poolAbi = aaveArtifact('protocol/pool/Pool.sol/Pool').abi
  const { client } = ctx
  for (const [who, amount] of [
    [operator, args.seed.position],
    [args.supplier, args.seed.totalSupply - args.seed.position],
  ] as const) {
    const value = units(args.asset, amount)
    await ctx.minter.mint(ctx.chain, args.asset, who.address, value)
    await approve(ctx, who, args.token, args.pool)
    await client.write(who, args.pool, poolAbi, 'supply', [args.token, value, who.address, 0])
  }
  if (args.seed.totalBorrow === 0) return
  const collateral = wethFor(args.seed.totalBorrow)
  await client.write(deployer, ctx.weth, mintAbi, 'mint', [args.borrower.address, collateral])
  await approve(ctx, args.borrower, ctx.weth, args.pool)
  await client.write(args.borrower, args.pool, poolAbi, 'supply', [
    ctx.weth,
    collateral,
    args.borrower.address,
    0,
  ])
  await client.write(args.borrower, args.pool, poolAbi, 'borrow', [
    args.token,
    units(args.asset, args.seed.totalBorrow),
    2n,
    0,
    args.borrower.address,
  ])
}

/** Deposits into an ERC-4626 vault: the operator's position and a supplier's remainder. */
export async function seedVaultDeposits(
  ctx: SeedContext,
  args: { vault: Address; asset: Asset; token: Address; seed: Seed; supplier: DevnetAccount },
): Promise<void> {
  for (const [who, amount] of [
    [operator, args.seed.position],
    [args.supplier, args.seed.totalSupply - args.seed.position],
  ] as const) {
    const value = units(args.asset, amount)
    await ctx.minter.mint(ctx.chain, args.asset, who.address, value)
    await approve(ctx, who, args.token, args.vault)
    await ctx.client.write(who, args.vault, erc4626Abi, 'deposit', [value, who.address])
  }
}

/** A borrower posts WETH collateral on Morpho and borrows `totalBorrow` of the loan token. */
export async function seedMorphoBorrow(
  ctx: SeedContext,
  args: { morpho: Address; params: MarketParams; seed: Seed; borrower: DevnetAccount },
): Promise<void> {
  const morphoAbi = devnetArtifact('Morpho').abi
  const collateral = wethFor(args.seed.totalBorrow)
  await ctx.client.write(deployer, ctx.weth, mintAbi, 'mint', [args.borrower.address, collateral])
  await approve(ctx, args.borrower, ctx.weth, args.morpho)
  await ctx.client.write(args.borrower, args.morpho, morphoAbi, 'supplyCollateral', [
    args.params,
    collateral,
    args.borrower.address,
    '0x',
  ])
  await ctx.client.write(args.borrower, args.morpho, morphoAbi, 'borrow', [
    args.params,
    units('USDC', args.seed.totalBorrow),
    0n,
    args.borrower.address,
    args.borrower.address,
  ])
}
