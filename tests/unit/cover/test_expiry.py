"""Expiry needs no loop over covers: 200 covers bought, then time alone retires them.

Cover leaves active cover at the first day boundary at or after its end (daily buckets),
for the product (active_cover_of) and the pool (active_cover) alike.
"""

import boa
from hypothesis import given
from hypothesis import strategies as st

from tests.utils.chain import now
from tests.utils.constants import DAY, USDC
from tests.utils.deploy import add_product
from tests.utils.strategies import FIXTURES_OK


def test_expiry__200_covers_bought_then_expired__leave_no_active_cover(
    cover, pool, protocol, auditor, buy
):
    other = add_product(protocol, auditor, name="Uniswap v3", waiting=0)
    total, last_end = 0, 0
    for i in range(200):
        amount = (i + 1) * 40 * USDC  # 804,000 USDC in all, within the 1M pool
        cid = buy(amount=amount, period=(7 + i % 60) * DAY + i * 17, pid=other if i % 2 else None)
        total += amount
        last_end = max(last_end, cover.covers(cid).end)
        if i % 50 == 49:
            boa.env.time_travel(seconds=3 * 3_600)
    assert cover.active_cover() == total == cover.active_cover_of(0) + cover.active_cover_of(other)
    # Only time passes; nothing touches a cover, a product or the pool.
    boa.env.time_travel(seconds=-(-last_end // DAY) * DAY - now())
    assert cover.active_cover() == 0
    assert cover.active_cover_of(0) == 0
    assert cover.active_cover_of(other) == 0
    assert pool.active_cover() == 0 and pool.locked_capital() == 0
    assert pool.unearned_premium() == 0


def test_expiry__end_inside_day__counts_until_the_boundary(cover, buy):
    cid = buy(amount=10_000 * USDC)
    end = cover.covers(cid).end
    boundary = -(-end // DAY) * DAY
    boa.env.time_travel(seconds=end - now())
    assert cover.active_cover() == 10_000 * USDC
    boa.env.time_travel(seconds=boundary - now() - 1)
    assert cover.active_cover_of(0) == 10_000 * USDC
    boa.env.time_travel(seconds=1)
    assert cover.active_cover_of(0) == 0 and cover.active_cover() == 0


WORD_DAYS = 256  # days per word of the day bitmap that lets a walk skip empty days

# Sales after idle spells (days + seconds), each a period of whole days and an amount.
SALES = st.lists(
    st.tuples(
        st.one_of(st.integers(0, 3), st.integers(4, 300)),
        st.integers(0, DAY - 1),
        st.integers(7, 365),
        st.integers(1, 1_000),
    ),
    min_size=1,
    max_size=6,
)


@FIXTURES_OK
@given(sales=SALES, edge=st.integers(-1, 1))
def test_active_cover__sales_after_idle_spells__equals_live_covers(
    cover, pool, protocol, auditor, buy, sales, edge
):
    """Product and pool walks skip the days without a bucket (bitmap): what they find
    after any idle spell, across bitmap words and at their edges, is what is live."""
    pid = add_product(protocol, auditor, name="Idle", attest_for=20 * 365 * DAY)
    live: list[tuple[int, int]] = []  # amount, expiry boundary

    def check() -> None:
        expected = sum(amount for amount, boundary in live if boundary > now())
        assert cover.active_cover_of(pid) == expected
        assert pool.active_cover() == expected

    for days, seconds, period_days, units in sales:
        boa.env.time_travel(seconds=days * DAY + seconds)
        check()
        cid = buy(amount=units * USDC, period=period_days * DAY, pid=pid)
        live.append((units * USDC, -(-cover.covers(cid).end // DAY) * DAY))
        check()
    next_word = (now() // DAY // WORD_DAYS + 1) * WORD_DAYS
    for day in (next_word + edge, next_word + WORD_DAYS + edge, next_word + 2 * WORD_DAYS):
        boa.env.time_travel(seconds=day * DAY + 1 - now())
        check()
    assert cover.active_cover_of(pid) == 0
