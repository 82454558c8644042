// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";

/// @notice Receiver of a CCTP message (the TokenMessenger), called by the MessageTransmitter.
interface ICctpMessageHandler {
    function handleReceiveMessage(uint32 sourceDomain, bytes32 sender, bytes calldata messageBody)
        external
        returns (bool);
}

/// @title CctpMessageTransmitter
/// @notice Devnet MessageTransmitter written from Circle's public CCTP V1 interface (function signatures,
/// events and the V1 message format), not from Circle's source. Message layout (packed):
/// version uint32 | sourceDomain uint32 | destinationDomain uint32 | nonce uint64 | sender bytes32 |
/// recipient bytes32 | destinationCaller bytes32 | messageBody bytes (116-byte header).
/// An attestation is `signatureThreshold` 65-byte ECDSA signatures over keccak256(message) (no prefix),
/// by enabled attesters in increasing address order.
contract CctpMessageTransmitter is Ownable {
    uint32 public immutable localDomain;
    uint32 public immutable version;
    uint256 public maxMessageBodySize = 8192;
    uint64 public nextAvailableNonce;
    uint256 public signatureThreshold = 1;
    uint256 private enabledAttesterCount;
    mapping(address => bool) public isEnabledAttester;
    /// @notice keccak256(abi.encodePacked(sourceDomain, nonce)) => 1 once received.
    mapping(bytes32 => uint256) public usedNonces;

    event MessageSent(bytes message);
    event MessageReceived(
        address indexed caller, uint32 sourceDomain, uint64 indexed nonce, bytes32 sender, bytes messageBody
    );
    event AttesterEnabled(address indexed attester);
    event AttesterDisabled(address indexed attester);
    event SignatureThresholdUpdated(uint256 oldSignatureThreshold, uint256 newSignatureThreshold);

    constructor(uint32 localDomain_, address attester_, uint32 version_, address owner_) Ownable(owner_) {
        localDomain = localDomain_;
        version = version_;
        _enableAttester(attester_);
    }

    function enableAttester(address attester) external onlyOwner {
        _enableAttester(attester);
    }

    function disableAttester(address attester) external onlyOwner {
        require(isEnabledAttester[attester], "Attester already disabled");
        require(enabledAttesterCount > signatureThreshold, "Too few enabled attesters");
        isEnabledAttester[attester] = false;
        enabledAttesterCount -= 1;
        emit AttesterDisabled(attester);
    }

    function setSignatureThreshold(uint256 newSignatureThreshold) external onlyOwner {
        require(newSignatureThreshold != 0, "Invalid signature threshold");
        require(newSignatureThreshold <= enabledAttesterCount, "New signature threshold too high");
        emit SignatureThresholdUpdated(signatureThreshold, newSignatureThreshold);
        signatureThreshold = newSignatureThreshold;
    }

    function getNumEnabledAttesters() external view returns (uint256) {
        return enabledAttesterCount;
    }

    function sendMessage(uint32 destinationDomain, bytes32 recipient, bytes calldata messageBody)
        external
        returns (uint64)
    {
        return _sendMessage(destinationDomain, recipient, bytes32(0), messageBody);
    }

    function sendMessageWithCaller(
        uint32 destinationDomain,
        bytes32 recipient,
        bytes32 destinationCaller,
        bytes calldata messageBody
    ) external returns (uint64) {
        require(destinationCaller != bytes32(0), "Destination caller must be nonzero");
        return _sendMessage(destinationDomain, recipient, destinationCaller, messageBody);
    }

    /// @notice Verifies the attestation, marks (sourceDomain, nonce) used and hands the body to the recipient.
    function receiveMessage(bytes calldata message, bytes calldata attestation) external returns (bool) {
        _verifyAttestation(message, attestation);
        require(message.length >= 116, "Invalid message length");
        require(uint32(bytes4(message[0:4])) == version, "Invalid message version");
        require(uint32(bytes4(message[8:12])) == localDomain, "Invalid destination domain");
        bytes32 destinationCaller = bytes32(message[84:116]);
        require(
            destinationCaller == bytes32(0) || destinationCaller == bytes32(uint256(uint160(msg.sender))),
            "Invalid caller for message"
        );
        uint32 sourceDomain = uint32(bytes4(message[4:8]));
        uint64 nonce = uint64(bytes8(message[12:20]));
        bytes32 key = keccak256(abi.encodePacked(sourceDomain, nonce));
        require(usedNonces[key] == 0, "Nonce already used");
        usedNonces[key] = 1;
        _deliver(message, sourceDomain, nonce);
        return true;
    }

    function _deliver(bytes calldata message, uint32 sourceDomain, uint64 nonce) private {
        bytes32 sender = bytes32(message[20:52]);
        address recipient = address(uint160(uint256(bytes32(message[52:84]))));
        require(
            ICctpMessageHandler(recipient).handleReceiveMessage(sourceDomain, sender, message[116:]),
            "handleReceiveMessage() failed"
        );
        emit MessageReceived(msg.sender, sourceDomain, nonce, sender, message[116:]);
    }

    function _sendMessage(
        uint32 destinationDomain,
        bytes32 recipient,
        bytes32 destinationCaller,
        bytes calldata messageBody
    ) private returns (uint64 nonce) {
        require(messageBody.length <= maxMessageBodySize, "Message body exceeds max size");
        require(recipient != bytes32(0), "Recipient must be nonzero");
        nonce = nextAvailableNonce;
        nextAvailableNonce = nonce + 1;
        bytes memory message = abi.encodePacked(
            version,
            localDomain,
            destinationDomain,
            nonce,
            bytes32(uint256(uint160(msg.sender))),
            recipient,
            destinationCaller,
            messageBody
        );
        emit MessageSent(message);
    }

    function _verifyAttestation(bytes calldata message, bytes calldata attestation) private view {
        uint256 threshold = signatureThreshold;
        require(attestation.length == 65 * threshold, "Invalid attestation length");
        bytes32 digest = keccak256(message);
        address previous = address(0);
        for (uint256 i = 0; i < threshold; i++) {
            address signer = ECDSA.recover(digest, attestation[i * 65:(i + 1) * 65]);
            require(isEnabledAttester[signer], "Invalid signature: not attester");
            require(signer > previous, "Invalid signature order or dupe");
            previous = signer;
        }
    }

    function _enableAttester(address attester) private {
        require(attester != address(0), "New attester must be nonzero");
        require(!isEnabledAttester[attester], "Attester already enabled");
        isEnabledAttester[attester] = true;
        enabledAttesterCount += 1;
        emit AttesterEnabled(attester);
    }
}
