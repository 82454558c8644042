// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

/// @notice The devnet tokens' minter interface: `DevnetToken` (Ethereum USDC) and `DevnetOFT6` (L2 USDC)
/// both let an allowed minter `mint(to, amount)` and `burn(from, amount)`. (Circle's FiatToken has
/// `burn(uint256)` on the caller's balance instead; the minter always burns its own balance either way.)
interface ICctpMintBurnToken {
    function mint(address to, uint256 amount) external;
    function burn(address from, uint256 amount) external;
}

/// @title CctpTokenMinter
/// @notice Devnet TokenMinter written from Circle's public CCTP V1 interface (not from its source): holds the
/// per-message burn limit of each local token and the (remote domain, remote token) => local token links,
/// and mints / burns for the local TokenMessenger.
contract CctpTokenMinter is Ownable {
    address public localTokenMessenger;
    /// @notice Largest amount one `depositForBurn` may burn; 0 = token not supported for burns.
    mapping(address => uint256) public burnLimitsPerMessage;
    /// @notice keccak256(abi.encodePacked(remoteDomain, remoteToken)) => local token.
    mapping(bytes32 => address) public remoteTokensToLocalTokens;

    event LocalTokenMessengerAdded(address localTokenMessenger);
    event SetBurnLimitPerMessage(address indexed token, uint256 burnLimitPerMessage);
    event TokenPairLinked(address localToken, uint32 remoteDomain, bytes32 remoteToken);

    constructor(address owner_) Ownable(owner_) {}

    modifier onlyLocalTokenMessenger() {
        require(msg.sender == localTokenMessenger && msg.sender != address(0), "Caller not local TokenMessenger");
        _;
    }

    function addLocalTokenMessenger(address newLocalTokenMessenger) external onlyOwner {
        require(newLocalTokenMessenger != address(0), "Invalid TokenMessenger address");
        require(localTokenMessenger == address(0), "Local TokenMessenger already set");
        localTokenMessenger = newLocalTokenMessenger;
        emit LocalTokenMessengerAdded(newLocalTokenMessenger);
    }

    function setMaxBurnAmountPerMessage(address localToken, uint256 burnLimitPerMessage) external onlyOwner {
        burnLimitsPerMessage[localToken] = burnLimitPerMessage;
        emit SetBurnLimitPerMessage(localToken, burnLimitPerMessage);
    }

    function linkTokenPair(address localToken, uint32 remoteDomain, bytes32 remoteToken) external onlyOwner {
        bytes32 key = keccak256(abi.encodePacked(remoteDomain, remoteToken));
        require(remoteTokensToLocalTokens[key] == address(0), "Unable to link token pair");
        remoteTokensToLocalTokens[key] = localToken;
        emit TokenPairLinked(localToken, remoteDomain, remoteToken);
    }

    function getLocalToken(uint32 remoteDomain, bytes32 remoteToken) public view returns (address) {
        return remoteTokensToLocalTokens[keccak256(abi.encodePacked(remoteDomain, remoteToken))];
    }

    function mint(uint32 sourceDomain, bytes32 burnToken, address to, uint256 amount)
        external
        onlyLocalTokenMessenger
        returns (address mintToken)
    {
        mintToken = getLocalToken(sourceDomain, burnToken);
        require(mintToken != address(0), "Mint token not supported");
        ICctpMintBurnToken(mintToken).mint(to, amount);
    }

    /// @notice Burns `burnAmount` of this minter's own balance (the messenger moved it here first).
    function burn(address burnToken, uint256 burnAmount) external onlyLocalTokenMessenger {
        uint256 limit = burnLimitsPerMessage[burnToken];
        require(limit > 0, "Burn token not supported");
        require(burnAmount <= limit, "Burn amount exceeds per tx limit");
        ICctpMintBurnToken(burnToken).burn(address(this), burnAmount);
    }
}
