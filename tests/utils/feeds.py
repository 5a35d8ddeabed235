"""Multi-feed trigger helpers: move a feed to a human price, build a FeedWindow."""

from __future__ import annotations

from decimal import Decimal

import boa

# The trigger's threshold (0.97) is in feed A's 8 decimals; B has 18 decimals, C has 6.
DECIMALS = (8, 18, 6)
REQUIRED = 2


def answer(feed, price: str) -> int:
    """A human price ("0.93") as `feed`'s integer answer."""
    return int(Decimal(price).scaleb(feed.decimals()))


def move(feed, price: str, after: int = 0) -> int:
    """Advance time by `after` seconds, start a round of `feed` at `price`; its round id."""
    if after:
        boa.env.time_travel(seconds=after)
    feed.set_answer(answer(feed, price))
    return feed.latestRoundData()[0]


def window(feed_index: int, rounds: list[int], previous_round: int = 0) -> tuple:
    """A FeedWindow as report_incident_multi takes it."""
    return (feed_index, rounds, previous_round)
