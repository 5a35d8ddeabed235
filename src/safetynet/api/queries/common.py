"""What every query shares: the indexed-through block, cursors, limits, addresses, filters
and pages.

Time-dependent answers (is a cover active, where a claim stands, earned premium) are judged
at the indexed block's time, not the server's clock, so one index state always gives one
answer, and it is the answer the chain gave at the block the response names.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

from sqlalchemy import select, tuple_
from sqlalchemy.orm import InstrumentedAttribute, Session

from safetynet.api.errors import BadRequest, NotFound
from safetynet.api.schemas import IndexedThrough, Page
from safetynet.indexer.models import Cursor

DEFAULT_LIMIT = 50
MAX_LIMIT = 500
ADDRESS_PATTERN = r"^0x[0-9a-fA-F]{40}$"
_ADDRESS = re.compile(ADDRESS_PATTERN)
MAX_BPS = 10_000

R = TypeVar("R")


def indexed_through(session: Session) -> IndexedThrough:
    """The last block the indexer committed (0/0 before its first batch)."""
    row = session.execute(
        select(Cursor.block_number, Cursor.block_timestamp).where(Cursor.name == "main")
    ).first()
    if row is None:
        return IndexedThrough(block=0, timestamp=0)
    return IndexedThrough(block=row.block_number, timestamp=row.block_timestamp)


def indexed_row(
    session: Session, model: type[R], key: int, missing: str
) -> tuple[IndexedThrough, R]:
    """The indexed-through block and `model`'s row `key`; a 404 when the index does not hold
    it, saying `missing` ("{key}" and "{block}" in it stand for the key and the block)."""
    through = indexed_through(session)
    row = session.get(model, key)
    if row is None:
        raise NotFound(missing.format(key=key, block=through.block))
    return through, row


def address(value: str, what: str = "address") -> str:
    """An address as the index stores it (lowercase 0x-hex); refuses anything else."""
    if not _ADDRESS.match(value):
        raise BadRequest(f"{what} {value!r} is not an address: expected 0x and 40 hex digits")
    return value.lower()


def one_of(value: str, allowed: Iterable[str], what: str) -> str:
    """`value` when it is one of `allowed`; refused (400) with the choices otherwise."""
    if value not in allowed:
        raise BadRequest(f"{what} {value!r} is not one of {', '.join(allowed)}")
    return value


def equal(*pairs: tuple[InstrumentedAttribute[Any], object]) -> list[Any]:
    """`column == value` for each (column, value) pair whose value is given (None: any)."""
    return [column == value for column, value in pairs if value is not None]


def between(column: InstrumentedAttribute[int], since: int | None, until: int | None) -> list[Any]:
    """`since <= column <= until`, each bound only when it is given."""
    bounds = [column >= since] if since is not None else []
    return bounds + ([column <= until] if until is not None else [])


def cursor_key(cursor: str | None, parts: int = 1) -> tuple[int, ...] | None:
    """A list cursor: the key of the last item of the previous page (decimal numbers, joined
    by "-" when the key has several parts); None for the first page."""
    if cursor is None or cursor == "":
        return None
    values = cursor.split("-")
    if len(values) != parts or not all(v.isdigit() and len(v) <= 18 for v in values):
        raise BadRequest(f"cursor {cursor!r} is not one this API gave: pass next_cursor back")
    return tuple(int(v) for v in values)


def page(
    through: IndexedThrough,
    rows: Sequence[Any],
    limit: int,
    build: Callable[[Any], Any],
    cursor_of: Callable[[Any], str],
) -> Page[Any]:
    """A page of `limit` items built from `rows` (fetched with limit + 1, to know whether
    there is a next page); the next cursor is `cursor_of` the page's last row."""
    items = [build(r) for r in rows[:limit]]
    more = len(rows) > limit and limit > 0
    next_cursor = cursor_of(rows[limit - 1]) if more else None
    return Page[Any](indexed_through=through, items=items, next_cursor=next_cursor)


def newest_first(
    session: Session,
    through: IndexedThrough,
    key: Sequence[InstrumentedAttribute[int]],
    conditions: Iterable[Any],
    *,
    limit: int,
    cursor: str | None,
    build: Callable[[Any], Any],
) -> Page[Any]:
    """One page of the rows of `key`'s table that meet `conditions`, highest `key` first
    (a key of several columns compares as a tuple), starting below `cursor`: the key of the
    previous page's last row, its columns joined by "-"."""
    query = select(key[0].class_).where(*conditions)
    before = cursor_key(cursor, len(key))
    if before is not None:
        after_cursor = key[0] < before[0] if len(key) == 1 else tuple_(*key) < tuple_(*before)
        query = query.where(after_cursor)
    rows = session.scalars(query.order_by(*(k.desc() for k in key)).limit(limit + 1)).all()

    def cursor_of(row: Any) -> str:
        return "-".join(str(getattr(row, k.key)) for k in key)

    return page(through, rows, limit, build, cursor_of)
