import { parseAbi } from 'viem'

/**
 * viem ABIs of the SLL contracts the orchestrator calls, one per contract and per controller version
 * (MainnetController v1.10 on Ethereum, ForeignController v1.8 on the L2s). Signatures follow
 * `/work/shared/notes/sll-controller.md`; `sll/*.devnet.test.ts` pins every selector against the devnet.
 */

/** OpenZeppelin AccessControl, shared by every SLL contract. */
const accessControl = [
  'function DEFAULT_ADMIN_ROLE() view returns (bytes32)',
  'function hasRole(bytes32 role, address account) view returns (bool)',
  'function getRoleAdmin(bytes32 role) view returns (bytes32)',
  'function grantRole(bytes32 role, address account)',
  'function revokeRole(bytes32 role, address account)',
  'function renounceRole(bytes32 role, address callerConfirmation)',
  'error AccessControlUnauthorizedAccount(address account, bytes32 neededRole)',
  'error AccessControlBadConfirmation()',
] as const

/** ALMProxy: holds the money; executes calls for CONTROLLER only. */
export const almProxyAbi = parseAbi([
  ...accessControl,
  'function CONTROLLER() view returns (bytes32)',
  'function doCall(address target, bytes data) returns (bytes)',
  'function doCallWithValue(address target, bytes data, uint256 value) payable returns (bytes)',
])

/** RateLimits: the rate-limit store (see {@link currentRateLimit} in `sll/rate-limits.ts`). */
export const rateLimitsAbi = parseAbi([
  ...accessControl,
  'struct RateLimitData { uint256 maxAmount; uint256 slope; uint256 lastAmount; uint256 lastUpdated; }',
  'function CONTROLLER() view returns (bytes32)',
  'function getRateLimitData(bytes32 key) view returns (RateLimitData)',
  'function getCurrentRateLimit(bytes32 key) view returns (uint256)',
  'function setRateLimitData(bytes32 key, uint256 maxAmount, uint256 slope, uint256 lastAmount, uint256 lastUpdated)',
  'function setRateLimitData(bytes32 key, uint256 maxAmount, uint256 slope)',
  'function setUnlimitedRateLimitData(bytes32 key)',
  'function triggerRateLimitDecrease(bytes32 key, uint256 amountToDecrease) returns (uint256)',
  'function triggerRateLimitIncrease(bytes32 key, uint256 amountToIncrease) returns (uint256)',
  'event RateLimitDataSet(bytes32 indexed key, uint256 maxAmount, uint256 slope, uint256 lastAmount, uint256 lastUpdated)',
  'event RateLimitDecreaseTriggered(bytes32 indexed key, uint256 amountToDecrease, uint256 oldRateLimit, uint256 newRateLimit)',
  'event RateLimitIncreaseTriggered(bytes32 indexed key, uint256 amountToIncrease, uint256 oldRateLimit, uint256 newRateLimit)',
])

/** What both controller versions share: roles, governance setters, Aave, LayerZero, CCTP, asset transfers. */
const controllerCommon = [
  ...accessControl,
  'function RELAYER() view returns (bytes32)',
  'function FREEZER() view returns (bytes32)',
  'function LIMIT_AAVE_DEPOSIT() view returns (bytes32)',
  'function LIMIT_AAVE_WITHDRAW() view returns (bytes32)',
  'function LIMIT_4626_DEPOSIT() view returns (bytes32)',
  'function LIMIT_4626_WITHDRAW() view returns (bytes32)',
  'function LIMIT_LAYERZERO_TRANSFER() view returns (bytes32)',
  'function LIMIT_ASSET_TRANSFER() view returns (bytes32)',
  'function LIMIT_USDC_TO_CCTP() view returns (bytes32)',
  'function LIMIT_USDC_TO_DOMAIN() view returns (bytes32)',
  'function proxy() view returns (address)',
  'function rateLimits() view returns (address)',
  'function psm() view returns (address)',
  'function maxSlippages(address pool) view returns (uint256)',
  'function maxExchangeRates(address token) view returns (uint256)',
  'function layerZeroRecipients(uint32 destinationEndpointId) view returns (bytes32)',
  'function removeRelayer(address relayer)',
  'function setMaxSlippage(address pool, uint256 maxSlippage)',
  'function setMaxExchangeRate(address token, uint256 shares, uint256 maxExpectedAssets)',
  'function setLayerZeroRecipient(uint32 destinationEndpointId, bytes32 layerZeroRecipient)',
  'function depositAave(address aToken, uint256 amount)',
  'function withdrawAave(address aToken, uint256 amount) returns (uint256 amountWithdrawn)',
  'function transferAsset(address asset, address destination, uint256 amount)',
  'function transferTokenLayerZero(address oftAddress, uint256 amount, uint32 destinationEndpointId) payable',
  'function transferUSDCToCCTP(uint256 usdcAmount, uint32 destinationDomain)',
  'function mintRecipients(uint32 destinationDomain) view returns (bytes32)',
  'function setMintRecipient(uint32 destinationDomain, bytes32 mintRecipient)',
  /* Devnet-only (production takes both in the constructor): the CCTP TokenMessenger and the USDC it burns. */
  'function cctp() view returns (address)',
  'function cctpUsdc() view returns (address)',
  'function setCctp(address tokenMessenger, address usdc)',
  'event RelayerRemoved(address indexed relayer)',
] as const

