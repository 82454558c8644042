// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title RateLimitKeys
/// @notice Rate-limit key derivation: `keccak256(abi.encode(id, ...))` over a base id `keccak256("LIMIT_...")`.
library RateLimitKeys {
    bytes32 internal constant LIMIT_AAVE_DEPOSIT = keccak256("LIMIT_AAVE_DEPOSIT");
    bytes32 internal constant LIMIT_AAVE_WITHDRAW = keccak256("LIMIT_AAVE_WITHDRAW");
    bytes32 internal constant LIMIT_4626_DEPOSIT = keccak256("LIMIT_4626_DEPOSIT");
    bytes32 internal constant LIMIT_4626_WITHDRAW = keccak256("LIMIT_4626_WITHDRAW");
    bytes32 internal constant LIMIT_PSM_DEPOSIT = keccak256("LIMIT_PSM_DEPOSIT");
    bytes32 internal constant LIMIT_PSM_WITHDRAW = keccak256("LIMIT_PSM_WITHDRAW");
    bytes32 internal constant LIMIT_USDS_TO_USDC = keccak256("LIMIT_USDS_TO_USDC");
    bytes32 internal constant LIMIT_LAYERZERO_TRANSFER = keccak256("LIMIT_LAYERZERO_TRANSFER");
    bytes32 internal constant LIMIT_ASSET_TRANSFER = keccak256("LIMIT_ASSET_TRANSFER");
    bytes32 internal constant LIMIT_USDC_TO_CCTP = keccak256("LIMIT_USDC_TO_CCTP");
    bytes32 internal constant LIMIT_USDC_TO_DOMAIN = keccak256("LIMIT_USDC_TO_DOMAIN");

    function addressKey(bytes32 id, address a) internal pure returns (bytes32) {
        return keccak256(abi.encode(id, a));
    }

    function addressAddressKey(bytes32 id, address a, address b) internal pure returns (bytes32) {
        return keccak256(abi.encode(id, a, b));
    }

    function uint32Key(bytes32 id, uint32 n) internal pure returns (bytes32) {
        return keccak256(abi.encode(id, n));
    }

    function layerZeroKey(bytes32 id, address oft, uint32 eid) internal pure returns (bytes32) {
        return keccak256(abi.encode(id, oft, eid));
    }
}

/// @notice Test-only probe (never deployed; run as a deployless call) exposing the library's derivation.
contract RateLimitKeysProbe {
    function addressKey(bytes32 id, address a) external pure returns (bytes32) {
        return RateLimitKeys.addressKey(id, a);
    }

    function addressAddressKey(bytes32 id, address a, address b) external pure returns (bytes32) {
        return RateLimitKeys.addressAddressKey(id, a, b);
    }

    function uint32Key(bytes32 id, uint32 n) external pure returns (bytes32) {
        return RateLimitKeys.uint32Key(id, n);
    }

    function layerZeroKey(bytes32 id, address oft, uint32 eid) external pure returns (bytes32) {
        return RateLimitKeys.layerZeroKey(id, oft, eid);
    }
}
