/**
 * The production registry: the six chains of the Spark Liquidity Layer with their real tokens, venues and
 * LayerZero deployments. Source: `notes/spark-liquidity-layer.md` (spark-address-registry, aave-address-book,
 * Sky spells). Addresses can change through governance: verify on chain before moving money.
 *
 * What is deliberately absent (an omitted venue is never read, so it cannot report a made-up number):
 * - Morpho: the Spark MetaMorpho vaults (Ethereum `0x56A76b42…` USDC, `0xe41a0583…` USDS, Base `0x7BfA7C4f…` USDC)
 *   allocate over many Morpho Blue markets; our `MorphoVaultVenue` reads exactly one market id + IRM, and
 *   no single production market id is recorded in the notes. Add one when it is known.
 * - sUSDS savings on the L2s: there sUSDS is a plain bridged token (no ERC-4626 vault), priced through the
 *   PSM3 rate provider (SSR auth oracle), whose address is not recorded. Only Ethereum has the sUSDS vault.
 * - Aave on Unichain: the Aave address book has no Unichain market. Aave "Prime" (Lido) on Ethereum: not read.
 * - SparkLend exists only on Ethereum (and Gnosis, not an SLL chain).
 *
 * Aave V3 venues are marked `aaveVersion: '3.3'` (production Aave runs >= 3.2: V2 rate strategy, virtual
 * balance, no stable debt); SparkLend keeps the v3.0 ABI (its strategies implement the v3.0 getters).
 *
 * @module
 */
import type { Address } from 'viem'
import { chainIdentities } from './names.js'
import type { ChainDeployment, Registry } from './types.js'

/** LayerZero V2 EndpointV2, same address on every chain. */
export const LAYERZERO_ENDPOINT_V2: Address = '0x1a44076050125825900e736c501f859c50fE728c'
/** Multicall3, same address on every chain. */
export const MULTICALL3: Address = '0xcA11bde05977b3631167028862bE2a173976CA11'

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
    // SkyLink over LayerZero (Ethereum <-> Avalanche only): lockbox adapters on the home chain.
    ofts: {
      USDS: { address: '0x1e1D42781FC170EF9da004Fb735f56F0276d01B8', kind: 'adapter' },
      sUSDS: { address: '0x85A3FE4DA2a6cB98A5bdF62458B0dB8471B9f0f1', kind: 'adapter' },
    },
  },
  // LitePSM (USDS <-> USDC, no fee).
  psm: '0xf6e72Db5454dd049d0788e411b06CfAF16853042',
  multicall3: MULTICALL3,
  almProxy: '0x1601843c5E9bC251A3272907010AFa41Fa18347E',
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
  // PSM3 (USDC / USDS / sUSDS pool; USDS <-> USDC at par).
  psm: '0x1601843c5E9bC251A3272907010AFa41Fa18347E',
  multicall3: MULTICALL3,
  almProxy: '0x2917956eFF0B5eaF030abDB4EF4296DF775009cA',
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
  psm: '0x2B05F8e1cACC6974fD79A673a341Fe1f58d27266',
  multicall3: MULTICALL3,
  almProxy: '0x92afd6F2385a90e44da3a8B60fe36f6cBe1D8709',
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
  psm: '0xe0F9978b907853F354d79188A3dEfbD41978af62',
  multicall3: MULTICALL3,
  almProxy: '0x876664f0c9Ff24D1aa355Ce9f1680AE1A5bf36fB',
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
  psm: '0x7b42Ed932f26509465F7cE3FAF76FfCe1275312f',
  multicall3: MULTICALL3,
  almProxy: '0x345E368fcCd62266B3f5F37C9a131FD1c39f5869',
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
  venues: [
    {
      // Offboarded from the SLL (rate limits set to 0 in SparkAvalanche_20260507): still readable, but a
      // policy should not list it; a deposit would revert on the controller's rate limit.
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
  ],
  layerZero: {
    endpoint: LAYERZERO_ENDPOINT_V2,
    // SkyLink mint/burn adapters. Caveat (notes): an "OFT V2 migration" may repoint these; resolve them
    // from the Sky chainlog before sending.
    ofts: {
      USDS: { address: '0x4fec40719fD9a8AE3F8E20531669DEC5962D2619', kind: 'oft' },
      sUSDS: { address: '0x7297D4811f088FC26bC5475681405B99b41E1FF9', kind: 'oft' },
    },
  },
  // No PSM on Avalanche (SparkAvalanche_20251016).
  multicall3: MULTICALL3,
  almProxy: '0xecE6B0E8a54c2f44e066fBb9234e7157B15b7FeC',
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
