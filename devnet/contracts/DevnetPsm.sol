// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";

/// @title DevnetPsm
/// @notice Minimal LitePSM-shaped swap: USDC (`gem`) <-> USDS 1:1 with decimal scaling and no fees.
/// Prefunded with both tokens at build time.
contract DevnetPsm {
    using SafeERC20 for IERC20;

    IERC20 public immutable usds;
    IERC20 public immutable gem;
    uint256 public immutable to18ConversionFactor;

    event SellGem(address indexed owner, uint256 value, uint256 fee);
    event BuyGem(address indexed owner, uint256 value, uint256 fee);

    constructor(IERC20 usds_, IERC20 gem_) {
        usds = usds_;
        gem = gem_;
        to18ConversionFactor = 10 ** (18 - IERC20Metadata(address(gem_)).decimals());
    }

    /// @notice Sells `gemAmt` USDC for USDS sent to `usr`.
    function sellGem(address usr, uint256 gemAmt) external returns (uint256 usdsOutWad) {
        usdsOutWad = gemAmt * to18ConversionFactor;
        gem.safeTransferFrom(msg.sender, address(this), gemAmt);
        usds.safeTransfer(usr, usdsOutWad);
        emit SellGem(usr, gemAmt, 0);
    }

    /// @notice Buys `gemAmt` USDC for `usr`, paying USDS.
    function buyGem(address usr, uint256 gemAmt) external returns (uint256 usdsInWad) {
        usdsInWad = gemAmt * to18ConversionFactor;
        usds.safeTransferFrom(msg.sender, address(this), usdsInWad);
        gem.safeTransfer(usr, gemAmt);
        emit BuyGem(usr, gemAmt, 0);
    }

    function tin() external pure returns (uint256) {
        return 0;
    }

    function tout() external pure returns (uint256) {
        return 0;
    }
}
