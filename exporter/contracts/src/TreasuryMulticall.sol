// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.20;

/// @title TreasuryMulticall
/// @notice Batches read calls for the devnet. It exposes the subset of the Multicall3 ABI that
/// viem's `multicall` action and the exporter use, so its runtime code can be installed at the
/// canonical Multicall3 address (0xcA11bde05977b3631167028862bE2a173976CA11) of a local node.
/// It has no constructor and no storage, so copying its runtime code there is enough.
contract TreasuryMulticall {
    struct Call3 {
        address target;
        bool allowFailure;
        bytes callData;
    }

    struct Result {
        bool success;
        bytes returnData;
    }

    /// @notice Runs every call in order. A failing call whose `allowFailure` is false reverts the
    /// whole batch with the same reason string Multicall3 uses, so callers that match on it keep
    /// working; a failing call with `allowFailure` true only reports `success = false` and its
    /// revert data.
    function aggregate3(Call3[] calldata calls) external returns (Result[] memory results) {
        uint256 count = calls.length;
        results = new Result[](count);
        for (uint256 i = 0; i < count; ++i) {
            Call3 calldata call = calls[i];
            (bool success, bytes memory returnData) = call.target.call(call.callData);
            if (!success && !call.allowFailure) {
                revert("Multicall3: call failed");
            }
            results[i] = Result(success, returnData);
        }
    }

    /// @notice Native balance of `account`, so native and token balances fit in one batch.
    function getEthBalance(address account) external view returns (uint256 balance) {
        balance = account.balance;
    }

    /// @notice The block the batch was executed in, to tie a batch of reads to one height.
    function getBlockNumber() external view returns (uint256 blockNumber) {
        blockNumber = block.number;
    }

    /// @notice Timestamp of the block the batch was executed in.
    function getCurrentBlockTimestamp() external view returns (uint256 timestamp) {
        timestamp = block.timestamp;
    }
}
