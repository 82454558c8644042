// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";

/// @title RateLimits (devnet)
/// @notice Rate limits keyed by bytes32. Capacity at time t is
/// `maxAmount == max ? max : min(slope * (t - lastUpdated) + lastAmount, maxAmount)`. A key never set has
/// `maxAmount == 0` and reverts every trigger, so the set keys are the venue whitelist.
/// Written for the devnet from the published semantics; not the upstream source.
contract RateLimits is AccessControl {
    bytes32 public constant CONTROLLER = keccak256("CONTROLLER");

    struct RateLimitData {
        uint256 maxAmount;
        uint256 slope;
        uint256 lastAmount;
        uint256 lastUpdated;
    }

    mapping(bytes32 => RateLimitData) private _data;

    event RateLimitDataSet(bytes32 indexed key, uint256 maxAmount, uint256 slope, uint256 lastAmount, uint256 lastUpdated);
    event RateLimitDecreaseTriggered(bytes32 indexed key, uint256 amountToDecrease, uint256 oldRateLimit, uint256 newRateLimit);
    event RateLimitIncreaseTriggered(bytes32 indexed key, uint256 amountToIncrease, uint256 oldRateLimit, uint256 newRateLimit);

    constructor(address admin) {
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
    }

    // --- admin ---

    function setRateLimitData(bytes32 key, uint256 maxAmount, uint256 slope, uint256 lastAmount, uint256 lastUpdated)
        public
        onlyRole(DEFAULT_ADMIN_ROLE)
    {
        require(lastAmount <= maxAmount, "RateLimits/invalid-lastAmount");
        require(lastUpdated <= block.timestamp, "RateLimits/invalid-lastUpdated");
        _data[key] = RateLimitData(maxAmount, slope, lastAmount, lastUpdated);
        emit RateLimitDataSet(key, maxAmount, slope, lastAmount, lastUpdated);
    }

    /// @notice Sets a limit that starts full (lastAmount = maxAmount, lastUpdated = now).
    function setRateLimitData(bytes32 key, uint256 maxAmount, uint256 slope) external {
        setRateLimitData(key, maxAmount, slope, maxAmount, block.timestamp);
    }

    function setUnlimitedRateLimitData(bytes32 key) external {
        setRateLimitData(key, type(uint256).max, 0, type(uint256).max, block.timestamp);
    }

    // --- views ---

    function getRateLimitData(bytes32 key) external view returns (RateLimitData memory) {
        return _data[key];
    }

    function getCurrentRateLimit(bytes32 key) public view returns (uint256) {
        RateLimitData memory d = _data[key];
        if (d.maxAmount == type(uint256).max) return type(uint256).max;
        uint256 regenerated = d.slope * (block.timestamp - d.lastUpdated) + d.lastAmount;
        return regenerated < d.maxAmount ? regenerated : d.maxAmount;
    }

    // --- controller ---

    function triggerRateLimitDecrease(bytes32 key, uint256 amountToDecrease)
        external
        onlyRole(CONTROLLER)
        returns (uint256 newLimit)
    {
        RateLimitData storage d = _data[key];
        uint256 maxAmount = d.maxAmount;
        require(maxAmount > 0, "RateLimits/zero-maxAmount");
        if (maxAmount == type(uint256).max) return type(uint256).max;
        uint256 current = getCurrentRateLimit(key);
        require(amountToDecrease <= current, "RateLimits/rate-limit-exceeded");
        newLimit = current - amountToDecrease;
        d.lastAmount = newLimit;
        d.lastUpdated = block.timestamp;
        emit RateLimitDecreaseTriggered(key, amountToDecrease, current, newLimit);
    }

    function triggerRateLimitIncrease(bytes32 key, uint256 amountToIncrease)
        external
        onlyRole(CONTROLLER)
        returns (uint256 newLimit)
    {
        RateLimitData storage d = _data[key];
        uint256 maxAmount = d.maxAmount;
        require(maxAmount > 0, "RateLimits/zero-maxAmount");
        if (maxAmount == type(uint256).max) return type(uint256).max;
        uint256 current = getCurrentRateLimit(key);
        newLimit = amountToIncrease >= maxAmount - current ? maxAmount : current + amountToIncrease;
        d.lastAmount = newLimit;
        d.lastUpdated = block.timestamp;
        emit RateLimitIncreaseTriggered(key, amountToIncrease, current, newLimit);
    }
}
