/**
 * The production registry (v2): the six chains of the Spark Liquidity Layer with their real tokens, venues and
 * LayerZero deployments ({@link productionRegistry}), and the SLL contracts the RELAYER operates them through
 * ({@link productionSll}: controller and version, ALMProxy, RateLimits, PSM kind, role holders, CCTP domain).
 *
 * Sources (no fact here comes from anywhere else; each entry names its own):
 * - `notes/spark-liquidity-layer.md` ("the notes"): spark-address-registry HEAD 5348de2 ("registry"),
 *   aave-address-book f61c976, Sky and Spark spells (2026-05), xchain-helpers.
 * - `notes/sll-controller.md` ("controller notes"), section "Production registry corrections".
 * Addresses can change through governance: verify on chain (`controller.hasRole(RELAYER, relayer)`, the
 * Sky chainlog for OFTs, `controller.cctp()`) before moving money.
 *
 * v2 corrections over v1:
 * - `psm` (a module the signer calls with `sellGem`/`buyGem`) is gone from every production chain: Ethereum's
 *   is the DAI LitePSM (pays and pulls DAI), the L2s' are PSM3s (no `sellGem`/`buyGem`). The SLL reaches them
 *   through the controller: see each chain's `productionSll[chain].psm` (controller notes).
 * - Avalanche Aave USDC is out of `venues` (offboarded, see `offboardedVenues`), so it is never planned into.
 *
 * What is deliberately absent (an omitted venue is never read, so it cannot report a made-up number):
 * - Morpho: the Spark MetaMorpho vaults (Ethereum `0x56A76b42…` USDC, `0xe41a0583…` USDS, Base `0x7BfA7C4f…` USDC)
 *   allocate over many Morpho Blue markets; our `MorphoVaultVenue` reads exactly one market id + IRM, and
 *   no single production market id is recorded in the notes. Add one when it is known.
 * - sUSDS savings on the L2s: there sUSDS is a plain bridged token (no ERC-4626 vault), priced through the
 *   PSM3 rate provider (SSR auth oracle), whose address is not recorded. Only Ethereum has the sUSDS vault.
 * - Aave on Unichain: the Aave address book has no Unichain market. Aave "Prime" (Lido) on Ethereum: not read.
 * - SparkLend exists only on Ethereum (and Gnosis, not an SLL chain).
 * - The USDS LitePSM wrapper, the PSM3 rate providers, governance (DEFAULT_ADMIN_ROLE) and the CCTP
 *   messengers: no address for them is recorded in the notes.
 *
 * Aave V3 venues are marked `aaveVersion: '3.3'` (production Aave runs >= 3.2: V2 rate strategy, virtual
 * balance, no stable debt); SparkLend keeps the v3.0 ABI (its strategies implement the v3.0 getters).
 *
 * @module
 */
import type { Address } from 'viem'
import { chainIdentities } from './names.js'
import type { ChainSllDeployment, SllRegistry } from './sll-types.js'
import type { ChainDeployment, Registry } from './types.js'

/** LayerZero V2 EndpointV2, same address on every chain (notes, section 2). */
export const LAYERZERO_ENDPOINT_V2: Address = '0x1a44076050125825900e736c501f859c50fE728c'
/** Multicall3, same address on every chain. */
export const MULTICALL3: Address = '0xcA11bde05977b3631167028862bE2a173976CA11'

/**
 * SLL role holders (controller notes "Production registry corrections"; notes section 1, from the registry).
 * The notes record one set, not one per chain: it is used on every chain. Check `hasRole` on each
 * controller before relying on it there.
 */
export const SLL_RELAYER_MULTISIG: Address = '0x8a25A24EDE9482C4Fc0738F99611BE58F1c839AB'
/** Second RELAYER holder (same source as {@link SLL_RELAYER_MULTISIG}). */
export const SLL_BACKSTOP_RELAYER: Address = '0x8Cc0Cb0cfB6B7e548cfd395B833c05C346534795'
/** FREEZER holder: `removeRelayer(address)` (same source as {@link SLL_RELAYER_MULTISIG}). */
export const SLL_FREEZER: Address = '0x90D8c80C028B4C09C0d8dcAab9bbB057F0513431'

