import type { Address, Hex } from 'viem'
import type { ChainName } from './names.js'

/** An asset the SLL deploys. */
export type Asset = 'USDS' | 'sUSDS' | 'USDC'

/** Fields every venue has. `id` is the spec market id, e.g. `ethereum/sparklend/USDS`. */
type VenueBase = {
  id: string
  asset: Asset
  /** ERC-20 we deposit (USDS for savings vaults). */
  underlying: Address
  /** Decimals of `underlying`. */
  decimals: number
}

/** An Aave v3 style reserve (Aave V3 or SparkLend). */
export type AaveVenue = VenueBase & {
  protocol: 'sparklend' | 'aave'
  pool: Address
  dataProvider: Address
  aToken: Address
  /**
   * ABI generation of the pool. `'3.0'` (default): Aave v3.0.2 as SparkLend and the devnet run it (strategy
   * getters without arguments, stable debt, cash = underlying held by the aToken). `'3.3'`: Aave >= 3.2 as
   * production Aave V3 runs it (`DefaultReserveInterestRateStrategyV2.getInterestRateData(asset)`, cash =
   * `Pool.getVirtualUnderlyingBalance(asset)`, no stable debt).
   */
  aaveVersion?: '3.0' | '3.3'
  /**
   * Optional static hints (read from `Pool.getReserveData(asset)` when absent). With them a market read
   * needs no discovery round trip; they are re-checked against the pool on every read.
   */
  variableDebtToken?: Address
  stableDebtToken?: Address
  interestRateStrategy?: Address
}

/** An ERC-4626 vault that supplies to one Morpho Blue market (MetaMorpho-like). */
export type MorphoVaultVenue = VenueBase & {
  protocol: 'morpho'
  vault: Address
  morpho: Address
  /** Morpho Blue market id (bytes32) the vault supplies to. */
  marketId: Hex
  irm: Address
}

/** The sUSDS savings vault (ERC-4626 over USDS, rate set by governance). */
export type SavingsVenue = VenueBase & {
  protocol: 'savings'
  vault: Address
}

/** A place the SLL can supply to. */
export type Venue = AaveVenue | MorphoVaultVenue | SavingsVenue

/** A LayerZero OFT for one asset: an adapter (lockbox) on the home chain, a mint/burn OFT elsewhere. */
export type OftDeployment = { address: Address; kind: 'adapter' | 'oft' }

/** Everything the orchestrator needs to know about one chain. */
export type ChainDeployment = {
  name: ChainName
  chainId: number
  /** LayerZero V2 endpoint id. */
  eid: number
  tokens: Record<Asset, Address>
  venues: Venue[]
  layerZero: {
    endpoint: Address
    ofts: Partial<Record<Asset, OftDeployment>>
  }
  /** 1:1 USDS <-> USDC swap module, where one exists. */
  psm?: Address
  /** Multicall3-compatible contract (`aggregate3`). */
  multicall3: Address
  /** Address holding the SLL's funds on this chain (ALMProxy), when known; positions are read for it. */
  almProxy?: Address
}

/** Deployments of all six chains; a missing chain is a compile error. */
export type Registry = Record<ChainName, ChainDeployment>
