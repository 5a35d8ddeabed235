"""modules/premium_book.vy: the catch-up that skips days without an expiry bucket gives
exactly what walking every day boundary gives (same rounding), whatever the sequence of
sales, waits and checkpoints; new buckets mark their day in the bitmap."""

from __future__ import annotations

from dataclasses import dataclass, field

import boa
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.utils.chain import now
from tests.utils.constants import DAY
from tests.utils.contracts import harness_deployer
from tests.utils.strategies import FIXTURES_OK

SCALE = 2**32
WORD = 256


@dataclass
class DayByDayBook:
    """The premium book written the straightforward way: one step per day boundary."""

    last: int
    unearned: int = 0
    rate: int = 0
    active: int = 0
    buckets: dict[int, tuple[int, int]] = field(default_factory=dict)

    def caught_up(self, t: int) -> tuple[int, int, int]:
        unearned, rate, active, last = self.unearned, self.rate, self.active, self.last
        if last >= t:
            return unearned, rate, active
        day = last // DAY + 1
        while rate != 0 and day * DAY <= t:
            unearned -= min(unearned, rate * (day * DAY - last))
            amount, leaving = self.buckets.get(day, (0, 0))
            rate -= leaving
            active -= amount
            last = day * DAY
            day += 1
        unearned -= min(unearned, rate * (t - last))
        return unearned, rate, active

    def checkpoint(self, t: int) -> None:
        self.unearned, self.rate, self.active = self.caught_up(t)
        self.last = t

    def add(self, t: int, amount: int, net: int, cover_end: int) -> None:
        self.checkpoint(t)
        expiry_day = -(-cover_end // DAY)
        window = expiry_day * DAY - t
        rate = -(-net * SCALE // window)
        self.unearned += net * SCALE
        self.rate += rate
        self.active += amount
        old_amount, old_rate = self.buckets.get(expiry_day, (0, 0))
        self.buckets[expiry_day] = (old_amount + amount, old_rate + rate)


@pytest.fixture(scope="module")
def book():
    return harness_deployer("PremiumBookHarness").deploy()


def assert_same(book, model: DayByDayBook) -> None:
    assert book.caught_up() == model.caught_up(now())


def to_next_boundary() -> int:
    return DAY - now() % DAY


def wait_seconds(wait: int | str | tuple[str, int]) -> int:
    if wait == "boundary":
        return to_next_boundary()
    if isinstance(wait, tuple):  # to a day near the next bitmap word's first day
        target = ((now() // DAY // WORD + 1) * WORD + wait[1]) * DAY + 5
        return max(target - now(), 0)
    return wait


# Log-uniform amounts; net premium sometimes zero (a cover that earns nothing).
AMOUNTS = st.integers(0, 14).flatmap(lambda e: st.integers(10**e, 10 ** (e + 1)))
NETS = st.one_of(
    st.just(0), st.integers(0, 12).flatmap(lambda e: st.integers(10**e, 10 ** (e + 1)))
)
# Cover life up to the longest a product allows (730 days + 30 days waiting).
PERIODS = st.builds(lambda d, s: d * DAY + s, st.integers(0, 760), st.integers(0, DAY - 1)).filter(
    lambda p: p > 0
)
WAITS = st.one_of(
    st.integers(0, DAY),  # within a day or across one boundary
    st.integers(1, 40).map(lambda d: d * DAY),  # whole days, landing on the same time of day
    st.integers(30, 900).map(lambda d: d * DAY + 1),  # long idle spells, across bitmap words
    st.just("boundary"),  # exactly onto the next day boundary
    st.tuples(st.just("word"), st.integers(-1, 1)),  # around the next bitmap word's first day
)
OPS = st.one_of(
    st.tuples(st.just("add"), AMOUNTS, NETS, PERIODS),
    st.tuples(st.just("wait"), WAITS),
    st.tuples(st.just("checkpoint")),
)


@FIXTURES_OK
@given(ops=st.lists(OPS, min_size=1, max_size=25))
def test_catch_up__any_sales_and_waits__equals_day_by_day_walk(book, ops):
    model = DayByDayBook(last=book.stored()[2])
    for op in ops:
        if op[0] == "add":
            _, amount, net, period = op
            book.add(amount, net, now() + period)
            model.add(now(), amount, net, now() + period)
            assert book.stored() == (model.unearned, model.rate, model.last, model.active)
        elif op[0] == "wait":
            boa.env.time_travel(seconds=wait_seconds(op[1]))
        else:
            book.checkpoint()
            model.checkpoint(now())
            assert book.stored() == (model.unearned, model.rate, model.last, model.active)
        assert_same(book, model)


def test_catch_up__idle_across_word_edges__equals_day_by_day_walk(book):
    """Covers expiring on the last day of a bitmap word, the first of the next, and far
    later; the pool then sits idle across all of them in one catch-up."""
    boa.env.time_travel(seconds=to_next_boundary() + 3_600)  # 01:00 on some day
    model = DayByDayBook(last=book.stored()[2])
    today = now() // DAY
    edge = (today // WORD + 1) * WORD - 1  # day 255 of this word (or of the next)
    expiries = [edge, edge + 1, edge + 2 * WORD, edge + 2 * WORD + 1]
    for i, day in enumerate(expiries):
        end = day * DAY - 1_000 * i  # not on the boundary: the bucket is the day after end
        book.add(10**12 + i, 10**9 + 7 * i, end)
        model.add(now(), 10**12 + i, 10**9 + 7 * i, end)
    for day in expiries:
        assert book.is_marked(day)
    assert not book.is_marked(edge - 1) and not book.is_marked(edge + 3)

    for target in (edge - 1, edge, edge + 1, edge + 2 * WORD + 1):
        boa.env.time_travel(seconds=target * DAY + 17 - now())
        assert_same(book, model)
    book.checkpoint()
    model.checkpoint(now())
    assert book.stored() == (0, 0, now(), 0)
    assert book.stored() == (model.unearned, model.rate, model.last, model.active)


def test_catch_up__idle_within_a_cover__earns_exactly_the_elapsed_share(book):
    """One cover, 100 days: after 60 idle days the book has earned 60/100 of it
    (rounded as the rate rounds), with no bucket in between to read."""
    boa.env.time_travel(seconds=to_next_boundary())
    start = now()
    net = 10**9
    book.add(5 * 10**12, net, start + 100 * DAY)
    rate = -(-net * SCALE // (100 * DAY))
    boa.env.time_travel(seconds=60 * DAY)
    assert book.caught_up() == (net * SCALE - rate * 60 * DAY, rate, 5 * 10**12)
    boa.env.time_travel(seconds=40 * DAY)
    assert book.caught_up() == (0, 0, 0)


def test_add__new_expiry_day__marks_only_that_day(book):
    end = now() + 30 * DAY
    expiry_day = -(-end // DAY)
    assert not book.is_marked(expiry_day)
    book.add(1_000, 10, end)
    assert book.is_marked(expiry_day)
    assert not book.is_marked(expiry_day - 1) and not book.is_marked(expiry_day + 1)


def test_add__existing_expiry_day__keeps_it_marked_and_adds_up(book):
    boa.env.time_travel(seconds=to_next_boundary() + 3_600)
    model = DayByDayBook(last=book.stored()[2])
    for amount, net, end in ((1_000, 10, now() + 30 * DAY), (2_000, 20, now() + 30 * DAY + 60)):
        book.add(amount, net, end)
        model.add(now(), amount, net, end)
    assert book.is_marked(now() // DAY + 31)
    boa.env.time_travel(seconds=31 * DAY)
    assert_same(book, model)
    assert book.caught_up() == (0, 0, 0)
