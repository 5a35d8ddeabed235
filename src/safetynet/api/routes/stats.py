"""/api/stats: the public statistics (see docs/api.md for what each figure means)."""

from typing import Annotated

from fastapi import APIRouter, Query, Response

from safetynet.api import queries
from safetynet.api.deps import DB, marked

router = APIRouter(tags=["statistics"])


@router.get("/stats")
def stats(
    db: DB, response: Response,
    capital_points: Annotated[int, Query(ge=0, le=2_000, description="hours of capital")] = 168,
) -> queries.Stats:  # fmt: skip
    """Premiums written and earned, claims paid, loss ratio, time from incident to payout
    (assessed and parametric), claims by product and outcome, capital against locked."""
    return marked(response, queries.stats(db, capital_points=capital_points))
