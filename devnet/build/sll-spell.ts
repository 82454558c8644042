/**
 * The SLL on the devnet: deploys, per chain, an ALMProxy, RateLimits, the controller (MainnetController
 * v1.10 shapes on Ethereum, ForeignController v1.8 shapes elsewhere) and its swap venue (a LitePSM on
 * Ethereum, a PSM3 pool on the L2s), then runs a "spell" as governance (the deployer holds
 * DEFAULT_ADMIN_ROLE): roles, rate limits, slippage and exchange-rate bounds, LayerZero recipients.
 *
 * Runs after every other build step, so no existing address moves. Money does not move in this step (only the
 * PSM pools are seeded, by the deployer); `fund-proxies.ts` then hands the operator's positions to the
 * ALMProxies.
 */
import { type Address, erc20Abi, maxUint256, pad, parseUnits } from 'viem'
import { devnetEids } from '../../chains/devnet.js'
import { devnetAccounts } from '../../chains/devnet-accounts.js'
import type { ChainSll, DevnetSll, SllLimit } from '../../chains/devnet-sll.js'
import { type ChainName, chainNames } from '../../chains/names.js'
import type { Asset } from '../../chains/types.js'
import {
  almProxyAbi,
  foreignControllerV1_8Abi,
  mainnetControllerV1_10Abi,
  psm3Abi,
  rateLimitsAbi,
} from '../../sll/abis.js'
import {
  aaveDepositKey,
  aaveWithdrawKey,
  erc4626DepositKey,
  erc4626WithdrawKey,
  layerZeroKey,
  psmDepositKey,
  psmWithdrawKey,
  usdsToUsdcKey,
} from '../../sll/keys.js'
import { CONTROLLER_ROLE, FREEZER_ROLE, RELAYER_ROLE } from '../../sll/roles.js'
import { devnetArtifact } from '../artifact.js'
import type { BridgeStepResult } from './bridge-step.js'
import type { ChainClient } from './chain-client.js'
import type { ChainBuild } from './deploy-chain.js'
import { assetDecimals } from './plan.js'
import { TokenMinter } from './token-minter.js'

const { deployer, operator, freezer } = devnetAccounts
const day = 86_400n

/** A limit in whole tokens: `max` capacity, refilled by `perDay`; or unlimited. */
type LimitPlan = { max: number; perDay: number } | 'unlimited'

/**
 * The spell's parameters (whole tokens, converted with each token's decimals). Keys not covered here stay
 * unset on purpose (see `devnet/README.md`, "SLL"):
 * - `avalanche/aave/USDC`: AAVE_DEPOSIT/AAVE_WITHDRAW unset and no maxSlippage (offboarded, as in
 *   production since May 2026): the controller refuses it with `RateLimits/zero-maxAmount`.
 * - LayerZero routes of the sUSDS OFTs, and L2 <-> L2 routes: unset (the SLL bridges USDS/USDC hub-and-spoke).
 * - ASSET_TRANSFER: unset everywhere.
 */
export const sllSpell = {
  aaveDeposit: { max: 5_000_000, perDay: 2_500_000 },
  aaveWithdraw: 'unlimited',
  erc4626Deposit: { max: 5_000_000, perDay: 2_500_000 },
  erc4626Withdraw: 'unlimited',
  psmDeposit: { USDC: { max: 2_000_000, perDay: 1_000_000 }, USDS: 'unlimited', sUSDS: 'unlimited' },
  psmWithdraw: { USDC: { max: 2_000_000, perDay: 1_000_000 }, USDS: 'unlimited', sUSDS: 'unlimited' },
  usdsToUsdc: { max: 2_000_000, perDay: 2_000_000 },
  layerZero: { USDS: { max: 1_000_000, perDay: 500_000 }, USDC: { max: 1_000_000, perDay: 500_000 } },
  offboardedVenues: ['avalanche/aave/USDC'],
  /** Minimum aTokens per deposited unit (1e18 = 100%): 99.99%. */
  maxSlippage: 999_900_000_000_000_000n,
  /** Highest accepted ERC-4626 price, in assets per share (the devnet vaults start near 1). */
  maxAssetsPerShare: 2n,
  /**
   * PSM seed liquidity (deployer deposits into each PSM3; LitePSM prefund of USDS/USDC). No sUSDS: backing
   * remote sUSDS mints means minting Ethereum savings-vault shares, which shifts what the planner sees
   * (test/cycle.devnet.test.ts then plans no cross-chain move).
   */
  psmSeed: { USDC: 500_000, USDS: 500_000, sUSDS: 0 },
} as const satisfies {
  aaveDeposit: LimitPlan
  aaveWithdraw: LimitPlan
  erc4626Deposit: LimitPlan
  erc4626Withdraw: LimitPlan
  psmDeposit: Record<Asset, LimitPlan>
  psmWithdraw: Record<Asset, LimitPlan>
  usdsToUsdc: LimitPlan
  layerZero: Partial<Record<Asset, LimitPlan>>
  offboardedVenues: string[]
  maxSlippage: bigint
  maxAssetsPerShare: bigint
  psmSeed: Record<Asset, number>
}

