"""U256/I256: exact on both databases, and ordered as numbers in SQL."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import Column, MetaData, String, Table, insert, select

from safetynet.indexer.types import I256, U256, u256_text

metadata = MetaData()
numbers = Table("numbers", metadata, Column("k", String(8), primary_key=True),
                Column("u", U256), Column("i", I256))  # fmt: skip


def test_u256_text__extremes__exact_and_fixed_width():
    assert u256_text(0) == "0" * 78
    assert u256_text(2**256 - 1) == str(2**256 - 1)
    assert len(u256_text(5)) == 78


def test_u256_text__out_of_range__refused():
    with pytest.raises(ValueError, match="not a uint256"):
        u256_text(2**256)
    with pytest.raises(ValueError, match="not a uint256"):
        u256_text(-1)


def test_columns__round_trip_and_order__exact_and_numeric(engine):
    metadata.create_all(engine)
    values = [0, 1, 9, 10, 2**64, 5 * 10**22, 2**255, 2**256 - 1]
    signed = [-(2**255), -(10**30), -1, 0, 1, 10**30, 2**255 - 1, 7]
    with engine.begin() as conn:
        pairs = enumerate(zip(values, signed, strict=True))
        conn.execute(insert(numbers), [{"k": str(n), "u": u, "i": i} for n, (u, i) in pairs])
        by_u = [r.u for r in conn.execute(select(numbers).order_by(numbers.c.u))]
        by_i = [r.i for r in conn.execute(select(numbers).order_by(numbers.c.i))]
        above = conn.execute(select(numbers.c.u).where(numbers.c.u > 10**20)).scalars().all()
    assert by_u == sorted(values)
    assert by_i == sorted(signed)
    assert sorted(above) == [v for v in values if v > 10**20]


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 2**256 - 1), st.integers(0, 2**256 - 1))
def test_u256_text__any_two__text_order_is_number_order(a, b):
    assert (u256_text(a) < u256_text(b)) == (a < b)
