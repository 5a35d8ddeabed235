"""/api/pool: the pool now and hour by hour."""

from fastapi import APIRouter, Response

from safetynet.api import queries
from safetynet.api.deps import DB, DEFAULT, Cursor, Limit, Time, marked
from safetynet.api.schemas import Page

router = APIRouter(tags=["pool"])


@router.get("/pool")
def pool_now(db: DB, response: Response) -> queries.PoolNow:
    """The latest indexed pool figures (assets, shares, share price, locked capital,
    utilization) and the protocol-wide totals."""
    return marked(response, queries.pool_now(db))


@router.get("/pool/history")
def pool_history(
    db: DB, response: Response, since: Time = None, until: Time = None,
    limit: Limit = DEFAULT, cursor: Cursor = None,
) -> Page[queries.PoolPoint]:  # fmt: skip
    """The pool per hour (newest first): total assets, share price, utilization, locked
    capital, cumulative premiums and payouts; `since`/`until` bound the hour."""
    found = queries.pool_history(db, since=since, until=until, limit=limit, cursor=cursor)
    return marked(response, found)
