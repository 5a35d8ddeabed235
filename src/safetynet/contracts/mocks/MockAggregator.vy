# pragma version ~=0.4.3
"""
@title MockAggregator
@license AGPL-3.0-only
@notice A Chainlink-style AggregatorV3 feed whose answer anyone may set: each
        `set_answer` starts a new round stamped with the block time. Local use and tests only.
@custom:security Anyone can move the answer: never use where value is at stake.
@custom:kill Not pausable; a throwaway test feed.
"""

# @dev Chainlink packs the phase id in the top 16 bits of an 80-bit round id.
PHASE_OFFSET: constant(uint256) = 64

decimals: public(uint8)
description: public(String[64])
VERSION: constant(uint256) = 4
# @dev Current phase; round ids are (phase << 64) | aggregator round.
phase: public(uint16)
# @dev Aggregator round within the phase of the latest answer.
latest_aggregator_round: public(uint64)
_answers: HashMap[uint80, int256]
_updated: HashMap[uint80, uint256]
_latest: uint80


event AnswerUpdated:
    current: indexed(int256)
    round_id: indexed(uint256)
    updated_at: uint256


@deploy
def __init__(decimals_: uint8, description_: String[64], initial_answer: int256):
    self.decimals = decimals_
    self.description = description_
    self.phase = 1
    self._set(initial_answer, block.timestamp)


@external
@view
def version() -> uint256:
    """
    @notice AggregatorV3 interface version.
    """
    return VERSION


@external
def set_answer(answer: int256):
    """
    @notice Start a new round with `answer`, stamped block.timestamp.
    """
    self._set(answer, block.timestamp)


@external
def set_answer_at(answer: int256, updated_at: uint256):
    """
    @notice Start a new round with an explicit timestamp (to model stale or odd feeds).
    """
    self._set(answer, updated_at)


@external
def new_phase():
    """
    @notice Move to the next phase (as when Chainlink swaps the aggregator); round counting restarts.
    """
    self.phase += 1
    self.latest_aggregator_round = 0


@external
@view
def latestRoundData() -> (uint80, int256, uint256, uint256, uint80):
    """
    @notice The latest round: id, answer, startedAt, updatedAt, answeredInRound.
    """
    rid: uint80 = self._latest
    return rid, self._answers[rid], self._updated[rid], self._updated[rid], rid


@external
@view
def getRoundData(round_id: uint80) -> (uint80, int256, uint256, uint256, uint80):
    """
    @notice A past round; reverts for a round that does not exist.
    """
    updated: uint256 = self._updated[round_id]
    assert updated != 0 or self._answers[round_id] != 0, "feed: no data for round"
    return round_id, self._answers[round_id], updated, updated, round_id


@internal
def _set(answer: int256, updated_at: uint256):
    self.latest_aggregator_round += 1
    rid: uint80 = convert(
        (convert(self.phase, uint256) << PHASE_OFFSET)
        | convert(self.latest_aggregator_round, uint256),
        uint80,
    )
    self._answers[rid] = answer
    self._updated[rid] = updated_at
    self._latest = rid
    log AnswerUpdated(current=answer, round_id=convert(rid, uint256), updated_at=updated_at)