const roles = {
  relayer: SLL_RELAYER_MULTISIG,
  backstopRelayer: SLL_BACKSTOP_RELAYER,
  freezer: SLL_FREEZER,
} as const

// SLL deployments: ALMProxy / Controller / RateLimits / PSM from the notes' "SLL deployments (registry)"
// table; controller versions from the notes (MainnetController v1.10.0 per the registry; ForeignController
// v1.8.0 on the five L2s, registry tag `ForeignController.sol@7be9593`); CCTP domains from the controller
// notes (xchain-helpers `CCTPForwarder.sol`).

const ethereumSll = {
  controllerVersion: 'mainnet-v1.10',
  almProxy: '0x1601843c5E9bC251A3272907010AFa41Fa18347E',
  controller: '0x5c46Fc65855c0C7465a1EA85EEA0B24B601502D3',
  rateLimits: '0x7A5FD5cf045e010e62147F065cEAe59e5344b188',
  // The DAI LitePSM (registry `PSM`): reached only through the controller's swapUSDSToUSDC /
  // swapUSDCToUSDS (USDC units, 1:1, no fee). Never call its sellGem/buyGem: they pay and pull DAI, not USDS
  // (controller notes, correction 1).
  psm: { kind: 'litePsm', address: '0xf6e72Db5454dd049d0788e411b06CfAF16853042' },
  ...roles,
  cctpDomain: 0,
} as const satisfies ChainSllDeployment

// L2 PSMs are PSM3 pools (USDC / USDS / sUSDS): depositPSM / withdrawPSM through the ForeignController,
// holdings are PSM3 shares (controller notes, correction 2). Rate providers: not recorded.

const baseSll = {
  controllerVersion: 'foreign-v1.8',
  almProxy: '0x2917956eFF0B5eaF030abDB4EF4296DF775009cA',
  controller: '0x86036CE5d2f792367C0AA43164e688d13c5A60A8',
  rateLimits: '0x983eC82E45C61a42FDDA7B3c43B8C767004c8A74',
  // Same address as the Ethereum ALMProxy: that is what the registry table lists (different chain).
  psm: { kind: 'psm3', address: '0x1601843c5E9bC251A3272907010AFa41Fa18347E' },
  ...roles,
  cctpDomain: 6,
} as const satisfies ChainSllDeployment

const arbitrumSll = {
  controllerVersion: 'foreign-v1.8',
  almProxy: '0x92afd6F2385a90e44da3a8B60fe36f6cBe1D8709',
  controller: '0xC40611AC4Fff8572Dc5F02A238176edCF15Ea7ba',
  rateLimits: '0x19D08879851FB54C2dCc4bb32b5a1EA5E9Ad6838',
  psm: { kind: 'psm3', address: '0x2B05F8e1cACC6974fD79A673a341Fe1f58d27266' },
  ...roles,
  cctpDomain: 3,
} as const satisfies ChainSllDeployment

const optimismSll = {
  controllerVersion: 'foreign-v1.8',
  almProxy: '0x876664f0c9Ff24D1aa355Ce9f1680AE1A5bf36fB',
  controller: '0x689502bc817E6374286af8f171Ed4715721406f7',
  rateLimits: '0x6B34A6B84444dC3Fc692821D5d077a1e4927342d',
  psm: { kind: 'psm3', address: '0xe0F9978b907853F354d79188A3dEfbD41978af62' },
  ...roles,
  cctpDomain: 2,
} as const satisfies ChainSllDeployment

const unichainSll = {
  controllerVersion: 'foreign-v1.8',
  almProxy: '0x345E368fcCd62266B3f5F37C9a131FD1c39f5869',
  controller: '0xF16DE710899C7bdd6D46873265392CCA68e5D5bA',
  rateLimits: '0x5A1a44D2192Dd1e21efB9caA50E32D0716b35535',
  psm: { kind: 'psm3', address: '0x7b42Ed932f26509465F7cE3FAF76FfCe1275312f' },
  ...roles,
  cctpDomain: 10,
} as const satisfies ChainSllDeployment

