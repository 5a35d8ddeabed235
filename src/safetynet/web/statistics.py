"""What the statistics page shows, from the index through the API's query layer: capital,
locked capital and utilization hour by hour, the share price, active cover by product,
premiums, claims paid and the loss ratio, time to payout, the claims ledger, incidents with
their feed around the trigger, and when the keeper last acted."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from safetynet.api import queries
from safetynet.api.errors import NotFound
from safetynet.indexer.models import Event

HISTORY_HOURS = 168  # a week of hourly points in the charts
LEDGER_LIMIT = 50  # newest claims in the ledger
INCIDENTS_SHOWN = 5  # newest incidents, each with its feed chart
FEED_MARGIN = 6 * 3_600  # feed rounds shown either side of an incident
FEED_ROUNDS = 200  # rounds per incident chart at most
# Events only the keeper's work (or anyone doing it) produces: settling a due claim,
# reporting a parametric incident, pushing its payouts.
KEEPER_EVENTS = ("ClaimSettled", "IncidentReported", "IncidentPaid", "CoversPaid")


@dataclass
class IncidentView:
    incident: queries.IncidentOut
    product_name: str
    feed: queries.FeedHistory | None


@dataclass
class Statistics:
    stats: queries.Stats
    pool: queries.PoolNow
    history: list[queries.PoolPoint]  # oldest first
    products: list[queries.ProductOut]
    ledger: list[queries.ClaimOut]
    incidents: list[IncidentView]
    keeper_last: Any  # (name, timestamp, block, tx) or None


def keeper_last_acted(session: Session) -> Any:
    return session.execute(
        select(Event.name, Event.block_timestamp, Event.block_number, Event.tx_hash)
        .where(Event.name.in_(KEEPER_EVENTS))
        .order_by(Event.block_number.desc(), Event.log_index.desc())
        .limit(1)
    ).first()


def statistics(session: Session) -> Statistics:
    products = queries.products(session).items
    names = {p.product_id: p.name for p in products}
    views = []
    for i in queries.incidents(session, limit=INCIDENTS_SHOWN).items:
        try:
            feed = queries.feed_history(
                session, i.product_id, since=i.time - FEED_MARGIN, until=i.end + FEED_MARGIN,
                limit=FEED_ROUNDS,
            )  # fmt: skip
        except NotFound:  # the trigger was cleared
            feed = None
        views.append(IncidentView(i, names.get(i.product_id, f"product {i.product_id}"), feed))
    history = queries.pool_history(session, limit=HISTORY_HOURS).items
    return Statistics(
        stats=queries.stats(session, capital_points=HISTORY_HOURS),
        pool=queries.pool_now(session),
        history=list(reversed(history)),
        products=products,
        ledger=queries.claims(session, limit=LEDGER_LIMIT).items,
        incidents=views,
        keeper_last=keeper_last_acted(session),
    )
