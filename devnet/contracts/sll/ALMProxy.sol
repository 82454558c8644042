// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {Address} from "@openzeppelin/contracts/utils/Address.sol";

/// @title ALMProxy (devnet)
/// @notice Holds every SLL token and position of one chain. It only executes calls for holders of
/// `CONTROLLER` (the chain's controller), and accepts ETH (LayerZero fee refunds).
/// Written for the devnet from the published interface; not the upstream source.
contract ALMProxy is AccessControl {
    bytes32 public constant CONTROLLER = keccak256("CONTROLLER");

    constructor(address admin) {
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
    }

    /// @notice Calls `target` with `data` from this proxy; bubbles up reverts.
    function doCall(address target, bytes calldata data) external onlyRole(CONTROLLER) returns (bytes memory) {
        return Address.functionCall(target, data);
    }

    /// @notice Calls `target` with `data` and `value` wei from this proxy's balance (plus `msg.value`).
    function doCallWithValue(address target, bytes calldata data, uint256 value)
        external
        payable
        onlyRole(CONTROLLER)
        returns (bytes memory)
    {
        return Address.functionCallWithValue(target, data, value);
    }

    receive() external payable {}
}
