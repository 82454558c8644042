// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {ERC4626} from "@openzeppelin/contracts/token/ERC20/extensions/ERC4626.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

/// @title SavingsVault
/// @notice sUSDS stand-in: an ERC-4626 over USDS whose share price `chi` compounds every second at the
/// savings rate `ssr` (a per-second factor in RAY, like the Sky Savings Rate). The owner sets the rate.
/// Interest is paid from USDS the vault holds (prefunded at build time), so `totalAssets` can exceed
/// deposits; `evm_increaseTime` accrues interest.
contract SavingsVault is ERC4626, Ownable {
    uint256 internal constant RAY = 1e27;
    /// @notice Per-second rate factor in RAY (1e27 = 0%).
    uint256 public ssr;
    /// @notice Share price (RAY) at `rho`.
    uint256 public chiStored;
    /// @notice Timestamp of the last drip.
    uint64 public rho;

    event Drip(uint256 chi, uint256 diff);
    event SsrSet(uint256 ssr);

    constructor(IERC20 usds, string memory name_, string memory symbol_, uint256 ssr_, address owner_)
        ERC20(name_, symbol_)
        ERC4626(usds)
        Ownable(owner_)
    {
        require(ssr_ >= RAY, "SavingsVault: ssr < RAY");
        ssr = ssr_;
        chiStored = RAY;
        rho = uint64(block.timestamp);
    }

    /// @notice Current share price in RAY including interest since the last drip.
    function chi() public view returns (uint256) {
        if (block.timestamp == rho) return chiStored;
        return _rpow(ssr, block.timestamp - rho) * chiStored / RAY;
    }

    /// @notice Stores the current chi.
    function drip() public returns (uint256 nChi) {
        nChi = chi();
        uint256 diff = totalSupply() * (nChi - chiStored) / RAY;
        chiStored = nChi;
        rho = uint64(block.timestamp);
        emit Drip(nChi, diff);
    }

    /// @notice Sets the per-second savings rate factor (RAY), after accruing at the old rate.
    function setSsr(uint256 ssr_) external onlyOwner {
        require(ssr_ >= RAY, "SavingsVault: ssr < RAY");
        drip();
        ssr = ssr_;
        emit SsrSet(ssr_);
    }

    function totalAssets() public view override returns (uint256) {
        return totalSupply() * chi() / RAY;
    }

    function _convertToShares(uint256 assets, Math.Rounding rounding) internal view override returns (uint256) {
        return Math.mulDiv(assets, RAY, chi(), rounding);
    }

    function _convertToAssets(uint256 shares, Math.Rounding rounding) internal view override returns (uint256) {
        return Math.mulDiv(shares, chi(), RAY, rounding);
    }

    function _rpow(uint256 x, uint256 n) internal pure returns (uint256 z) {
        z = n % 2 != 0 ? x : RAY;
        for (n /= 2; n != 0; n /= 2) {
            x = x * x / RAY;
            if (n % 2 != 0) z = z * x / RAY;
        }
    }
}
