"""/api/incidents and /api/payouts."""

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response

from safetynet.api import queries
from safetynet.api.deps import (
    DB,
    DEFAULT,
    Cursor,
    Id,
    Limit,
    OptAddress,
    OptId,
    PayoutCursor,
    marked,
    one,
)  # fmt: skip
from safetynet.api.schemas import One, Page

router = APIRouter(tags=["incidents and payouts"])


@router.get("/incidents")
def incidents(
    db: DB, response: Response, product_id: OptId = None, limit: Limit = DEFAULT,
    cursor: Cursor = None,
) -> Page[queries.IncidentOut]:  # fmt: skip
    """Parametric incidents, newest first, with what each has paid so far."""
    found = queries.incidents(db, product_id=product_id, limit=limit, cursor=cursor)
    return marked(response, found)


@router.get("/incidents/{incident_id}")
def incident(db: DB, response: Response, incident_id: Id) -> One[queries.IncidentOut]:
    return one(response, queries.incident(db, incident_id))


@router.get("/payouts")
def payouts(
    db: DB, response: Response,
    kind: Annotated[Literal["assessed", "parametric"] | None, Query()] = None,
    product_id: OptId = None, cover_id: OptId = None, incident_id: OptId = None,
    owner: OptAddress = None, limit: Limit = DEFAULT, cursor: PayoutCursor = None,
) -> Page[queries.PayoutOut]:  # fmt: skip
    """Payouts to covers, newest first, with the time from incident to payout."""
    found = queries.payouts(
        db, kind=kind, product_id=product_id, cover_id=cover_id, incident_id=incident_id,
        owner=owner, limit=limit, cursor=cursor,
    )  # fmt: skip
    return marked(response, found)
