"""The query layer: plain functions taking a Session and filters, returning pydantic models.

The HTTP routes (safetynet.api.routes) and the web pages call these; nothing here knows
about HTTP beyond raising the API's errors (BadRequest, NotFound) for bad filters and
unknown ids. Every answer carries the block it is indexed through.
"""

from safetynet.api.queries.accounts import PositionOut, position
from safetynet.api.queries.claims import ClaimDetail, ClaimOut, VoteOut, claim, claims
from safetynet.api.queries.common import DEFAULT_LIMIT, MAX_LIMIT, indexed_through
from safetynet.api.queries.covers import CoverDetail, CoverOut, claim_grace, cover, covers
from safetynet.api.queries.incidents import (
    FeedHistory,
    IncidentOut,
    PayoutOut,
    feed_history,
    incident,
    incidents,
    payouts,
)
from safetynet.api.queries.pool import PoolNow, PoolPoint, pool_history, pool_now
from safetynet.api.queries.products import ProductList, ProductOut, product, products, risk_of
from safetynet.api.queries.stats import Stats, stats

__all__ = [
    "DEFAULT_LIMIT", "MAX_LIMIT", "ClaimDetail", "ClaimOut", "CoverDetail", "CoverOut",
    "FeedHistory", "IncidentOut", "PayoutOut", "PoolNow", "PoolPoint", "PositionOut",
    "ProductList", "ProductOut", "Stats", "VoteOut", "claim", "claim_grace", "claims", "cover",
    "covers", "feed_history", "incident", "incidents", "indexed_through", "payouts",
    "pool_history", "pool_now", "position", "product", "products", "risk_of", "stats",
]  # fmt: skip
