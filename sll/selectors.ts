import type { Hex } from 'viem'

/**
 * Function selectors of the SLL contracts as published in `/work/shared/notes/sll-controller.md`
 * (production v1.8 / v1.10). Keyed by canonical signature. Allocator-vault functions are listed for
 * completeness although the devnet controllers do not implement them.
 */
export const foreignControllerSelectors = {
  'depositAave(address,uint256)': '0x2cefff96',
  'withdrawAave(address,uint256)': '0x7891c043',
  'depositERC4626(address,uint256)': '0x85f4881d',
  'withdrawERC4626(address,uint256)': '0x0b372e57',
  'redeemERC4626(address,uint256)': '0xd9acb348',
  'depositPSM(address,uint256)': '0x7a1cd355',
  'withdrawPSM(address,uint256)': '0xb41b48af',
  'transferTokenLayerZero(address,uint256,uint32)': '0x203f0e3e',
  'transferUSDCToCCTP(uint256,uint32)': '0xbcd7e46c',
  'transferAsset(address,address,uint256)': '0x439e2e45',
} as const satisfies Record<string, Hex>

/** MainnetController v1.10 selectors (Ethereum). */
export const mainnetControllerSelectors = {
  'depositAave(address,uint256)': '0x2cefff96',
  'withdrawAave(address,uint256)': '0x7891c043',
  'depositERC4626(address,uint256,uint256)': '0x7dbe3c90',
  'withdrawERC4626(address,uint256,uint256)': '0x90893cbe',
  'redeemERC4626(address,uint256,uint256)': '0xa60c8029',
  'swapUSDSToUSDC(uint256)': '0x5acb7053',
  'swapUSDCToUSDS(uint256)': '0x115c48d5',
  'mintUSDS(uint256)': '0x536f6b7e',
  'burnUSDS(uint256)': '0x96122b62',
  'transferTokenLayerZero(address,uint256,uint32)': '0x203f0e3e',
  'transferUSDCToCCTP(uint256,uint32)': '0xbcd7e46c',
  'transferAsset(address,address,uint256)': '0x439e2e45',
} as const satisfies Record<string, Hex>

/** RateLimits read selectors. */
export const rateLimitsSelectors = {
  'getRateLimitData(bytes32)': '0xff7a9fa4',
  'getCurrentRateLimit(bytes32)': '0x69d4ac03',
} as const satisfies Record<string, Hex>

/** Selectors the devnet controllers do not implement (allocator vault). */
export const notOnDevnet: ReadonlySet<string> = new Set(['mintUSDS(uint256)', 'burnUSDS(uint256)'])
