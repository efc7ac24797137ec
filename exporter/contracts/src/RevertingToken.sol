// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.20;

/// @title RevertingToken
/// @notice A broken ERC-20 for failure tests: metadata and supply read fine, but `balanceOf`
/// always reverts. The exporter must report that one balance as failed without losing the other
/// reads batched with it.
contract RevertingToken {
    string public name;
    string public symbol;
    uint8 public decimals;
    uint256 public totalSupply;

    error BalanceUnavailable(address account);

    constructor(string memory name_, string memory symbol_, uint8 decimals_) {
        name = name_;
        symbol = symbol_;
        decimals = decimals_;
    }

    function balanceOf(address account) external pure returns (uint256) {
        revert BalanceUnavailable(account);
    }
}
