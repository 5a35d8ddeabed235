"""/api/health: is this process serving, and how far is its index (for load balancers)."""

import time

from fastapi import APIRouter, Response

from safetynet.api import queries
from safetynet.api.deps import DB, mark
from safetynet.api.schemas import IndexedThrough, Model

router = APIRouter(tags=["health"])


class Health(Model):
    """`lag_seconds`: wall-clock time since the indexed block (large on a quiet local chain,
    where no block is mined; on a live chain it shows an indexer that fell behind)."""

    status: str
    indexed_through: IndexedThrough
    lag_seconds: int


@router.get("/health")
def health(db: DB, response: Response) -> Health:
    """200 while the database answers (503 when it does not), with the indexed block."""
    through = queries.indexed_through(db)
    mark(response, through)
    return Health(
        status="ok",
        indexed_through=through,
        lag_seconds=max(int(time.time()) - through.timestamp, 0) if through.timestamp else 0,
    )
