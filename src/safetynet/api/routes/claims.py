"""/api/claims: the claims list, one claim with its votes, quorum progress and deadlines."""

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response

from safetynet.api import queries
from safetynet.api.deps import DB, DEFAULT, Cursor, Id, Limit, OptAddress, OptId, marked, one
from safetynet.api.schemas import One, Page

router = APIRouter(tags=["claims"])
Status = Literal["open", "accepted", "rejected", "paid", "frozen"]


@router.get("/claims")
def claims(
    db: DB, response: Response,
    status: Annotated[Status | None, Query(description="the chain's status")] = None,
    product_id: OptId = None, cover_id: OptId = None, claimant: OptAddress = None,
    limit: Limit = DEFAULT, cursor: Cursor = None,
) -> Page[queries.ClaimOut]:  # fmt: skip
    """Claims, newest first, with stage, tally and deadlines."""
    found = queries.claims(
        db, status=status, product_id=product_id, cover_id=cover_id, claimant=claimant,
        limit=limit, cursor=cursor,
    )  # fmt: skip
    return marked(response, found)


@router.get("/claims/{claim_id}")
def claim(db: DB, response: Response, claim_id: Id) -> One[queries.ClaimDetail]:
    """One claim: votes, quorum progress, stage, voting end and payout time."""
    return one(response, queries.claim(db, claim_id))
