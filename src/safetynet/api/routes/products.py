"""/api/products: the market, one product, its parametric feed and its Atom feed."""

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request, Response
from sqlalchemy import select

from safetynet.api import atom, queries
from safetynet.api.deps import DB, Cursor, Id, Time, mark
from safetynet.api.queries.common import MAX_LIMIT
from safetynet.api.schemas import One
from safetynet.indexer.models import Claim, Incident

router = APIRouter(tags=["products"])
FEED_ENTRIES = 50


@router.get("/products")
def products(
    db: DB, response: Response,
    kind: Annotated[Literal["protocol", "parametric", "custody"] | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = MAX_LIMIT, cursor: Cursor = None,
) -> queries.ProductList:  # fmt: skip
    """Products in id order: terms, attestation (auditor, expiry, live), capacity left,
    price now and surge curve, risk score and red flags (risk engine), claims by outcome."""
    result = queries.products(db, kind=kind, limit=limit, cursor=cursor)
    mark(response, result.indexed_through)
    return result


@router.get("/products/{product_id}")
def product(db: DB, response: Response, product_id: Id) -> One[queries.ProductOut]:
    """One product (404 when the index does not hold it)."""
    through, item = queries.product(db, product_id)
    mark(response, through)
    return One[queries.ProductOut](indexed_through=through, data=item)


@router.get("/products/{product_id}/feed-history")
def feed_history(
    db: DB, response: Response, product_id: Id, since: Time = None, until: Time = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 100, cursor: Cursor = None,
) -> queries.FeedHistory:  # fmt: skip
    """A parametric product's trigger feed, round by round (newest first), with the
    trigger's threshold and whether each round was below it."""
    result = queries.feed_history(
        db, product_id, since=since, until=until, limit=limit, cursor=cursor
    )
    mark(response, result.indexed_through)
    return result


@router.get(
    "/products/{product_id}/feed.atom",
    response_class=Response,
    responses={200: {"content": {"application/atom+xml": {}}}},
)
def product_atom(db: DB, request: Request, product_id: Id) -> Response:
    """Atom feed of the product's incidents and claims (newest first)."""
    through, prod = queries.product(db, product_id)
    host = request.url.hostname or "safetynet"
    base = str(request.base_url).rstrip("/")
    entries = []
    for i in db.scalars(
        select(Incident).where(Incident.product_id == product_id)
        .order_by(Incident.incident_id.desc()).limit(FEED_ENTRIES)
    ):  # fmt: skip
        entries.append(atom.Entry(
            key=f"incident/{i.incident_id}",
            title=f"Incident #{i.incident_id} on {prod.name}",
            summary=f"feed below the trigger from {i.time} to {i.end}; {i.covers_paid} covers "
                    f"paid {i.total_paid} in total",
            updated=i.last_payout_at or i.reported_at,
            link=f"{base}/api/incidents/{i.incident_id}",
        ))  # fmt: skip
    for c in db.scalars(
        select(Claim).where(Claim.product_id == product_id)
        .order_by(Claim.claim_id.desc()).limit(FEED_ENTRIES)
    ):  # fmt: skip
        stage = c.stage(through.timestamp)
        entries.append(atom.Entry(
            key=f"claim/{c.claim_id}",
            title=f"Claim #{c.claim_id} on {prod.name}: {stage}",
            summary=f"claim of {c.amount} on cover #{c.cover_id}; accept {c.accept_weight}, "
                    f"reject {c.reject_weight}, quorum {c.quorum}; voting ends {c.voting_end}",
            updated=c.settled_at or c.submitted_at,
            link=f"{base}/api/claims/{c.claim_id}",
        ))  # fmt: skip
    entries.sort(key=lambda e: e.updated, reverse=True)
    body = atom.render(
        title=f"SafetyNet: incidents and claims on {prod.name}",
        feed_key=f"product/{product_id}",
        self_link=str(request.url),
        host=host,
        updated=max([e.updated for e in entries], default=through.timestamp),
        entries=entries,
    )
    headers = {"X-Indexed-Through-Block": str(through.block)}
    return Response(body, media_type="application/atom+xml", headers=headers)
