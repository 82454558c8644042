// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {CctpMessageTransmitter} from "./CctpMessageTransmitter.sol";
import {CctpTokenMinter} from "./CctpTokenMinter.sol";

/// @title CctpTokenMessenger
/// @notice Devnet TokenMessenger written from Circle's public CCTP V1 interface (not from its source).
/// `depositForBurn` moves the tokens to the TokenMinter, burns them and sends a burn message through the
/// MessageTransmitter; `handleReceiveMessage` mints on the destination. Burn message layout (packed):
/// version uint32 | burnToken bytes32 | mintRecipient bytes32 | amount uint256 | messageSender bytes32.
contract CctpTokenMessenger is Ownable {
    CctpMessageTransmitter public immutable localMessageTransmitter;
    uint32 public immutable messageBodyVersion;
    CctpTokenMinter public localMinter;
    mapping(uint32 => bytes32) public remoteTokenMessengers;

    event DepositForBurn(
        uint64 indexed nonce,
        address indexed burnToken,
        uint256 amount,
        address indexed depositor,
        bytes32 mintRecipient,
        uint32 destinationDomain,
        bytes32 destinationTokenMessenger,
        bytes32 destinationCaller
    );
    event MintAndWithdraw(address indexed mintRecipient, uint256 amount, address indexed mintToken);
    event RemoteTokenMessengerAdded(uint32 domain, bytes32 tokenMessenger);
    event LocalMinterAdded(address localMinter);

    constructor(address messageTransmitter_, uint32 messageBodyVersion_, address owner_) Ownable(owner_) {
        localMessageTransmitter = CctpMessageTransmitter(messageTransmitter_);
        messageBodyVersion = messageBodyVersion_;
    }

    function addLocalMinter(address newLocalMinter) external onlyOwner {
        require(newLocalMinter != address(0), "Zero address not allowed");
        require(address(localMinter) == address(0), "Local minter is already set.");
        localMinter = CctpTokenMinter(newLocalMinter);
        emit LocalMinterAdded(newLocalMinter);
    }

    function addRemoteTokenMessenger(uint32 domain, bytes32 tokenMessenger) external onlyOwner {
        require(tokenMessenger != bytes32(0), "bytes32(0) not allowed");
        require(remoteTokenMessengers[domain] == bytes32(0), "TokenMessenger already set");
        remoteTokenMessengers[domain] = tokenMessenger;
        emit RemoteTokenMessengerAdded(domain, tokenMessenger);
    }

    function depositForBurn(uint256 amount, uint32 destinationDomain, bytes32 mintRecipient, address burnToken)
        external
        returns (uint64 nonce)
    {
        return _depositForBurn(amount, destinationDomain, mintRecipient, burnToken, bytes32(0));
    }

    function depositForBurnWithCaller(
        uint256 amount,
        uint32 destinationDomain,
        bytes32 mintRecipient,
        address burnToken,
        bytes32 destinationCaller
    ) external returns (uint64 nonce) {
        require(destinationCaller != bytes32(0), "Invalid destination caller");
        return _depositForBurn(amount, destinationDomain, mintRecipient, burnToken, destinationCaller);
    }

    function handleReceiveMessage(uint32 remoteDomain, bytes32 sender, bytes calldata messageBody)
        external
        returns (bool)
    {
        require(msg.sender == address(localMessageTransmitter), "Invalid message transmitter");
        require(sender != bytes32(0) && remoteTokenMessengers[remoteDomain] == sender, "Remote TokenMessenger unsupported");
        require(messageBody.length == 132, "Invalid message length");
        require(uint32(bytes4(messageBody[0:4])) == messageBodyVersion, "Invalid message body version");
        bytes32 burnToken = bytes32(messageBody[4:36]);
        address mintRecipient = address(uint160(uint256(bytes32(messageBody[36:68]))));
        uint256 amount = uint256(bytes32(messageBody[68:100]));
        require(address(localMinter) != address(0), "Local minter is not set");
        address mintToken = localMinter.mint(remoteDomain, burnToken, mintRecipient, amount);
        emit MintAndWithdraw(mintRecipient, amount, mintToken);
        return true;
    }

    function _depositForBurn(
        uint256 amount,
        uint32 destinationDomain,
        bytes32 mintRecipient,
        address burnToken,
        bytes32 destinationCaller
    ) private returns (uint64 nonce) {
        require(amount > 0, "Amount must be nonzero");
        require(mintRecipient != bytes32(0), "Mint recipient must be nonzero");
        bytes32 destinationTokenMessenger = remoteTokenMessengers[destinationDomain];
        require(destinationTokenMessenger != bytes32(0), "No TokenMessenger for domain");
        require(address(localMinter) != address(0), "Local minter is not set");
        require(IERC20(burnToken).transferFrom(msg.sender, address(localMinter), amount), "Transfer operation failed");
        localMinter.burn(burnToken, amount);
        bytes memory burnMessage = abi.encodePacked(
            messageBodyVersion, bytes32(uint256(uint160(burnToken))), mintRecipient, amount, bytes32(uint256(uint160(msg.sender)))
        );
        nonce = destinationCaller == bytes32(0)
            ? localMessageTransmitter.sendMessage(destinationDomain, destinationTokenMessenger, burnMessage)
            : localMessageTransmitter.sendMessageWithCaller(
                destinationDomain, destinationTokenMessenger, destinationCaller, burnMessage
            );
        emit DepositForBurn(
            nonce, burnToken, amount, msg.sender, mintRecipient, destinationDomain, destinationTokenMessenger, destinationCaller
        );
    }
}
