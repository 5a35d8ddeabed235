"""Column types of the index: exact 256-bit integers, addresses and hashes.

Why amounts are text: SQLite has no exact integer wider than 64 bits (a NUMERIC column turns
anything larger into an 8-byte float, silently rounding), and uint256 amounts do not fit
64 bits (an SNET stake of 50,000 tokens is 5 * 10**22). So U256 stores every amount the same
way on SQLite and PostgreSQL: its decimal digits, left-padded with zeros to 78 characters
(2**256 has 78 digits). That is exact, the same bytes on both databases (a rebuilt index
compares equal row for row), and sorts and compares correctly as text, so `ORDER BY amount`
and `WHERE amount > :x` work in SQL (the bound value is padded the same way). What text
cannot do is SUM: the indexer keeps the running totals the API needs (`totals`, per-product
counters, cumulative figures in `pool_history`), updated in the same transaction as the
events. Python code reading through these models gets and gives plain `int`s.

I256 (int256: feed answers and thresholds) stores value + 2**255 the same way, so it too is
exact and sorts correctly. Addresses are lowercase 0x-hex (42 characters): compare
`address.lower()`; hashes and bytes32 are lowercase 0x-hex (66 characters).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import String
from sqlalchemy.types import TypeDecorator

DIGITS = 78  # len(str(2**256)): every uint256 fits
I256_OFFSET = 2**255


def u256_text(value: int) -> str:
    """The stored form of a uint256."""
    if not 0 <= value < 2**256:
        raise ValueError(f"not a uint256: {value}")
    return str(value).zfill(DIGITS)


class U256(TypeDecorator[int]):
    """An exact uint256: 78 zero-padded decimal digits in the database, an int in Python."""

    impl = String(DIGITS)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Any) -> str | None:
        return None if value is None else u256_text(int(value))

    def process_result_value(self, value: Any, dialect: Any) -> int | None:
        return None if value is None else int(value)


class I256(TypeDecorator[int]):
    """An exact int256: value + 2**255 as 78 zero-padded digits, an int in Python."""

    impl = String(DIGITS)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Any) -> str | None:
        if value is None:
            return None
        if not -I256_OFFSET <= int(value) < I256_OFFSET:
            raise ValueError(f"not an int256: {value}")
        return u256_text(int(value) + I256_OFFSET)

    def process_result_value(self, value: Any, dialect: Any) -> int | None:
        return None if value is None else int(value) - I256_OFFSET


# 0x + 40 hex digits, lowercase.
Address = String(42)
# 0x + 64 hex digits, lowercase (block and transaction hashes, bytes32 fields).
Hash = String(66)
