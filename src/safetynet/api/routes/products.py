"""/api/products: the market, one product, its parametric feed and its Atom feed."""

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request, Response
from sqlalchemy import ScalarResult, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from safetynet.api import atom, queries
from safetynet.api.deps import DB, Cursor, Id, Time, marked, one
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
    return marked(response, queries.products(db, kind=kind, limit=limit, cursor=cursor))


@router.get("/products/{product_id}")
def product(db: DB, response: Response, product_id: Id) -> One[queries.ProductOut]:
    """One product (404 when the index does not hold it)."""
    return one(response, queries.product(db, product_id))


@router.get("/products/{product_id}/feed-history")
def feed_history(
    db: DB, response: Response, product_id: Id, since: Time = None, until: Time = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 100, cursor: Cursor = None,
) -> queries.FeedHistory:  # fmt: skip
    """A parametric product's trigger feed, round by round (newest first), with the
    trigger's threshold and whether each round was below it."""
    found = queries.feed_history(
        db, product_id, since=since, until=until, limit=limit, cursor=cursor
    )
    return marked(response, found)


def _newest(db: Session, key: InstrumentedAttribute[int], product_id: int) -> ScalarResult[Any]:
    """The product's newest FEED_ENTRIES rows of `key`'s table (incidents or claims)."""
    table = key.class_
    query = select(table).where(table.product_id == product_id)
    return db.scalars(query.order_by(key.desc()).limit(FEED_ENTRIES))


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
    entries = [
        atom.Entry(
            key=f"incident/{i.incident_id}",
            title=f"Incident #{i.incident_id} on {prod.name}",
            summary=f"feed below the trigger from {i.time} to {i.end}; {i.covers_paid} covers "
                    f"paid {i.total_paid} in total",
            updated=i.last_payout_at or i.reported_at,
            link=f"{base}/api/incidents/{i.incident_id}",
        )
        for i in _newest(db, Incident.incident_id, product_id)
    ] + [
        atom.Entry(
            key=f"claim/{c.claim_id}",
            title=f"Claim #{c.claim_id} on {prod.name}: {c.stage(through.timestamp)}",
            summary=f"claim of {c.amount} on cover #{c.cover_id}; accept {c.accept_weight}, "
                    f"reject {c.reject_weight}, quorum {c.quorum}; voting ends {c.voting_end}",
            updated=c.settled_at or c.submitted_at,
            link=f"{base}/api/claims/{c.claim_id}",
        )
        for c in _newest(db, Claim.claim_id, product_id)
    ]  # fmt: skip
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
