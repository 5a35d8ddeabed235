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
