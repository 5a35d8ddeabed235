"""Statistics (public, no wallet): the pool's record from the index, with charts drawn on
the server as inline SVG."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from safetynet.web.account import cause_title
from safetynet.web.chart import Series, line_chart
from safetynet.web.context import ChainSource
from safetynet.web.records import read
from safetynet.web.render import record_page
from safetynet.web.statistics import Statistics, statistics

router = APIRouter()


def charts(s: Statistics, decimals: int) -> dict:
    unit = 10**decimals
    hours = [(p.hour, p) for p in s.history]
    capital = line_chart(
        [Series([(h, p.total_assets / unit) for h, p in hours], "capital"),
         Series([(h, p.locked_capital / unit) for h, p in hours], "locked capital", "line-2")],
        title="Capital and locked capital by hour",
        summary=f"{len(hours)} hourly points",
    )  # fmt: skip
    utilization = line_chart(
        [Series([(h, p.utilization_bps / 100) for h, p in hours], "utilization")],
        title="Utilization by hour", summary=f"{len(hours)} hourly points", y_label="%",
    )  # fmt: skip
    price = line_chart(
        [Series([(h, p.share_price / unit) for h, p in hours], "share price")],
        title="Share price by hour (assets per share)", summary=f"{len(hours)} hourly points",
    )  # fmt: skip
    feeds = {}
    for view in s.incidents:
        if view.feed is None:
            continue
        # The index keeps answers in the feed's own decimals, not the decimals themselves:
        # price feeds (Chainlink USD) use 8; a small threshold means a plain number.
        scale = 10**8 if abs(view.feed.threshold) > 10**6 else 1
        rounds = sorted(view.feed.items, key=lambda r: r.updated_at)
        feeds[view.incident.incident_id] = line_chart(
            [Series([(r.updated_at, r.answer / scale) for r in rounds], "feed answer")],
            title=f"Feed around incident #{view.incident.incident_id}",
            summary=f"{len(rounds)} rounds; dashed line: the threshold; marks: start and end",
            threshold=view.feed.threshold / scale,
            marks=(view.incident.time, view.incident.end),
        )
    return {"capital_chart": capital, "utilization_chart": utilization, "price_chart": price,
            "feed_charts": feeds}  # fmt: skip


@router.get("/statistics", response_class=HTMLResponse, include_in_schema=False)
def statistics_page(request: Request) -> HTMLResponse:
    def context(src: ChainSource) -> dict[str, Any]:
        s = read(request, statistics)
        return {
            "s": s,
            "now": s.stats.indexed_through.timestamp,
            "cause_title": cause_title,
            **charts(s, src.page_config()["decimals"]),
        }

    return record_page(request, "statistics.html", context)