/** MainnetController v1.10 (Ethereum): ERC-4626 with share bounds, LitePSM swaps in USDC units. */
export const mainnetControllerV1_10Abi = parseAbi([
  ...controllerCommon,
  'function LIMIT_USDS_TO_USDC() view returns (bytes32)',
  'function usds() view returns (address)',
  'function usdc() view returns (address)',
  'function depositERC4626(address token, uint256 amount, uint256 minSharesOut) returns (uint256 shares)',
  'function withdrawERC4626(address token, uint256 amount, uint256 maxSharesIn) returns (uint256 shares)',
  'function redeemERC4626(address token, uint256 shares, uint256 minAssetsOut) returns (uint256 assets)',
  'function swapUSDSToUSDC(uint256 usdcAmount)',
  'function swapUSDCToUSDS(uint256 usdcAmount)',
])

/** ForeignController v1.8 (Base, Arbitrum, Optimism, Unichain, Avalanche): PSM3, ERC-4626 without bounds. */
export const foreignControllerV1_8Abi = parseAbi([
  ...controllerCommon,
  'function LIMIT_PSM_DEPOSIT() view returns (bytes32)',
  'function LIMIT_PSM_WITHDRAW() view returns (bytes32)',
  'function depositPSM(address asset, uint256 amount) returns (uint256 shares)',
  'function withdrawPSM(address asset, uint256 maxAmount) returns (uint256 assetsWithdrawn)',
  'function depositERC4626(address token, uint256 amount) returns (uint256 shares)',
  'function withdrawERC4626(address token, uint256 amount) returns (uint256 shares)',
  'function redeemERC4626(address token, uint256 shares) returns (uint256 assets)',
])

/** The controller versions the orchestrator knows, as written in `devnet/state/sll.json`. */
export type ControllerVersion = 'mainnet-v1.10' | 'foreign-v1.8'

/** The controller ABI of each version: one ABI per chain, chosen by the chain's controller version. */
export const controllerAbis = {
  'mainnet-v1.10': mainnetControllerV1_10Abi,
  'foreign-v1.8': foreignControllerV1_8Abi,
} as const satisfies Record<ControllerVersion, unknown>

/** PSM3 (L2 USDC/USDS/sUSDS pool; the ALMProxy holds its shares). */
export const psm3Abi = parseAbi([
  'function usdc() view returns (address)',
  'function usds() view returns (address)',
  'function susds() view returns (address)',
  'function rateProvider() view returns (address)',
  'function totalShares() view returns (uint256)',
  'function shares(address user) view returns (uint256)',
  'function totalAssets() view returns (uint256)',
  'function convertToShares(uint256 assetValue) view returns (uint256)',
  'function convertToAssetValue(uint256 numShares) view returns (uint256)',
  'function convertToAssets(address asset, uint256 numShares) view returns (uint256)',
  'function previewDeposit(address asset, uint256 assetsToDeposit) view returns (uint256)',
  'function previewWithdraw(address asset, uint256 maxAssetsToWithdraw) view returns (uint256 sharesToBurn, uint256 assetsWithdrawn)',
  'function deposit(address asset, address receiver, uint256 assetsToDeposit) returns (uint256 newShares)',
  'function withdraw(address asset, address receiver, uint256 maxAssetsToWithdraw) returns (uint256 assetsWithdrawn)',
])

/** sUSDS rate provider of a PSM3 (1e27 = 1 USDS per sUSDS). */
export const rateProviderAbi = parseAbi(['function getConversionRate() view returns (uint256)'])

/** LitePSM (Ethereum USDS <-> USDC 1:1, no fee; `gemAmt` in USDC units). */
export const litePsmAbi = parseAbi([
  'function usds() view returns (address)',
  'function gem() view returns (address)',
  'function to18ConversionFactor() view returns (uint256)',
  'function tin() view returns (uint256)',
  'function tout() view returns (uint256)',
  'function sellGem(address usr, uint256 gemAmt) returns (uint256 usdsOutWad)',
  'function buyGem(address usr, uint256 gemAmt) returns (uint256 usdsInWad)',
])
