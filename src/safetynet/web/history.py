"""A product's incident history as the chain records it (parametric incidents); claims
history comes from the indexer's API once it is merged."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

RECENT = 20  # incidents shown per product, newest first (the loop is bounded by this)


@dataclass(frozen=True)
class IncidentRow:
    incident_id: int
    time: int
    end: int
    payout_bps: int


def product_incidents(p: Any, product_id: int) -> list[IncidentRow]:
    """The product's latest parametric incidents, newest first (at most RECENT are read)."""
    if p.parametric is None:
        return []
    count = int(p.parametric.incident_count())
    rows: list[IncidentRow] = []
    for incident_id in range(count, max(count - RECENT * 5, 0), -1):
        raw = p.parametric.incidents(incident_id)
        if int(raw.product_id) == product_id:
            rows.append(IncidentRow(incident_id, int(raw.time), int(raw.end), int(raw.payout_bps)))
        if len(rows) >= RECENT:
            break
    return rows


@dataclass(frozen=True)
class ClaimsHistory:
    """A product's latest claims from the index (the API's query layer), or why there are
    none to show: the index is unavailable or not yet built."""

    claims: list[Any]
    indexed_block: int
    unavailable: str = ""


def product_claims(app_state: Any, product_id: int) -> ClaimsHistory:
    """The product's latest claims (at most RECENT), read through safetynet.api.queries."""
    from sqlalchemy.exc import SQLAlchemyError

    from safetynet.api.errors import ApiError
    from safetynet.api.queries.claims import claims as indexed_claims

    sessions = getattr(app_state, "sessions", None)
    if sessions is None:
        return ClaimsHistory([], 0, "this server has no index database")
    try:
        with sessions() as session:
            found = indexed_claims(session, product_id=product_id, limit=RECENT)
    except (SQLAlchemyError, ApiError):
        return ClaimsHistory([], 0, "the claims index cannot be read yet (is the indexer running?)")
    return ClaimsHistory(list(found.items), found.indexed_through.block)