const avalancheSll = {
  controllerVersion: 'foreign-v1.8',
  almProxy: '0xecE6B0E8a54c2f44e066fBb9234e7157B15b7FeC',
  controller: '0x4eE67c8Db1BAa6ddE99d936C7D313B5d31e8fa38',
  rateLimits: '0xb79972e8B21f0dE911E65AC342ac85ad38C9A77a',
  // No PSM on Avalanche (notes table: SparkAvalanche_20251016): USDC-only in the SLL.
  ...roles,
  cctpDomain: 1,
} as const satisfies ChainSllDeployment

/**
 * The SLL contracts of every production chain, the production side of the network layer's SLL hook (the
 * devnet's is `loadDevnetSll()`, same {@link SllRegistry} shape).
 */
export const productionSll = {
  ethereum: ethereumSll,
  base: baseSll,
  arbitrum: arbitrumSll,
  optimism: optimismSll,
  unichain: unichainSll,
  avalanche: avalancheSll,
} as const satisfies SllRegistry

const USDS_DECIMALS = 18
const USDC_DECIMALS = 6

/** Aave V3 shares one Pool / DataProvider address on Arbitrum, Optimism and Avalanche. */
const AAVE_L2_POOL: Address = '0x794a61358D6845594F94dc1DB02A252b5b4814aD'
const AAVE_L2_DATA_PROVIDER: Address = '0x243Aa95cAC2a25651eda86e80bEe66114413c43b'

const ethereumTokens = {
  USDS: '0xdC035D45d973E3EC169d2276DDab16f1e407384F',
  sUSDS: '0xa3931d71877C0E7a3148CB7Eb4463524FEc27fbD',
  USDC: '0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48',
} as const satisfies ChainDeployment['tokens']

const ethereum = {
  name: 'ethereum',
  ...chainIdentities.ethereum,
  tokens: ethereumTokens,
  venues: [
    {
      id: 'ethereum/sparklend/USDS',
      protocol: 'sparklend',
      asset: 'USDS',
      underlying: ethereumTokens.USDS,
      decimals: USDS_DECIMALS,
      pool: '0xC13e21B648A5Ee794902342038FF3aDAB66BE987',
      dataProvider: '0xFc21d6d146E6086B8359705C8b28512a983db0cb',
      aToken: '0xC02aB1A5eaA8d1B114EF786D9bde108cD4364359',
    },
    {
      id: 'ethereum/sparklend/USDC',
      protocol: 'sparklend',
      asset: 'USDC',
      underlying: ethereumTokens.USDC,
      decimals: USDC_DECIMALS,
      pool: '0xC13e21B648A5Ee794902342038FF3aDAB66BE987',
      dataProvider: '0xFc21d6d146E6086B8359705C8b28512a983db0cb',
      aToken: '0x377C3bd93f2a2984E1E7bE6A5C22c525eD4A4815',
    },
    {
      id: 'ethereum/aave/USDS',
      protocol: 'aave',
      aaveVersion: '3.3',
      asset: 'USDS',
      underlying: ethereumTokens.USDS,
      decimals: USDS_DECIMALS,
      pool: '0x87870Bca3F3fD6335C3F4ce8392D69350B4fA4E2',
      dataProvider: '0x0a16f2FCC0D44FaE41cc54e079281D84A363bECD',
      aToken: '0x32a6268f9Ba3642Dda7892aDd74f1D34469A4259',
    },
    {
      id: 'ethereum/aave/USDC',
      protocol: 'aave',
      aaveVersion: '3.3',
      asset: 'USDC',
      underlying: ethereumTokens.USDC,
      decimals: USDC_DECIMALS,
      pool: '0x87870Bca3F3fD6335C3F4ce8392D69350B4fA4E2',
      dataProvider: '0x0a16f2FCC0D44FaE41cc54e079281D84A363bECD',
      aToken: '0x98C23E9d8f34FEFb1B7BD6a91B7FF122F4e16F5c',
    },
    {
      id: 'ethereum/savings/sUSDS',
      protocol: 'savings',
      asset: 'sUSDS',
      underlying: ethereumTokens.USDS,
      decimals: USDS_DECIMALS,
      vault: ethereumTokens.sUSDS,
    },
  ],
  layerZero: {
    endpoint: LAYERZERO_ENDPOINT_V2,
    // SkyLink over LayerZero (Ethereum <-> Avalanche only): the current SkyOFTAdapter lockboxes, chainlog
    // USDS_OFT / SUSDS_OFT (controller notes, correction 3; notes section 3).
    ofts: {
      USDS: { address: '0x1e1D42781FC170EF9da004Fb735f56F0276d01B8', kind: 'adapter' },
      sUSDS: { address: '0x85A3FE4DA2a6cB98A5bdF62458B0dB8471B9f0f1', kind: 'adapter' },
    },
  },
  // No `psm`: the LitePSM is reached through the controller only (productionSll.ethereum.psm).
  multicall3: MULTICALL3,
  almProxy: ethereumSll.almProxy,
} satisfies ChainDeployment

