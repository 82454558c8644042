import { type Address, encodeAbiParameters, type Hex, keccak256, toHex } from 'viem'

/**
 * Rate-limit keys. A base id is `keccak256("LIMIT_...")`; per-venue keys are `keccak256(abi.encode(id, ...))`
 * (address, address pair, uint32 domain, or LayerZero `(oft, uint32 eid)`), as the controllers derive them.
 */

/** The base ids the orchestrator uses, by name. */
export const limitIds = {
  AAVE_DEPOSIT: '0x8e6d782dd232ba18cda332ab87226668a41414f4096db2b33575872cd6fca16a',
  AAVE_WITHDRAW: '0x519fa96e0bcf84b705fc396cd38f7f5e661413cb0fe321a78e8a29091b5bf262',
  ERC4626_DEPOSIT: '0xc80e541ae8dbb00d82e12edc8dbc29e6ae9ebed737088df9145797f7edca3b42',
  ERC4626_WITHDRAW: '0xcbdb6738b19dd3b24f89f36d3582b7d46aa62654d6d68e2f61094c597ada836b',
  PSM_DEPOSIT: '0x7c568012181a682df173a98c82cacfe8564f179d5b53587ce54b9db76daddbcc',
  PSM_WITHDRAW: '0xa4498e16e9fd1065def948ac6ddfde917436a7ebbf0cd1df291fa2906b825622',
  USDS_MINT: '0xcb0537d5e5dba65a8edbac12555995860e5b8e1b70996011edb1ca8173e56d3c',
  USDS_TO_USDC: '0x00d4cb8ac2838f11d95b0136a919a13b994f920024aba35eee16dc433c65851c',
  USDC_TO_CCTP: '0x0476a9fd902eafdb5bcdabd9f0523dd7aacf7aa0c38c0e6ab912f5fed00f8e11',
  USDC_TO_DOMAIN: '0xfa746459736d4da7e93566b5ec05608174be6bf01c7207464bfb77d034bbdc7f',
  LAYERZERO_TRANSFER: '0xce9586fd7a1cc9f750fc9dbdf85d976df46745d82efe8f41ad6419c6f54c85cf',
  ASSET_TRANSFER: '0x48f98264e3feb9c04c94251c86b84a95f369fb2973906e457f22ec9080cb6755',
} as const satisfies Record<string, Hex>

/** The Solidity constant name of each base id (`LIMIT_4626_DEPOSIT` for `ERC4626_DEPOSIT`). */
export const limitIdNames = {
  AAVE_DEPOSIT: 'LIMIT_AAVE_DEPOSIT',
  AAVE_WITHDRAW: 'LIMIT_AAVE_WITHDRAW',
  ERC4626_DEPOSIT: 'LIMIT_4626_DEPOSIT',
  ERC4626_WITHDRAW: 'LIMIT_4626_WITHDRAW',
  PSM_DEPOSIT: 'LIMIT_PSM_DEPOSIT',
  PSM_WITHDRAW: 'LIMIT_PSM_WITHDRAW',
  USDS_MINT: 'LIMIT_USDS_MINT',
  USDS_TO_USDC: 'LIMIT_USDS_TO_USDC',
  USDC_TO_CCTP: 'LIMIT_USDC_TO_CCTP',
  USDC_TO_DOMAIN: 'LIMIT_USDC_TO_DOMAIN',
  LAYERZERO_TRANSFER: 'LIMIT_LAYERZERO_TRANSFER',
  ASSET_TRANSFER: 'LIMIT_ASSET_TRANSFER',
} as const satisfies Record<keyof typeof limitIds, string>

/** `keccak256(name)`: a base id from its Solidity name, e.g. `limitId('LIMIT_AAVE_DEPOSIT')`. */
export function limitId(name: string): Hex {
  return keccak256(toHex(name))
}

/** `keccak256(abi.encode(id, address))` (makeAddressKey). */
export function addressKey(id: Hex, address: Address): Hex {
  return keccak256(encodeAbiParameters([{ type: 'bytes32' }, { type: 'address' }], [id, address]))
}

/** `keccak256(abi.encode(id, a, b))` (makeAddressAddressKey). */
export function addressAddressKey(id: Hex, a: Address, b: Address): Hex {
  return keccak256(
    encodeAbiParameters([{ type: 'bytes32' }, { type: 'address' }, { type: 'address' }], [id, a, b]),
  )
}

/** `keccak256(abi.encode(id, uint32))` (makeUint32Key). */
export function uint32Key(id: Hex, value: number): Hex {
  return keccak256(encodeAbiParameters([{ type: 'bytes32' }, { type: 'uint32' }], [id, value]))
}

/** AAVE_DEPOSIT(aToken): decreased by `depositAave`, refilled by `withdrawAave`. */
export const aaveDepositKey = (aToken: Address): Hex => addressKey(limitIds.AAVE_DEPOSIT, aToken)
/** AAVE_WITHDRAW(aToken): decreased by `withdrawAave`. */
export const aaveWithdrawKey = (aToken: Address): Hex => addressKey(limitIds.AAVE_WITHDRAW, aToken)
/** 4626_DEPOSIT(vault): decreased by `depositERC4626`, refilled by withdraw/redeem. */
export const erc4626DepositKey = (vault: Address): Hex => addressKey(limitIds.ERC4626_DEPOSIT, vault)
/** 4626_WITHDRAW(vault): decreased by `withdrawERC4626`/`redeemERC4626`. */
export const erc4626WithdrawKey = (vault: Address): Hex => addressKey(limitIds.ERC4626_WITHDRAW, vault)
/** PSM_DEPOSIT(asset) (L2 PSM3). */
export const psmDepositKey = (asset: Address): Hex => addressKey(limitIds.PSM_DEPOSIT, asset)
/** PSM_WITHDRAW(asset) (L2 PSM3; not refilled by deposits). */
export const psmWithdrawKey = (asset: Address): Hex => addressKey(limitIds.PSM_WITHDRAW, asset)
/** USDS_TO_USDC (Ethereum LitePSM, USDC units): the base id itself. */
export const usdsToUsdcKey: Hex = limitIds.USDS_TO_USDC
/** USDS_MINT (Ethereum allocator vault): the base id itself. */
export const usdsMintKey: Hex = limitIds.USDS_MINT
/** USDC_TO_CCTP (global CCTP key): the base id itself. */
export const usdcToCctpKey: Hex = limitIds.USDC_TO_CCTP
/** USDC_TO_DOMAIN(domain) (CCTP destination domain). */
export const usdcToDomainKey = (domain: number): Hex => uint32Key(limitIds.USDC_TO_DOMAIN, domain)
/** ASSET_TRANSFER(asset, destination). */
export const assetTransferKey = (asset: Address, destination: Address): Hex =>
  addressAddressKey(limitIds.ASSET_TRANSFER, asset, destination)

/** LAYERZERO(oft, dstEid): `keccak256(abi.encode(LIMIT_LAYERZERO_TRANSFER, oft, uint32 eid))`. */
export function layerZeroKey(oft: Address, dstEid: number): Hex {
  return keccak256(
    encodeAbiParameters(
      [{ type: 'bytes32' }, { type: 'address' }, { type: 'uint32' }],
      [limitIds.LAYERZERO_TRANSFER, oft, dstEid],
    ),
  )
}
