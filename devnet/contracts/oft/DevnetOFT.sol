// SPDX-License-Identifier: MIT
pragma solidity ^0.8.22;

import { Ownable } from "@openzeppelin/contracts/access/Ownable.sol";
import { OFT } from "@layerzerolabs/oft-evm/contracts/OFT.sol";

/// @notice Devnet OFT that IS the chain's token (18 decimals, shared decimals 6).
/// The owner may mint for devnet seeding; production OFTs have no such function.
/// Minters set by the owner (the devnet CCTP TokenMinter, see devnet/build/cctp.ts) may mint and burn:
/// a devnet-only path so that the same L2 USDC can arrive by LayerZero or by CCTP.
contract DevnetOFT is OFT {
    mapping(address => bool) public isMinter;

    event MinterSet(address indexed minter, bool allowed);

    constructor(string memory name_, string memory symbol_, address endpoint_, address owner_)
        OFT(name_, symbol_, endpoint_, owner_)
        Ownable(owner_)
    {}

    function setMinter(address minter, bool allowed) external onlyOwner {
        isMinter[minter] = allowed;
        emit MinterSet(minter, allowed);
    }

    /// @notice Devnet-only seeding (owner) or a CCTP mint (minter): mints `amount` to `to`.
    function mint(address to, uint256 amount) external {
        require(msg.sender == owner() || isMinter[msg.sender], "DevnetOFT: not minter");
        _mint(to, amount);
    }

    /// @notice CCTP burn (minter only): burns `amount` from `from`.
    function burn(address from, uint256 amount) external {
        require(isMinter[msg.sender], "DevnetOFT: not minter");
        _burn(from, amount);
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