type Deployed = {
  build: ChainBuild
  client: ChainClient
  sll: Omit<ChainSll, 'limits' | 'maxSlippages' | 'maxExchangeRates' | 'layerZeroRecipients'>
}

/** Deploys the SLL contracts on every chain and casts the spell; returns what `devnet/state/sll.json` holds. */
export async function deploySll(args: {
  clients: Record<ChainName, ChainClient>
  builds: ChainBuild[]
  bridge: BridgeStepResult
  log: (line: string) => void
}): Promise<DevnetSll> {
  const started = Date.now()
  const minter = new TokenMinter(args.clients, args.bridge)
  const deployed = await Promise.all(
    args.builds.map((build) => deployChainSll(args.clients[build.chain], build, minter)),
  )
  // Remote PSM3 seeds were minted as OFTs: lock the same home tokens in the Ethereum adapters.
  await minter.backRemoteSupply()
  const proxies = Object.fromEntries(deployed.map((d) => [d.build.chain, d.sll.almProxy])) as Record<
    ChainName,
    Address
  >
  const entries = await Promise.all(
    deployed.map(async (d) => [d.build.chain, await castSpell(d, args.bridge, proxies)] as const),
  )
  const txs = chainNames.reduce((sum, chain) => sum + args.clients[chain].txCount, 0)
  args.log(`sll: deployed and configured in ${Date.now() - started} ms (${txs} txs in the build so far)`)
  return Object.fromEntries(entries) as DevnetSll
}

async function deployChainSll(
  client: ChainClient,
  build: ChainBuild,
  minter: TokenMinter,
): Promise<Deployed> {
  const chain = build.chain
  const tokens = build.tokens
  const almProxy = await client.deploy(deployer, devnetArtifact('ALMProxy'), [deployer.address])
  const rateLimits = await client.deploy(deployer, devnetArtifact('RateLimits'), [deployer.address])
  let psm: ChainSll['psm']
  let controller: Address
  const seed = sllSpell.psmSeed
  if (chain === 'ethereum') {
    const litePsm = await client.deploy(deployer, devnetArtifact('DevnetPsm'), [tokens.USDS, tokens.USDC])
    await minter.mint(chain, 'USDS', litePsm, parseUnits(String(seed.USDS), 18))
    await minter.mint(chain, 'USDC', litePsm, parseUnits(String(seed.USDC), 6))
    psm = { kind: 'litePsm', address: litePsm }
    controller = await client.deploy(deployer, devnetArtifact('MainnetController'), [
      deployer.address,
      almProxy,
      rateLimits,
      litePsm,
      tokens.USDS,
      tokens.USDC,
    ])
  } else {
    const rateProvider = await client.deploy(deployer, devnetArtifact('SavingsRateProvider'), [
      build.savingsVault,
    ])
    const psm3 = await client.deploy(deployer, devnetArtifact('Psm3'), [
      tokens.USDC,
      tokens.USDS,
      tokens.sUSDS,
      rateProvider,
    ])
    for (const asset of ['USDC', 'USDS', 'sUSDS'] as const) {
      const amount = parseUnits(String(seed[asset]), assetDecimals[asset])
      if (amount === 0n) continue
      await minter.mint(chain, asset, deployer.address, amount)
      await client.write(deployer, tokens[asset], erc20Abi, 'approve', [psm3, amount])
      await client.write(deployer, psm3, psm3Abi, 'deposit', [tokens[asset], deployer.address, amount])
    }
    psm = { kind: 'psm3', address: psm3, rateProvider }
    controller = await client.deploy(deployer, devnetArtifact('ForeignController'), [
      deployer.address,
      almProxy,
      rateLimits,
      psm3,
    ])
  }
  return {
    build,
    client,
    sll: {
      controllerVersion: chain === 'ethereum' ? 'mainnet-v1.10' : 'foreign-v1.8',
      almProxy,
      controller,
      rateLimits,
      psm,
      admin: deployer.address,
      relayer: operator.address,
      freezer: freezer.address,
    },
  }
}