const baseTokens = {
  USDS: '0x820C137fa70C8691f0e44Dc420a5e53c168921Dc',
  sUSDS: '0x5875eEE11Cf8398102FdAd704C9E96607675467a',
  USDC: '0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913',
} as const satisfies ChainDeployment['tokens']

const base = {
  name: 'base',
  ...chainIdentities.base,
  tokens: baseTokens,
  venues: [
    {
      id: 'base/aave/USDC',
      protocol: 'aave',
      aaveVersion: '3.3',
      asset: 'USDC',
      underlying: baseTokens.USDC,
      decimals: USDC_DECIMALS,
      pool: '0xA238Dd80C259a72e81d7e4664a9801593F98d1c5',
      dataProvider: '0x0F43731EB8d45A581f4a36DD74F5f358bc90C73A',
      aToken: '0x4e65fE4DbA92790696d040ac24Aa414708F5c0AB',
    },
  ],
  // USDS/sUSDS reach the L2s through SkyLink canonical bridges (governance spells), not LayerZero.
  layerZero: { endpoint: LAYERZERO_ENDPOINT_V2, ofts: {} },
  // No `psm`: the PSM3 is reached through the controller only (productionSll.base.psm).
  multicall3: MULTICALL3,
  almProxy: baseSll.almProxy,
} satisfies ChainDeployment

const arbitrumTokens = {
  USDS: '0x6491c05A82219b8D1479057361ff1654749b876b',
  sUSDS: '0xdDb46999F8891663a8F2828d25298f70416d7610',
  USDC: '0xaf88d065e77c8cC2239327C5EDb3A432268e5831',
} as const satisfies ChainDeployment['tokens']

const arbitrum = {
  name: 'arbitrum',
  ...chainIdentities.arbitrum,
  tokens: arbitrumTokens,
  venues: [
    {
      id: 'arbitrum/aave/USDC',
      protocol: 'aave',
      aaveVersion: '3.3',
      asset: 'USDC',
      underlying: arbitrumTokens.USDC,
      decimals: USDC_DECIMALS,
      pool: AAVE_L2_POOL,
      dataProvider: AAVE_L2_DATA_PROVIDER,
      aToken: '0x724dc807b04555b71ed48a6896b6F41593b8C637',
    },
  ],
  layerZero: { endpoint: LAYERZERO_ENDPOINT_V2, ofts: {} },
  // No `psm`: the PSM3 is reached through the controller only (productionSll.arbitrum.psm).
  multicall3: MULTICALL3,
  almProxy: arbitrumSll.almProxy,
} satisfies ChainDeployment

const optimismTokens = {
  USDS: '0x4F13a96EC5C4Cf34e442b46Bbd98a0791F20edC3',
  sUSDS: '0xb5B2dc7fd34C249F4be7fB1fCea07950784229e0',
  USDC: '0x0b2C639c533813f4Aa9D7837CAf62653d097Ff85',
} as const satisfies ChainDeployment['tokens']

