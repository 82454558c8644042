/**
 * The read-only ABI fragments the market readers call. Aave shapes follow Aave v3.0.2 (`@aave/core-v3`
 * 1.19.3, the line SparkLend forks); Morpho shapes follow Morpho Blue 1.0 and its AdaptiveCurveIrm.
 *
 * @module
 */
import { parseAbi } from 'viem'

/** ERC-20 reads. */
export const erc20Abi = parseAbi([
  'function balanceOf(address account) view returns (uint256)',
  'function totalSupply() view returns (uint256)',
])

/** ERC-4626 reads (plus ERC-20 balance/supply of the shares). */
export const erc4626Abi = parseAbi([
  'function totalAssets() view returns (uint256)',
  'function totalSupply() view returns (uint256)',
  'function balanceOf(address account) view returns (uint256)',
  'function convertToAssets(uint256 shares) view returns (uint256)',
])

/** The sUSDS savings rate getter: per-second factor in ray (1e27 = 0%). */
export const savingsRateAbi = parseAbi(['function ssr() view returns (uint256)'])

/** Aave v3.0.2 `Pool.getReserveData`. */
export const aavePoolAbi = parseAbi([
  'struct ReserveConfigurationMap { uint256 data; }',
  'struct ReserveData { ReserveConfigurationMap configuration; uint128 liquidityIndex; uint128 currentLiquidityRate; uint128 variableBorrowIndex; uint128 currentVariableBorrowRate; uint128 currentStableBorrowRate; uint40 lastUpdateTimestamp; uint16 id; address aTokenAddress; address stableDebtTokenAddress; address variableDebtTokenAddress; address interestRateStrategyAddress; uint128 accruedToTreasury; uint128 unbacked; uint128 isolationModeTotalDebt; }',
  'function getReserveData(address asset) view returns (ReserveData)',
])

/** Aave >= 3.1 `Pool.getVirtualUnderlyingBalance`: the reserve's cash (virtual accounting). */
export const aavePoolVirtualBalanceAbi = parseAbi([
  'function getVirtualUnderlyingBalance(address asset) view returns (uint128)',
])

/** Aave >= 3.1 `DefaultReserveInterestRateStrategyV2.getInterestRateData(reserve)` (ray). */
export const aaveStrategyV2Abi = parseAbi([
  'struct InterestRateDataRay { uint256 optimalUsageRatio; uint256 baseVariableBorrowRate; uint256 variableRateSlope1; uint256 variableRateSlope2; }',
  'function getInterestRateData(address reserve) view returns (InterestRateDataRay)',
])

/** Aave v3.0.2 `AaveProtocolDataProvider` reads. */
export const aaveDataProviderAbi = parseAbi([
  'function getReserveCaps(address asset) view returns (uint256 borrowCap, uint256 supplyCap)',
  'function getReserveConfigurationData(address asset) view returns (uint256 decimals, uint256 ltv, uint256 liquidationThreshold, uint256 liquidationBonus, uint256 reserveFactor, bool usageAsCollateralEnabled, bool borrowingEnabled, bool stableBorrowRateEnabled, bool isActive, bool isFrozen)',
])

/** Aave v3.0.2 `StableDebtToken.getAverageStableRate` (ray). */
export const aaveStableDebtAbi = parseAbi(['function getAverageStableRate() view returns (uint256)'])

/** Aave v3.0.2 `DefaultReserveInterestRateStrategy` parameters (ray). */
export const aaveStrategyAbi = parseAbi([
  'function getBaseVariableBorrowRate() view returns (uint256)',
  'function getVariableRateSlope1() view returns (uint256)',
  'function getVariableRateSlope2() view returns (uint256)',
  'function OPTIMAL_USAGE_RATIO() view returns (uint256)',
])

/** Morpho Blue reads. */
export const morphoBlueAbi = parseAbi([
  'function market(bytes32 id) view returns (uint128 totalSupplyAssets, uint128 totalSupplyShares, uint128 totalBorrowAssets, uint128 totalBorrowShares, uint128 lastUpdate, uint128 fee)',
  'function idToMarketParams(bytes32 id) view returns (address loanToken, address collateralToken, address oracle, address irm, uint256 lltv)',
])

/** Morpho AdaptiveCurveIrm: rate at target utilization stored at the market's last update (per second, WAD). */
export const adaptiveCurveIrmAbi = parseAbi(['function rateAtTarget(bytes32 id) view returns (int256)'])

/** Multicall3's own chain id getter (lets the snapshot multicall check the chain id for free). */
export const multicall3ChainIdAbi = parseAbi(['function getChainId() view returns (uint256)'])