/** The spell of one chain, cast by governance (the deployer). */
async function castSpell(
  { build, client, sll }: Deployed,
  bridge: BridgeStepResult,
  proxies: Record<ChainName, Address>,
): Promise<ChainSll> {
  const chain = build.chain
  const controllerAbi = chain === 'ethereum' ? mainnetControllerV1_10Abi : foreignControllerV1_8Abi
  const cast = (
    address: Address,
    abi: typeof rateLimitsAbi | typeof controllerAbi,
    fn: string,
    args: unknown[],
  ) => client.write(deployer, address, abi as never, fn, args)

  // Roles: the controller drives the proxy and the rate limits; the orchestrator relays; the freezer freezes.
  await client.write(deployer, sll.almProxy, almProxyAbi, 'grantRole', [CONTROLLER_ROLE, sll.controller])
  await cast(sll.rateLimits, rateLimitsAbi, 'grantRole', [CONTROLLER_ROLE, sll.controller])
  await cast(sll.controller, controllerAbi, 'grantRole', [RELAYER_ROLE, sll.relayer])
  await cast(sll.controller, controllerAbi, 'grantRole', [FREEZER_ROLE, sll.freezer])
  await client.setBalance(freezer.address, parseUnits('10000', 18))

  const limits: SllLimit[] = []
  const setLimit = async (label: string, key: `0x${string}`, plan: LimitPlan, decimals: number) => {
    if (plan === 'unlimited') {
      await cast(sll.rateLimits, rateLimitsAbi, 'setUnlimitedRateLimitData', [key])
      limits.push({ label, key, kind: 'unlimited', maxAmount: maxUint256.toString(), slope: '0' })
      return
    }
    const maxAmount = parseUnits(String(plan.max), decimals)
    const slope = parseUnits(String(plan.perDay), decimals) / day
    await cast(sll.rateLimits, rateLimitsAbi, 'setRateLimitData', [key, maxAmount, slope])
    limits.push({ label, key, kind: 'limited', maxAmount: maxAmount.toString(), slope: slope.toString() })
  }

  const maxSlippages: Record<string, string> = {}
  const maxExchangeRates: Record<string, string> = {}
  for (const venue of build.venues) {
    if ((sllSpell.offboardedVenues as readonly string[]).includes(venue.id)) continue
    if ('aToken' in venue) {
      await setLimit(
        `AAVE_DEPOSIT(${venue.id})`,
        aaveDepositKey(venue.aToken),
        sllSpell.aaveDeposit,
        venue.decimals,
      )
      await setLimit(
        `AAVE_WITHDRAW(${venue.id})`,
        aaveWithdrawKey(venue.aToken),
        sllSpell.aaveWithdraw,
        venue.decimals,
      )
      await cast(sll.controller, controllerAbi, 'setMaxSlippage', [venue.aToken, sllSpell.maxSlippage])
      maxSlippages[venue.aToken] = sllSpell.maxSlippage.toString()
    } else {
      const vault = venue.vault
      await setLimit(
        `4626_DEPOSIT(${venue.id})`,
        erc4626DepositKey(vault),
        sllSpell.erc4626Deposit,
        venue.decimals,
      )
      await setLimit(
        `4626_WITHDRAW(${venue.id})`,
        erc4626WithdrawKey(vault),
        sllSpell.erc4626Withdraw,
        venue.decimals,
      )
      const shareDecimals = await client.read<number>(vault, erc20Abi, 'decimals')
      const shares = 10n ** BigInt(shareDecimals)
      const assets = sllSpell.maxAssetsPerShare * 10n ** BigInt(venue.decimals)
      await cast(sll.controller, controllerAbi, 'setMaxExchangeRate', [vault, shares, assets])
      maxExchangeRates[vault] = ((assets * 10n ** 36n) / shares).toString()
    }
  }

  if (chain === 'ethereum') {
    await setLimit('USDS_TO_USDC', usdsToUsdcKey, sllSpell.usdsToUsdc, 6)
  } else {
    for (const asset of ['USDC', 'USDS', 'sUSDS'] as const) {
      const token = build.tokens[asset]
      await setLimit(
        `PSM_DEPOSIT(${chain}/${asset})`,
        psmDepositKey(token),
        sllSpell.psmDeposit[asset],
        assetDecimals[asset],
      )
      await setLimit(
        `PSM_WITHDRAW(${chain}/${asset})`,
        psmWithdrawKey(token),
        sllSpell.psmWithdraw[asset],
        assetDecimals[asset],
      )
    }
  }

  // LayerZero: recipients are the other chains' ALMProxies; limits only hub (Ethereum) <-> spoke.
  const layerZeroRecipients: Record<string, `0x${string}`> = {}
  const ofts = bridge.layerZero[chain]?.ofts
  for (const destination of chainNames) {
    if (destination === chain) continue
    if (bridge.mode !== 'layerzero') break
    const eid = devnetEids[destination]
    const recipient = pad(proxies[destination])
    await cast(sll.controller, controllerAbi, 'setLayerZeroRecipient', [eid, recipient])
    layerZeroRecipients[String(eid)] = recipient
    if (!ofts || (chain !== 'ethereum' && destination !== 'ethereum')) continue
    for (const [asset, plan] of Object.entries(sllSpell.layerZero) as Array<[Asset, LimitPlan]>) {
      await setLimit(
        `LAYERZERO(${chain}/${asset} -> ${destination})`,
        layerZeroKey(ofts[asset].address, eid),
        plan,
        assetDecimals[asset],
      )
    }
  }
  return { ...sll, limits, maxSlippages, maxExchangeRates, layerZeroRecipients }
}
