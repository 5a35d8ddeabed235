"""MockERC20 (open mint, permit, 6 decimals) and MockAggregator (rounds per set_answer)."""

import boa

from safetynet.artifacts import deployer
from tests.utils.chain import now


def test_mock_erc20__open_mint__anyone_mints(keeper, attacker):
    token = deployer("MockERC20").deploy("USD Coin (mock)", "USDC", 6)
    assert token.decimals() == 6
    with boa.env.prank(attacker):
        token.mint(keeper, 123)
    assert token.balanceOf(keeper) == 123 == token.totalSupply()


def test_mock_aggregator__set_answer__starts_stamped_round():
    feed = deployer("MockAggregator").deploy(8, "USDC / USD", 100_000_000)
    first = feed.latestRoundData()
    boa.env.time_travel(seconds=60)
    feed.set_answer(97_000_000)
    rid, answer, started, updated, answered = feed.latestRoundData()
    assert rid == first[0] + 1 == answered
    assert (answer, started, updated) == (97_000_000, now(), now())
    assert feed.getRoundData(first[0])[1] == 100_000_000
    assert feed.decimals() == 8


def test_mock_aggregator__unknown_round__reverts():
    feed = deployer("MockAggregator").deploy(8, "USDC / USD", 100_000_000)
    with boa.reverts("feed: no data for round"):
        feed.getRoundData(12345)


def test_mock_aggregator__new_phase__restarts_round_counter():
    feed = deployer("MockAggregator").deploy(8, "x", 1)
    rid = feed.latestRoundData()[0]
    feed.new_phase()
    feed.set_answer(2)
    new = feed.latestRoundData()[0]
    assert new >> 64 == (rid >> 64) + 1 and new & (2**64 - 1) == 1
