// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC4626} from "@openzeppelin/contracts/interfaces/IERC4626.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

/// @notice A `getConversionRate()` (1e27 = 1 USDS per sUSDS) read from an ERC-4626 savings vault.
contract SavingsRateProvider {
    IERC4626 public immutable vault;

    constructor(IERC4626 vault_) {
        vault = vault_;
    }

    function getConversionRate() external view returns (uint256) {
        return vault.convertToAssets(1e18) * 1e9;
    }
}

interface IRateProvider {
    function getConversionRate() external view returns (uint256);
}

/// @title Psm3 (devnet)
/// @notice PSM3-shaped liquidity pool over USDC (6 decimals), USDS and sUSDS (18 decimals). Depositors get
/// shares of the pool's total value (1e18 USD units: USDC scaled by 1e12, USDS 1:1, sUSDS through the rate
/// provider, 1e27 precision). Withdrawals pay any asset the pool holds, capped by the caller's shares.
/// No fees, no swaps, no pocket. Written for the devnet from the published interface.
contract Psm3 {
    using SafeERC20 for IERC20;

    IERC20 public immutable usdc;
    IERC20 public immutable usds;
    IERC20 public immutable susds;
    address public immutable rateProvider;

    uint256 public totalShares;
    mapping(address => uint256) public shares;

    event Deposit(address indexed asset, address indexed user, address indexed receiver, uint256 assetsDeposited, uint256 sharesMinted);
    event Withdraw(address indexed asset, address indexed user, address indexed receiver, uint256 assetsWithdrawn, uint256 sharesBurned);

    constructor(IERC20 usdc_, IERC20 usds_, IERC20 susds_, address rateProvider_) {
        usdc = usdc_;
        usds = usds_;
        susds = susds_;
        rateProvider = rateProvider_;
    }

    // --- value conversions ---

    function _value(address asset, uint256 amount, Math.Rounding rounding) internal view returns (uint256) {
        if (asset == address(usdc)) return amount * 1e12;
        if (asset == address(usds)) return amount;
        if (asset == address(susds)) return Math.mulDiv(amount, IRateProvider(rateProvider).getConversionRate(), 1e27, rounding);
        revert("PSM3/invalid-asset");
    }

    function _amount(address asset, uint256 value, Math.Rounding rounding) internal view returns (uint256) {
        if (asset == address(usdc)) return Math.mulDiv(value, 1, 1e12, rounding);
        if (asset == address(usds)) return value;
        if (asset == address(susds)) return Math.mulDiv(value, 1e27, IRateProvider(rateProvider).getConversionRate(), rounding);
        revert("PSM3/invalid-asset");
    }

    /// @notice Pool value in 1e18 USD units.
    function totalAssets() public view returns (uint256) {
        return usdc.balanceOf(address(this)) * 1e12 + usds.balanceOf(address(this))
            + _value(address(susds), susds.balanceOf(address(this)), Math.Rounding.Floor);
    }

    function convertToShares(uint256 assetValue) public view returns (uint256) {
        uint256 total = totalAssets();
        return total == 0 ? assetValue : Math.mulDiv(assetValue, totalShares, total);
    }

    function convertToAssetValue(uint256 numShares) public view returns (uint256) {
        return totalShares == 0 ? numShares : Math.mulDiv(numShares, totalAssets(), totalShares);
    }

    function convertToAssets(address asset, uint256 numShares) public view returns (uint256) {
        return _amount(asset, convertToAssetValue(numShares), Math.Rounding.Floor);
    }

    // --- previews ---

    function previewDeposit(address asset, uint256 assetsToDeposit) public view returns (uint256) {
        return convertToShares(_value(asset, assetsToDeposit, Math.Rounding.Floor));
    }

    function previewWithdraw(address asset, uint256 maxAssetsToWithdraw)
        public
        view
        returns (uint256 sharesToBurn, uint256 assetsWithdrawn)
    {
        uint256 balance = IERC20(asset).balanceOf(address(this));
        assetsWithdrawn = maxAssetsToWithdraw < balance ? maxAssetsToWithdraw : balance;
        uint256 total = totalAssets();
        uint256 value = _value(asset, assetsWithdrawn, Math.Rounding.Ceil);
        sharesToBurn = total == 0 ? value : Math.mulDiv(value, totalShares, total, Math.Rounding.Ceil);
        uint256 owned = shares[msg.sender];
        if (sharesToBurn > owned) {
            sharesToBurn = owned;
            assetsWithdrawn = convertToAssets(asset, owned);
        }
    }

    // --- actions ---

    function deposit(address asset, address receiver, uint256 assetsToDeposit) external returns (uint256 newShares) {
        require(assetsToDeposit != 0, "PSM3/invalid-amount");
        newShares = previewDeposit(asset, assetsToDeposit);
        require(newShares != 0, "PSM3/zero-shares");
        IERC20(asset).safeTransferFrom(msg.sender, address(this), assetsToDeposit);
        shares[receiver] += newShares;
        totalShares += newShares;
        emit Deposit(asset, msg.sender, receiver, assetsToDeposit, newShares);
    }

    function withdraw(address asset, address receiver, uint256 maxAssetsToWithdraw)
        external
        returns (uint256 assetsWithdrawn)
    {
        require(maxAssetsToWithdraw != 0, "PSM3/invalid-amount");
        uint256 sharesToBurn;
        (sharesToBurn, assetsWithdrawn) = previewWithdraw(asset, maxAssetsToWithdraw);
        require(assetsWithdrawn != 0, "PSM3/nothing-to-withdraw");
        shares[msg.sender] -= sharesToBurn;
        totalShares -= sharesToBurn;
        IERC20(asset).safeTransfer(receiver, assetsWithdrawn);
        emit Withdraw(asset, msg.sender, receiver, assetsWithdrawn, sharesToBurn);
    }
}
