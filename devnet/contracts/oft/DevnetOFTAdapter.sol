// SPDX-License-Identifier: MIT
pragma solidity ^0.8.22;

import { Ownable } from "@openzeppelin/contracts/access/Ownable.sol";
import { OFTAdapter } from "@layerzerolabs/oft-evm/contracts/OFTAdapter.sol";

/// @notice Home-chain lockbox: locks the existing token on send, releases it on receive.
contract DevnetOFTAdapter is OFTAdapter {
    constructor(address token_, address endpoint_, address owner_)
        OFTAdapter(token_, endpoint_, owner_)
        Ownable(owner_)
    {}
}
