// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.20;

/// @title TestAggregator
/// @notice A feed that answers like a Chainlink AggregatorV3Interface, with rounds set by the
/// deployer. It stands in for a price feed (answer = USD price with `decimals`) and for a
/// Proof-of-Reserve feed (answer = reserves in whole units with `decimals`).
contract TestAggregator {
    struct Round {
        int256 answer;
        uint256 startedAt;
        uint256 updatedAt;
    }

    uint8 public immutable decimals;
    string public description;
    uint256 public constant version = 4;
    address public immutable owner;

    uint80 public latestRound;
    mapping(uint80 => Round) private rounds;

    event AnswerUpdated(int256 indexed current, uint256 indexed roundId, uint256 updatedAt);

    error NotOwner();

    /// @param updatedAt_ when the first answer was published; 0 means the deployment block.
    constructor(uint8 decimals_, string memory description_, int256 answer_, uint256 updatedAt_) {
        decimals = decimals_;
        description = description_;
        owner = msg.sender;
        _publish(answer_, updatedAt_);
    }

    /// @notice Publishes a new round. `updatedAt` may lie in the past to simulate a stale feed;
    /// 0 means the current block's timestamp.
    function setRound(int256 answer, uint256 updatedAt) external {
        if (msg.sender != owner) revert NotOwner();
        _publish(answer, updatedAt);
    }

    function latestRoundData()
        external
        view
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)
    {
        return getRoundData(latestRound);
    }

    /// @notice Reverts with "No data present" for an unknown round, as Chainlink aggregators do.
    function getRoundData(uint80 roundId_)
        public
        view
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)
    {
        Round memory round = rounds[roundId_];
        if (round.updatedAt == 0) revert("No data present");
        return (roundId_, round.answer, round.startedAt, round.updatedAt, roundId_);
    }

    function latestAnswer() external view returns (int256) {
        return rounds[latestRound].answer;
    }

    function latestTimestamp() external view returns (uint256) {
        return rounds[latestRound].updatedAt;
    }

    function _publish(int256 answer, uint256 updatedAt) private {
        uint256 publishedAt = updatedAt == 0 ? block.timestamp : updatedAt;
        uint80 roundId = latestRound + 1;
        latestRound = roundId;
        rounds[roundId] = Round(answer, publishedAt, publishedAt);
        emit AnswerUpdated(answer, roundId, publishedAt);
    }
}
