"""modules/packing.vy: every layout round-trips over its full range and refuses overflow."""


import boa
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.utils.contracts import harness_deployer
from tests.utils.strategies import FIXTURES_OK


def bits(n: int) -> st.SearchStrategy[int]:
    """Anything in [0, 2**n), with the edges drawn often."""
    return st.one_of(
        st.sampled_from([0, 1, 2**n - 1]), st.integers(min_value=0, max_value=2**n - 1)
    )


addresses = st.binary(min_size=20, max_size=20).map(lambda b: "0x" + b.hex())


@pytest.fixture(scope="module")
def harness():
    return harness_deployer("PackingHarness").deploy()


def _eq_address(a, b) -> bool:
    return str(a).lower() == str(b).lower()


@FIXTURES_OK
@given(owner=addresses, product_id=bits(32), start=bits(32), end=bits(32), new_owner=addresses)
def test_cover_head__full_range__round_trips(harness, owner, product_id, start, end, new_owner):
    word = harness.cover_head(owner, product_id, start, end)
    got = harness.unpack_cover_head(word)
    assert _eq_address(got[0], owner) and tuple(got[1:]) == (product_id, start, end)
    moved = harness.unpack_cover_head(harness.set_cover_owner(word, new_owner))
    assert _eq_address(moved[0], new_owner) and tuple(moved[1:]) == (product_id, start, end)


@pytest.mark.parametrize("field", [1, 2, 3])
def test_cover_head__field_overflow__reverts(harness, field):
    args = [0, 0, 0]
    args[field - 1] = 2**32
    with boa.reverts("packing: cover head overflow"):
        harness.cover_head("0x" + "11" * 20, *args)


@FIXTURES_OK
@given(low=bits(128), high=bits(128))
def test_pair128__full_range__round_trips(harness, low, high):
    assert harness.unpack_pair128(harness.pair128(low, high)) == (low, high)


def test_pair128__overflow__reverts(harness):
    for args in ((2**128, 0), (0, 2**128)):
        with boa.reverts("packing: amount overflow"):
            harness.pair128(*args)


@FIXTURES_OK
@given(unearned=bits(120), rate=bits(96), last=bits(40))
def test_book__full_range__round_trips(harness, unearned, rate, last):
    assert harness.unpack_book(harness.book(unearned, rate, last)) == (unearned, rate, last)


@pytest.mark.parametrize(
    "args,reason",
    [
        ((2**120, 0, 0), "packing: unearned premium overflow"),
        ((0, 2**96, 0), "packing: premium rate overflow"),
        ((0, 0, 2**40), "packing: time overflow"),
    ],
)
def test_book__overflow__reverts(harness, args, reason):
    with boa.reverts(reason):
        harness.book(*args)


@FIXTURES_OK
@given(low=bits(176), mid=bits(40), high=bits(40))
def test_triple__full_range__round_trips(harness, low, mid, high):
    assert harness.unpack_triple(harness.triple(low, mid, high)) == (low, mid, high)


@pytest.mark.parametrize("args", [(2**176, 0, 0), (0, 2**40, 0), (0, 0, 2**40)])
def test_triple__overflow__reverts(harness, args):
    with boa.reverts("packing: field overflow"):
        harness.triple(*args)


@FIXTURES_OK
@given(active=bits(96), base=bits(128), count=bits(32))
def test_totals__full_range__round_trips(harness, active, base, count):
    assert harness.unpack_totals(harness.totals(active, base, count)) == (active, base, count)


@pytest.mark.parametrize(
    "args,reason",
    [
        ((2**96, 0, 0), "packing: active cover overflow"),
        ((0, 2**128, 0), "packing: pool assets overflow"),
        ((0, 0, 2**32), "packing: cover count overflow"),
    ],
)
def test_totals__overflow__reverts(harness, args, reason):
    with boa.reverts(reason):
        harness.totals(*args)


SALE_BITS = {
    "annual_rate_bps": 14,
    "kind": 2,
    "flags": 2,
    "last_day": 16,
    "valid_until_hours": 20,
    "waiting_hours": 10,
    "min_days": 10,
    "max_days": 10,
    "capacity": 86,
    "active": 86,
}
sales = st.fixed_dictionaries({name: bits(n) for name, n in SALE_BITS.items()})


def _sale_tuple(sale) -> tuple:
    return tuple(getattr(sale, name) for name in SALE_BITS)


@FIXTURES_OK
@given(sale=sales, active=bits(86), last_day=bits(16))
def test_sale__full_range__round_trips(harness, sale, active, last_day):
    values = tuple(sale[name] for name in SALE_BITS)
    word = harness.sale(values)
    assert _sale_tuple(harness.unpack_sale(word)) == values
    updated = _sale_tuple(harness.unpack_sale(harness.set_sale_active(word, active, last_day)))
    expected = dict(sale, active=active, last_day=last_day)
    assert updated == tuple(expected[name] for name in SALE_BITS)


@pytest.mark.parametrize(
    "field,reason",
    [
        ("annual_rate_bps", "packing: product overflow"),
        ("kind", "packing: product overflow"),
        ("flags", "packing: product overflow"),
        ("last_day", "packing: product time overflow"),
        ("valid_until_hours", "packing: product time overflow"),
        ("waiting_hours", "packing: product period overflow"),
        ("min_days", "packing: product period overflow"),
        ("max_days", "packing: product period overflow"),
        ("capacity", "packing: product amount overflow"),
        ("active", "packing: product amount overflow"),
    ],
)
def test_sale__field_overflow__reverts(harness, field, reason):
    sale = {name: 0 for name in SALE_BITS}
    sale[field] = 2 ** SALE_BITS[field]
    with boa.reverts(reason):
        harness.sale(tuple(sale[name] for name in SALE_BITS))


@FIXTURES_OK
@given(
    amount=bits(84),
    premium=bits(88),
    paid_bps=st.integers(min_value=0, max_value=10_000),
    more_bps=st.integers(min_value=0, max_value=10_000),
)
def test_money__full_range__round_trips_and_adds_paid(harness, amount, premium, paid_bps, more_bps):
    paid = amount * paid_bps // 10_000
    word = harness.money(amount, premium, paid)
    assert harness.unpack_money(word) == (amount, premium, paid)
    more = (amount - paid) * more_bps // 10_000  # callers keep paid <= amount
    assert harness.unpack_money(harness.add_paid(word, more)) == (amount, premium, paid + more)


@pytest.mark.parametrize("args", [(2**84, 0, 0), (0, 2**88, 0), (0, 0, 2**84)])
def test_money__overflow__reverts(harness, args):
    with boa.reverts("packing: cover amount overflow"):
        harness.money(*args)


@FIXTURES_OK
@given(
    owner=addresses,
    product_id=bits(32),
    start=bits(32),
    end=bits(32),
    amount=bits(84),
    premium=bits(88),
    paid=bits(84),
)
def test_cover_fields__full_range__match_the_full_unpacking(
    harness, owner, product_id, start, end, amount, premium, paid
):
    head = harness.cover_head(owner, product_id, start, end)
    money = harness.money(amount, premium, paid)
    got_owner, got_product, got_start, got_end, got_amount = harness.cover_fields(head, money)
    full = harness.unpack_cover_head(head)
    assert str(got_owner).lower() == str(full[0]).lower() == owner.lower()
    assert (got_product, got_start, got_end) == (full[1], full[2], full[3])
    assert (got_product, got_start, got_end) == (product_id, start, end)
    assert got_amount == harness.unpack_money(money)[0] == amount
