// SPDX-License-Identifier: MIT
pragma solidity ^0.8.22;

import { Ownable } from "@openzeppelin/contracts/access/Ownable.sol";
import { OFT } from "@layerzerolabs/oft-evm/contracts/OFT.sol";

/// @notice Devnet OFT that IS the chain's token (18 decimals, shared decimals 6).
/// The owner may mint for devnet seeding; production OFTs have no such function.
contract DevnetOFT is OFT {
    constructor(string memory name_, string memory symbol_, address endpoint_, address owner_)
        OFT(name_, symbol_, endpoint_, owner_)
        Ownable(owner_)
    {}

    /// @notice Devnet-only seeding: mints `amount` to `to`.
    function mint(address to, uint256 amount) external onlyOwner {
        _mint(to, amount);
    }
}

/// @notice Same as DevnetOFT with 6 local decimals (USDC-like).
/// `decimals()` is pure so the OFTCore constructor (which reads it) sees 6.
contract DevnetOFT6 is DevnetOFT {
    constructor(string memory name_, string memory symbol_, address endpoint_, address owner_)
        DevnetOFT(name_, symbol_, endpoint_, owner_)
    {}

    function decimals() public pure override returns (uint8) {
        return 6;
    }
}
