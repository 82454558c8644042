// SPDX-License-Identifier: MIT
pragma solidity ^0.8.22;

import { ERC20 } from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @notice Test-only home token with free minting and configurable decimals.
contract DevnetMockToken is ERC20 {
    uint8 private immutable configuredDecimals;

    constructor(string memory name_, string memory symbol_, uint8 decimals_) ERC20(name_, symbol_) {
        configuredDecimals = decimals_;
    }

    function decimals() public view override returns (uint8) {
        return configuredDecimals;
    }

    /// @notice Anyone may mint: test fixture only.
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }
}
