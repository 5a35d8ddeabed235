"""Request-scoped helpers of the routes: a database session, shared query parameters."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Protocol, TypeVar

from fastapi import Depends, Path, Query, Request, Response
from sqlalchemy.orm import Session

from safetynet.api.queries.common import ADDRESS_PATTERN, DEFAULT_LIMIT, MAX_LIMIT
from safetynet.api.schemas import IndexedThrough, One

MAX_ID = 2**63 - 1  # ids and times are BIGINT in the index; larger cannot exist


def session(request: Request) -> Iterator[Session]:
    """One session per request, closed after it (the app keeps no state between requests)."""
    with request.app.state.sessions() as s:
        yield s


def mark(response: Response, through: IndexedThrough) -> None:
    """Name the indexed block in a header too (for clients that read only the body's data)."""
    response.headers["X-Indexed-Through-Block"] = str(through.block)


class Indexed(Protocol):
    indexed_through: IndexedThrough


A = TypeVar("A", bound=Indexed)
T = TypeVar("T")


def marked(response: Response, answer: A) -> A:
    """`answer`, with the block it is indexed through named in the header too."""
    mark(response, answer.indexed_through)
    return answer


def one(response: Response, found: tuple[IndexedThrough, T]) -> One[T]:
    """One object a query found, as the body `{"indexed_through", "data"}`, the block named
    in the header too."""
    through, item = found
    mark(response, through)
    return One(indexed_through=through, data=item)


DB = Annotated[Session, Depends(session)]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"items per page (1-{MAX_LIMIT})")]
Cursor = Annotated[
    str | None,
    Query(pattern=r"^[0-9]{0,18}$",
          description="`next_cursor` of the previous page; omit for the first"),
]  # fmt: skip
PayoutCursor = Annotated[
    str | None,
    Query(pattern=r"^([0-9]{1,18}-[0-9]{1,9}-[0-9]{1,18})?$",
          description="`next_cursor` of the previous page; omit for the first"),
]  # fmt: skip
Address = Annotated[str, Path(pattern=ADDRESS_PATTERN, description="0x + 40 hex digits")]
OptAddress = Annotated[str | None, Query(pattern=ADDRESS_PATTERN, description="0x + 40 hex digits")]
Id = Annotated[int, Path(ge=0, le=MAX_ID)]
OptId = Annotated[int | None, Query(ge=0, le=MAX_ID)]
Time = Annotated[int | None, Query(ge=0, le=MAX_ID, description="unix seconds")]
DEFAULT = DEFAULT_LIMIT
