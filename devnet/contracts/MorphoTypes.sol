// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// Morpho Blue data types and the subset of its interface the devnet contracts use (ABI-compatible).
type Id is bytes32;

struct MarketParams {
    address loanToken;
    address collateralToken;
    address oracle;
    address irm;
    uint256 lltv;
}

struct Market {
    uint128 totalSupplyAssets;
    uint128 totalSupplyShares;
    uint128 totalBorrowAssets;
    uint128 totalBorrowShares;
    uint128 lastUpdate;
    uint128 fee;
}

interface IMorphoMinimal {
    function supply(MarketParams memory marketParams, uint256 assets, uint256 shares, address onBehalf, bytes memory data)
        external
        returns (uint256, uint256);
    function withdraw(MarketParams memory marketParams, uint256 assets, uint256 shares, address onBehalf, address receiver)
        external
        returns (uint256, uint256);
    function accrueInterest(MarketParams memory marketParams) external;
    function market(Id id)
        external
        view
        returns (uint128, uint128, uint128, uint128, uint128, uint128);
    function position(Id id, address user) external view returns (uint256, uint128, uint128);
}

interface IIrmMinimal {
    function borrowRateView(MarketParams memory marketParams, Market memory market) external view returns (uint256);
}
