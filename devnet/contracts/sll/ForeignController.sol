// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ControllerBase} from "./ControllerBase.sol";
import {RateLimitKeys} from "./RateLimitKeys.sol";

interface IPsm3Like {
    function deposit(address asset, address receiver, uint256 assetsToDeposit) external returns (uint256);
    function withdraw(address asset, address receiver, uint256 maxAssetsToWithdraw) external returns (uint256);
}

/// @title ForeignController (devnet, v1.8 shapes)
/// @notice L2 controller: PSM3 deposits/withdrawals (keys do not refill each other), Aave, ERC-4626 without
/// share bounds, LayerZero. Written for the devnet from the published interface; not the upstream source.
contract ForeignController is ControllerBase {
    bytes32 public constant LIMIT_PSM_DEPOSIT = RateLimitKeys.LIMIT_PSM_DEPOSIT;
    bytes32 public constant LIMIT_PSM_WITHDRAW = RateLimitKeys.LIMIT_PSM_WITHDRAW;

    address public immutable psm;

    constructor(address admin, address proxy_, address rateLimits_, address psm_)
        ControllerBase(admin, proxy_, rateLimits_)
    {
        psm = psm_;
    }

    function _prefix() internal pure override returns (string memory) {
        return "FC/";
    }

    function depositPSM(address asset, uint256 amount) external onlyRole(RELAYER) returns (uint256 shares) {
        _decrease(RateLimitKeys.addressKey(LIMIT_PSM_DEPOSIT, asset), amount);
        _approve(asset, psm, amount);
        shares = abi.decode(_call(psm, abi.encodeCall(IPsm3Like.deposit, (asset, address(proxy), amount))), (uint256));
    }

    function withdrawPSM(address asset, uint256 maxAmount) external onlyRole(RELAYER) returns (uint256 assetsWithdrawn) {
        assetsWithdrawn = abi.decode(
            _call(psm, abi.encodeCall(IPsm3Like.withdraw, (asset, address(proxy), maxAmount))), (uint256)
        );
        _decrease(RateLimitKeys.addressKey(LIMIT_PSM_WITHDRAW, asset), assetsWithdrawn);
    }

    function depositERC4626(address token, uint256 amount) external onlyRole(RELAYER) returns (uint256 shares) {
        return _deposit4626(token, amount);
    }

    function withdrawERC4626(address token, uint256 amount) external onlyRole(RELAYER) returns (uint256 shares) {
        return _withdraw4626(token, amount);
    }

    function redeemERC4626(address token, uint256 shares) external onlyRole(RELAYER) returns (uint256 assets) {
        return _redeem4626(token, shares);
    }
}
