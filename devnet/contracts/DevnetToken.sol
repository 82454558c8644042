// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

/// @title DevnetToken
/// @notice Plain ERC-20 with configurable decimals and minters, used for USDS, USDC and WETH on the devnet.
contract DevnetToken is ERC20, Ownable {
    uint8 private immutable _decimals;
    mapping(address => bool) public isMinter;

    event MinterSet(address indexed minter, bool allowed);

    constructor(string memory name_, string memory symbol_, uint8 decimals_, address owner_)
        ERC20(name_, symbol_)
        Ownable(owner_)
    {
        _decimals = decimals_;
        isMinter[owner_] = true;
    }

    function decimals() public view override returns (uint8) {
        return _decimals;
    }

    function setMinter(address minter, bool allowed) external onlyOwner {
        isMinter[minter] = allowed;
        emit MinterSet(minter, allowed);
    }

    function mint(address to, uint256 amount) external {
        require(isMinter[msg.sender], "DevnetToken: not minter");
        _mint(to, amount);
    }

    function burn(address from, uint256 amount) external {
        require(isMinter[msg.sender], "DevnetToken: not minter");
        _burn(from, amount);
    }
}