const optimism = {
  name: 'optimism',
  // eid third-party sourced (notes): check against docs.layerzero.network deployed contracts.
  ...chainIdentities.optimism,
  tokens: optimismTokens,
  venues: [
    {
      id: 'optimism/aave/USDC',
      protocol: 'aave',
      aaveVersion: '3.3',
      asset: 'USDC',
      underlying: optimismTokens.USDC,
      decimals: USDC_DECIMALS,
      pool: AAVE_L2_POOL,
      dataProvider: AAVE_L2_DATA_PROVIDER,
      aToken: '0x38d693cE1dF5AaDF7bC62595A37D667aD57922e5',
    },
  ],
  layerZero: { endpoint: LAYERZERO_ENDPOINT_V2, ofts: {} },
  // No `psm`: the PSM3 is reached through the controller only (productionSll.optimism.psm).
  multicall3: MULTICALL3,
  almProxy: optimismSll.almProxy,
} satisfies ChainDeployment

const unichainTokens = {
  USDS: '0x7E10036Acc4B56d4dFCa3b77810356CE52313F9C',
  sUSDS: '0xA06b10Db9F390990364A3984C04FaDf1c13691b5',
  USDC: '0x078D782b760474a361dDA0AF3839290b0EF57AD6',
} as const satisfies ChainDeployment['tokens']

const unichain = {
  name: 'unichain',
  // eid third-party sourced (notes): check against docs.layerzero.network deployed contracts.
  ...chainIdentities.unichain,
  tokens: unichainTokens,
  // No Aave market (address book), no SparkLend, no recorded Morpho vault market: idle balances only.
  venues: [],
  layerZero: { endpoint: LAYERZERO_ENDPOINT_V2, ofts: {} },
  // No `psm`: the PSM3 is reached through the controller only (productionSll.unichain.psm).
  multicall3: MULTICALL3,
  almProxy: unichainSll.almProxy,
} satisfies ChainDeployment

const avalancheTokens = {
  USDS: '0x86Ff09db814ac346a7C6FE2Cd648F27706D1D470',
  sUSDS: '0xb94D9613C7aAB11E548a327154Cc80eCa911B5c1',
  USDC: '0xB97EF9Ef8734C71904D8002F8b6Bc66Dd9c48a6E',
} as const satisfies ChainDeployment['tokens']

const avalanche = {
  name: 'avalanche',
  ...chainIdentities.avalanche,
  tokens: avalancheTokens,
  venues: [],
  offboardedVenues: [
    {
      venue: {
        id: 'avalanche/aave/USDC',
        protocol: 'aave',
        aaveVersion: '3.3',
        asset: 'USDC',
        underlying: avalancheTokens.USDC,
        decimals: USDC_DECIMALS,
        pool: AAVE_L2_POOL,
        dataProvider: AAVE_L2_DATA_PROVIDER,
        aToken: '0x625E7708f30cA75bfd92586e17077590C60eb4cD',
      },
      offboardedOn: '2026-05-07',
      reason:
        'offboarded from the SLL: AAVE_DEPOSIT / AAVE_WITHDRAW rate limits set to 0 in SparkAvalanche_20260507 ' +
        '(notes, Aave V3; controller notes, correction 4); a controller deposit would revert',
    },
  ],
  layerZero: {
    endpoint: LAYERZERO_ENDPOINT_V2,
    // The current SkyLink mint/burn adapters, chainlog USDS_OFT / SUSDS_OFT after the "OFT V2 migration"
    // (controller notes, correction 3; notes section 3). Resolve them from the Sky chainlog before sending.
    ofts: {
      USDS: { address: '0x4fec40719fD9a8AE3F8E20531669DEC5962D2619', kind: 'oft' },
      sUSDS: { address: '0x7297D4811f088FC26bC5475681405B99b41E1FF9', kind: 'oft' },
    },
  },
  // No PSM on Avalanche (SparkAvalanche_20251016).
  multicall3: MULTICALL3,
  almProxy: avalancheSll.almProxy,
} satisfies ChainDeployment

/** The production registry: every chain of {@link Registry} must be present (a missing one does not compile). */
export const productionRegistry = {
  ethereum,
  base,
  arbitrum,
  optimism,
  unichain,
  avalanche,
} as const satisfies Registry
