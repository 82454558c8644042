// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {ERC4626} from "@openzeppelin/contracts/token/ERC20/extensions/ERC4626.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {Id, MarketParams, Market, IMorphoMinimal, IIrmMinimal} from "./MorphoTypes.sol";

/// @title MorphoVault
/// @notice MetaMorpho-like ERC-4626 vault that supplies everything to ONE Morpho Blue market.
/// `totalAssets` includes interest accrued since the market's last update (view-computed like Morpho);
/// withdrawals are limited by the market's available cash.
contract MorphoVault is ERC4626 {
    uint256 internal constant WAD = 1e18;
    uint256 internal constant VIRTUAL_SHARES = 1e6;
    uint256 internal constant VIRTUAL_ASSETS = 1;

    IMorphoMinimal public immutable morpho;
    Id public immutable marketId;
    address public immutable collateralToken;
    address public immutable oracle;
    address public immutable irm;
    uint256 public immutable lltv;

    constructor(IMorphoMinimal morpho_, MarketParams memory params, string memory name_, string memory symbol_)
        ERC20(name_, symbol_)
        ERC4626(IERC20(params.loanToken))
    {
        morpho = morpho_;
        marketId = Id.wrap(keccak256(abi.encode(params)));
        collateralToken = params.collateralToken;
        oracle = params.oracle;
        irm = params.irm;
        lltv = params.lltv;
        IERC20(params.loanToken).approve(address(morpho_), type(uint256).max);
    }

    /// @notice The Morpho Blue market parameters this vault supplies to.
    function marketParams() public view returns (MarketParams memory) {
        return MarketParams(asset(), collateralToken, oracle, irm, lltv);
    }

    /// @notice Market totals with interest accrued up to now (view).
    function expectedMarket() public view returns (Market memory m) {
        (m.totalSupplyAssets, m.totalSupplyShares, m.totalBorrowAssets, m.totalBorrowShares, m.lastUpdate, m.fee) =
            morpho.market(marketId);
        uint256 elapsed = block.timestamp - uint256(m.lastUpdate);
        if (elapsed == 0 || m.totalBorrowAssets == 0) return m;
        uint256 rate = IIrmMinimal(irm).borrowRateView(marketParams(), m);
        uint256 interest = uint256(m.totalBorrowAssets) * _taylorCompounded(rate, elapsed) / WAD;
        m.totalBorrowAssets += uint128(interest);
        m.totalSupplyAssets += uint128(interest);
        if (m.fee != 0) {
            uint256 feeAmount = interest * m.fee / WAD;
            uint256 feeShares = feeAmount * (uint256(m.totalSupplyShares) + VIRTUAL_SHARES)
                / (uint256(m.totalSupplyAssets) - feeAmount + VIRTUAL_ASSETS);
            m.totalSupplyShares += uint128(feeShares);
        }
        m.lastUpdate = uint128(block.timestamp);
    }

    /// @notice Assets the market can pay out now (supply minus borrows).
    function availableLiquidity() public view returns (uint256) {
        Market memory m = expectedMarket();
        return uint256(m.totalSupplyAssets) - uint256(m.totalBorrowAssets);
    }

    function totalAssets() public view override returns (uint256) {
        Market memory m = expectedMarket();
        (uint256 supplyShares,,) = morpho.position(marketId, address(this));
        return supplyShares * (uint256(m.totalSupplyAssets) + VIRTUAL_ASSETS)
            / (uint256(m.totalSupplyShares) + VIRTUAL_SHARES);
    }

    function maxWithdraw(address owner) public view override returns (uint256) {
        // Not super.maxWithdraw: OZ derives it from maxRedeem, whose share rounding would lose a unit.
        return Math.min(_convertToAssets(balanceOf(owner), Math.Rounding.Floor), availableLiquidity());
    }

    function maxRedeem(address owner) public view override returns (uint256) {
        return Math.min(super.maxRedeem(owner), _convertToShares(availableLiquidity(), Math.Rounding.Floor));
    }

    function _deposit(address caller, address receiver, uint256 assets, uint256 shares) internal override {
        super._deposit(caller, receiver, assets, shares);
        morpho.supply(marketParams(), assets, 0, address(this), "");
    }

    function _withdraw(address caller, address receiver, address owner, uint256 assets, uint256 shares)
        internal
        override
    {
        morpho.withdraw(marketParams(), assets, 0, address(this), address(this));
        super._withdraw(caller, receiver, owner, assets, shares);
    }

    function _taylorCompounded(uint256 x, uint256 n) internal pure returns (uint256) {
        uint256 first = x * n;
        uint256 second = first * first / (2 * WAD);
        uint256 third = second * first / (3 * WAD);
        return first + second + third;
    }
}
