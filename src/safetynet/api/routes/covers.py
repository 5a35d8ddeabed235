"""/api/covers: covers by owner or product, one cover with its timeline."""

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response

from safetynet.api import queries
from safetynet.api.deps import DB, DEFAULT, Cursor, Id, Limit, OptAddress, OptId, marked, one
from safetynet.api.schemas import One, Page

router = APIRouter(tags=["covers"])
State = Literal["waiting", "active", "expired", "paid out"]


@router.get("/covers")
def covers(
    db: DB, response: Response, owner: OptAddress = None, product_id: OptId = None,
    state: Annotated[State | None, Query(description="at the indexed block's time")] = None,
    limit: Limit = DEFAULT, cursor: Cursor = None,
) -> Page[queries.CoverOut]:  # fmt: skip
    """Covers, newest first; filter by owner (after transfers), product and state."""
    found = queries.covers(
        db, owner=owner, product_id=product_id, state=state, limit=limit, cursor=cursor
    )
    return marked(response, found)


@router.get("/covers/{cover_id}")
def cover(db: DB, response: Response, cover_id: Id) -> One[queries.CoverDetail]:
    """One cover with its timeline: bought, transfers, claims, payouts, start, end and claim
    deadline."""
    return one(response, queries.cover(db, cover_id))
