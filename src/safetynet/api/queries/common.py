"""What every query shares: the indexed-through block, cursors, limits, addresses.

Time-dependent answers (is a cover active, where a claim stands, earned premium) are judged
at the indexed block's time, not the server's clock, so one index state always gives one
answer, and it is the answer the chain gave at the block the response names.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from safetynet.api.errors import BadRequest
from safetynet.api.schemas import IndexedThrough, Page
from safetynet.indexer.models import Cursor

DEFAULT_LIMIT = 50
MAX_LIMIT = 500
ADDRESS_PATTERN = r"^0x[0-9a-fA-F]{40}$"
_ADDRESS = re.compile(ADDRESS_PATTERN)
DAY = 86_400
MAX_BPS = 10_000

T = TypeVar("T")


def indexed_through(session: Session) -> IndexedThrough:
    """The last block the indexer committed (0/0 before its first batch)."""
    row = session.execute(
        select(Cursor.block_number, Cursor.block_timestamp).where(Cursor.name == "main")
    ).first()
    if row is None:
        return IndexedThrough(block=0, timestamp=0)
    return IndexedThrough(block=row.block_number, timestamp=row.block_timestamp)


def address(value: str, what: str = "address") -> str:
    """An address as the index stores it (lowercase 0x-hex); refuses anything else."""
    if not _ADDRESS.match(value):
        raise BadRequest(f"{what} {value!r} is not an address: expected 0x and 40 hex digits")
    return value.lower()


def cursor_id(cursor: str | None) -> int | None:
    """A list cursor: the id of the last item of the previous page (decimal)."""
    if cursor is None or cursor == "":
        return None
    if not cursor.isdigit() or len(cursor) > 18:
        raise BadRequest(f"cursor {cursor!r} is not one this API gave: pass next_cursor back")
    return int(cursor)


def page(
    through: IndexedThrough, rows: Sequence[Any], limit: int, key: str, build: Any
) -> Page[Any]:
    """A page of `limit` items built from `rows` (fetched with limit + 1, to know whether
    there is a next page); the cursor is the last item's `key`."""
    items = [build(r) for r in rows[:limit]]
    more = len(rows) > limit
    next_cursor = str(getattr(rows[limit - 1], key)) if more and limit > 0 else None
    return Page[Any](indexed_through=through, items=items, next_cursor=next_cursor)
