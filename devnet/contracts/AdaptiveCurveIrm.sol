// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Id, MarketParams, Market} from "./MorphoTypes.sol";

/// @title AdaptiveCurveIrm
/// @notice Devnet implementation of Morpho's adaptive curve interest rate model, written from its published
/// formula: borrow rate = curve(err) * rateAtTarget, with err the normalized distance of utilization to the
/// 90% target, a curve of steepness 4, and rateAtTarget adapting continuously at speed 50/year * err
/// (exponential), bounded to [0.1%, 200%] per year and starting at 4% per year. All values are WAD,
/// rates per second.
contract AdaptiveCurveIrm {
    int256 internal constant WAD = 1e18;
    int256 public constant CURVE_STEEPNESS = 4e18;
    int256 public constant ADJUSTMENT_SPEED = 50e18 / int256(365 days);
    int256 public constant TARGET_UTILIZATION = 0.9e18;
    int256 public constant INITIAL_RATE_AT_TARGET = 0.04e18 / int256(365 days);
    int256 public constant MIN_RATE_AT_TARGET = 0.001e18 / int256(365 days);
    int256 public constant MAX_RATE_AT_TARGET = 2e18 / int256(365 days);

    // exp(x) helpers
    int256 internal constant LN_2 = 0.693147180559945309e18;
    int256 internal constant LN_WEI = -41.446531673892822312e18;
    int256 internal constant EXP_UPPER_BOUND = 93.859467695000404319e18;

    address public immutable MORPHO;

    /// @notice Rate at target utilization (per second, WAD) stored at the market's last update.
    mapping(Id => int256) public rateAtTarget;

    event BorrowRateUpdate(Id indexed id, uint256 avgBorrowRate, uint256 rateAtTarget);

    constructor(address morpho) {
        require(morpho != address(0), "AdaptiveCurveIrm: zero morpho");
        MORPHO = morpho;
    }

    function borrowRateView(MarketParams memory marketParams, Market memory market) external view returns (uint256) {
        (uint256 avgRate,) = _borrowRate(_id(marketParams), market);
        return avgRate;
    }

    function borrowRate(MarketParams memory marketParams, Market memory market) external returns (uint256) {
        require(msg.sender == MORPHO, "AdaptiveCurveIrm: not morpho");
        Id id = _id(marketParams);
        (uint256 avgRate, int256 endRateAtTarget) = _borrowRate(id, market);
        rateAtTarget[id] = endRateAtTarget;
        emit BorrowRateUpdate(id, avgRate, uint256(endRateAtTarget));
        return avgRate;
    }

    function _id(MarketParams memory marketParams) internal pure returns (Id) {
        return Id.wrap(keccak256(abi.encode(marketParams)));
    }

    function _borrowRate(Id id, Market memory market) internal view returns (uint256, int256) {
        int256 utilization = market.totalSupplyAssets > 0
            ? int256(uint256(market.totalBorrowAssets) * uint256(WAD) / uint256(market.totalSupplyAssets))
            : int256(0);
        int256 errNormFactor = utilization > TARGET_UTILIZATION ? WAD - TARGET_UTILIZATION : TARGET_UTILIZATION;
        int256 err = (utilization - TARGET_UTILIZATION) * WAD / errNormFactor;

        int256 start = rateAtTarget[id];
        int256 avgRateAtTarget;
        int256 endRateAtTarget;
        if (start == 0) {
            avgRateAtTarget = INITIAL_RATE_AT_TARGET;
            endRateAtTarget = INITIAL_RATE_AT_TARGET;
        } else {
            int256 speed = ADJUSTMENT_SPEED * err / WAD;
            int256 elapsed = int256(block.timestamp - uint256(market.lastUpdate));
            int256 linearAdaptation = speed * elapsed;
            if (linearAdaptation == 0) {
                avgRateAtTarget = start;
                endRateAtTarget = start;
            } else {
                // Average over the period by the trapezoidal rule on [start, mid, end].
                endRateAtTarget = _newRateAtTarget(start, linearAdaptation);
                int256 midRateAtTarget = _newRateAtTarget(start, linearAdaptation / 2);
                avgRateAtTarget = (start + endRateAtTarget + 2 * midRateAtTarget) / 4;
            }
        }
        return (uint256(_curve(avgRateAtTarget, err)), endRateAtTarget);
    }

    function _curve(int256 rate, int256 err) internal pure returns (int256) {
        int256 coeff = err < 0 ? WAD - WAD * WAD / CURVE_STEEPNESS : CURVE_STEEPNESS - WAD;
        return (coeff * err / WAD + WAD) * rate / WAD;
    }

    function _newRateAtTarget(int256 start, int256 linearAdaptation) internal pure returns (int256) {
        int256 r = start * _wExp(linearAdaptation) / WAD;
        if (r < MIN_RATE_AT_TARGET) return MIN_RATE_AT_TARGET;
        if (r > MAX_RATE_AT_TARGET) return MAX_RATE_AT_TARGET;
        return r;
    }

    /// @dev exp(x) for WAD x: x = q ln2 + r with |r| <= ln2/2, exp(r) by a 2nd-order Taylor polynomial.
    function _wExp(int256 x) internal pure returns (int256) {
        if (x < LN_WEI) return 0;
        if (x >= EXP_UPPER_BOUND) x = EXP_UPPER_BOUND;
        int256 half = x < 0 ? -(LN_2 / 2) : LN_2 / 2;
        int256 q = (x + half) / LN_2;
        int256 r = x - q * LN_2;
        int256 expR = WAD + r + r * r / WAD / 2;
        if (q >= 0) return expR << uint256(q);
        return expR >> uint256(-q);
    }
}
