"""The in-process chain's clock and the time travel the tests repeat."""

from __future__ import annotations

from typing import Any

import boa


def now() -> int:
    """The in-process EVM's block timestamp."""
    return boa.env.evm.patch.timestamp


def travel_to(timestamp: int) -> None:
    """Move the clock forward to `timestamp` (never back)."""
    boa.env.time_travel(seconds=max(0, timestamp - now()))


def push(feed: Any, answer: int, after: int = 0) -> int:
    """Advance time by `after` seconds, start a feed round with `answer`; return its id."""
    if after:
        boa.env.time_travel(seconds=after)
    feed.set_answer(answer)
    return feed.latestRoundData()[0]
