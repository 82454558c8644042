import { type Address, type Hex, parseUnits } from 'viem'
import { devnetAccounts } from '../../chains/devnet-accounts.js'
import type { ChainName } from '../../chains/names.js'
import type { Asset, Venue } from '../../chains/types.js'
import { type AaveDeployment, deployAaveLibraries, deployAaveMarket, deployPriceFeed } from './aave.js'
import { deployMulticall3, deployPsm, deploySavingsVault, deployToken } from './basics.js'
import type { ChainClient } from './chain-client.js'
import { deployMorphoCore, deployMorphoVault, type MorphoCore, type MorphoVaultDeployment } from './morpho.js'
import {
  aaveMarkets,
  assetDecimals,
  morphoMarkets,
  operatorIdle,
  psmLiquidity,
  savingsVaults,
  wethPriceUsd,
} from './plan.js'
import { type SeedContext, seedAaveReserve, seedMorphoBorrow, seedVaultDeposits } from './seed.js'
import type { TokenMinter } from './token-minter.js'

/** Everything deployed on one chain besides LayerZero (written to `deployment.json`). */
export type ChainBuild = {
  chain: ChainName
  tokens: Record<Asset, Address>
  weth: Address
  priceFeeds: { usd: Address; weth: Address }
  multicall3: Address
  psm: Address
  aave: Partial<Record<'sparklend' | 'aave', AaveDeployment>>
  morpho?: MorphoCore & { vaults: Record<string, MorphoVaultDeployment> }
  savingsVault: Address
  venues: Venue[]
}

const { supplier1, supplier2, supplier3, borrower1, borrower2, borrower3 } = devnetAccounts

/**
 * Deploys and seeds one chain's markets over its tokens (Ethereum tokens or the LayerZero OFTs):
 * Multicall3, WETH + price feeds, PSM, Aave/SparkLend deployments, Morpho + vaults, the savings vault,
 * then supply/borrow/deposit seeding and the operator's idle balances.
 */
export async function deployChainMarkets(
  client: ChainClient,
  tokens: Record<Asset, Address>,
  minter: TokenMinter,
  log: (line: string) => void,
): Promise<ChainBuild> {
  const chain = client.name
  const started = Date.now()
  const multicall3 = await deployMulticall3(client)
  const weth = await deployToken(client, 'Wrapped Ether', 'WETH', 18)
  const priceFeeds = {
    usd: await deployPriceFeed(client, 1),
    weth: await deployPriceFeed(client, wethPriceUsd),
  }
  const psm = await deployPsm(client, tokens.USDS, tokens.USDC)
  await minter.mint(chain, 'USDS', psm, parseUnits(String(psmLiquidity), 18))
  await minter.mint(chain, 'USDC', psm, parseUnits(String(psmLiquidity), 6))
  const ctx: SeedContext = { chain, client, minter, weth }
  const venues: Venue[] = []

  const aave: ChainBuild['aave'] = {}
  const chainAave = aaveMarkets.filter((market) => market.chain === chain)
  if (chainAave.length > 0) {
    const libraries = await deployAaveLibraries(client)
    for (const protocol of ['sparklend', 'aave'] as const) {
      const reserves = chainAave.filter((market) => market.protocol === protocol)
      if (reserves.length === 0) continue
      const deployment = await deployAaveMarket(client, {
        label: protocol,
        libraries,
        reserves: reserves.map((market) => ({
          symbol: market.asset,
          asset: tokens[market.asset],
          decimals: assetDecimals[market.asset],
          priceSource: priceFeeds.usd,
          rate: market.rate,
          supplyCap: market.supplyCap,
        })),
        collateral: { symbol: 'WETH', asset: weth, decimals: 18, priceSource: priceFeeds.weth },
      })
      aave[protocol] = deployment
      for (const market of reserves) {
        const [supplier, borrower] =
          protocol === 'sparklend' ? [supplier1, borrower1] : [supplier2, borrower2]
        await seedAaveReserve(ctx, {
          pool: deployment.pool,
          asset: market.asset,
          token: tokens[market.asset],
          seed: market.seed,
          supplier,
          borrower,
        })
        venues.push({
          id: market.id,
          asset: market.asset,
          underlying: tokens[market.asset],
          decimals: assetDecimals[market.asset],
          protocol,
          pool: deployment.pool,
          dataProvider: deployment.dataProvider,
          aToken: deployment.reserves[market.asset]!.aToken,
        })
      }
    }
  }

  let morpho: ChainBuild['morpho']
  const chainMorpho = morphoMarkets.filter((market) => market.chain === chain)
  if (chainMorpho.length > 0) {
    const core = await deployMorphoCore(client)
    morpho = { ...core, vaults: {} }
    for (const market of chainMorpho) {
      const vault = await deployMorphoVault(client, core, {
        loanToken: tokens.USDC,
        loanDecimals: 6,
        collateralToken: weth,
        collateralDecimals: 18,
        collateralPrice: wethPriceUsd,
        name: `Spark ${market.asset} Vault`,
        symbol: `spk${market.asset}`,
      })
      morpho.vaults[market.id] = vault
      await seedVaultDeposits(ctx, {
        vault: vault.vault,
        asset: 'USDC',
        token: tokens.USDC,
        seed: market.seed,
        supplier: supplier3,
      })
      await seedMorphoBorrow(ctx, {
        morpho: core.morpho,
        params: vault.params,
        seed: market.seed,
        borrower: borrower3,
      })
      venues.push({
        id: market.id,
        asset: market.asset,
        underlying: tokens.USDC,
        decimals: 6,
        protocol: 'morpho',
        vault: vault.vault,
        morpho: core.morpho,
        marketId: vault.marketId as Hex,
        irm: core.irm,
      })
    }
  }

  const savings = savingsVaults.find((plan) => plan.chain === chain)
  if (!savings) throw new Error(`no savings vault planned on ${chain}`)
  const savingsVault =
    chain === 'ethereum' ? tokens.sUSDS : await deploySavingsVault(client, tokens.USDS, savings.apy)
  await seedVaultDeposits(ctx, {
    vault: savingsVault,
    asset: 'USDS',
    token: tokens.USDS,
    seed: savings.seed,
    supplier: supplier3,
  })
  // Interest reserve: the vault pays accrued savings from USDS it holds (10% of deposits ~ 2 years at 4.5%).
  await minter.mint(chain, 'USDS', savingsVault, parseUnits(String(savings.seed.totalSupply / 10), 18))
  venues.push({
    id: savings.id,
    asset: 'sUSDS',
    underlying: tokens.USDS,
    decimals: 18,
    protocol: 'savings',
    vault: savingsVault,
  })

  for (const [asset, amount] of Object.entries(operatorIdle[chain] ?? {}) as Array<[Asset, number]>) {
    await minter.mint(
      chain,
      asset,
      devnetAccounts.operator.address,
      parseUnits(String(amount), assetDecimals[asset]),
    )
  }
  log(`${chain}: markets deployed and seeded in ${Date.now() - started} ms (${client.txCount} txs)`)
  return {
    chain,
    tokens,
    weth,
    priceFeeds,
    multicall3,
    psm,
    aave,
    ...(morpho ? { morpho } : {}),
    savingsVault,
    venues,
  }
}
