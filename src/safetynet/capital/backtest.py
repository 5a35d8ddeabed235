"""Replay real incidents 2020-2024 against a book and a pool, month by month.

Each product earns its premium (at the model's rate or the book's) from the month its protocol
launched, net of the treasury and assessment fees, and pays when a real event hits it:
- PROTOCOL / CUSTODY products: rows of incidents.csv joined to the protocol in protocols.yaml whose
  cause is insured (see ``safetynet.risk.incidents.classify``); the payout is the cover amount
  times what depositors actually lost (the post-mortem figure when known, else net loss / TVL at
  the incident). CUSTODY products also pay in full on a withdrawal halt of 7+ days, and get back
  the recovered share when withdrawals resume.
- PARAMETRIC products: the depeg records of protocols.yaml; a trigger fires when the recorded low
  is below ``trigger_below`` and the time spent below 0.95 is at least ``trigger_min_days``.
The rates come from a model calibrated on 2021-2024 data, so this replay is in-sample (it checks
consistency, not predictive power); see docs/risk-model.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from safetynet.capital.book import Book, BookProduct
from safetynet.risk.facts import UNKNOWN, FactsDataset, load_facts

MAX_BPS = 10_000
HALT_MIN_DAYS = 7


@dataclass(frozen=True)
class Event:
    when: date
    product: str
    protocol: str
    amount: float  # > 0 payout, < 0 recovery
    cause: str
    source: str

    def to_json(self) -> dict[str, Any]:
        return {
            "date": self.when.isoformat(),
            "product": self.product,
            "protocol": self.protocol,
            "payout": self.amount if self.amount > 0 else 0.0,
            "recovery": -self.amount if self.amount < 0 else 0.0,
            "cause": self.cause,
            "source": self.source,
        }


def _months(start: date, end: date) -> list[date]:
    out, d = [], date(start.year, start.month, 1)
    while d <= end:
        out.append(d)
        d = date(d.year + (d.month == 12), d.month % 12 + 1, 1)
    return out


def _month_of(d: date) -> date:
    return date(d.year, d.month, 1)


def _active_from(item: BookProduct, book: Book, facts: FactsDataset) -> date:
    start = max(book.pool.start, item.start or book.pool.start)
    if item.product.protocol:
        launched = facts.get(item.product.protocol).launch()
        if launched is not None:
            start = max(start, launched)
    return start


def _events_for(item: BookProduct, active: date, end: date, facts: FactsDataset) -> list[Event]:
    p = item.product
    if not p.protocol:
        return []
    proto = facts.get(p.protocol)
    fallback_tvl = float(proto.tvl_usd) if proto.tvl_usd != UNKNOWN else 0.0
    events: list[Event] = []
    if p.kind in ("protocol", "custody"):
        for j in proto.incidents:
            when = j.incident.date
            if j.peril != p.kind or not active <= when <= end:
                continue
            frac = j.loss_fraction(fallback_tvl)
            if frac <= 0:
                continue
            events.append(
                Event(
                    when,
                    p.name,
                    proto.name,
                    min(p.amount, p.amount * frac),
                    f"{j.incident.attack_type}: {j.note or j.incident.protocol}",
                    j.incident.source,
                )
            )
    if p.kind == "custody":
        for h in proto.halts:
            if h.get("kind") != "withdrawal_halt" or float(h.get("days", 0)) < HALT_MIN_DAYS:
                continue
            when = date.fromisoformat(h["date"]) + timedelta(days=HALT_MIN_DAYS)
            if not active <= when <= end:
                continue
            src = proto.sources.get("halts", "protocols.yaml")
            events.append(
                Event(
                    when, p.name, proto.name, p.amount, f"withdrawal halt: {h.get('note', '')}", src
                )
            )
            recovered = float(h.get("recovered", 0.0))
            back = date.fromisoformat(h["date"]) + timedelta(days=int(h["days"]))
            if recovered > 0 and back <= end:
                events.append(
                    Event(
                        back,
                        p.name,
                        proto.name,
                        -p.amount * recovered,
                        "recovery assigned to the pool after withdrawals resumed",
                        src,
                    )
                )
    if p.kind == "parametric" and item.trigger_below is not None:
        for h in proto.halts:
            if h.get("kind") != "depeg":
                continue
            when = date.fromisoformat(h["date"])
            low, days = float(h.get("low", 1.0)), float(h.get("days_below_0_95", 0))
            if low < item.trigger_below and days >= item.trigger_min_days and active <= when <= end:
                events.append(
                    Event(
                        when,
                        p.name,
                        proto.name,
                        p.amount * p.severity.mean(),
                        f"depeg to {low} ({h.get('note', '')})",
                        proto.sources.get("halts", "protocols.yaml"),
                    )
                )
    return events


def run_backtest(book: Book, facts: FactsDataset | None = None) -> dict[str, Any]:
    """Month-by-month pool equity, payouts and solvency for ``book`` over its pool window."""
    facts = facts or load_facts()
    pool = book.pool
    months = _months(pool.start, pool.end)
    active = {it.product.name: _month_of(_active_from(it, book, facts)) for it in book.items}
    events: list[Event] = []
    for it in book.items:
        events += _events_for(it, _active_from(it, book, facts), pool.end, facts)
    events.sort(key=lambda e: e.when)
    by_month: dict[date, list[Event]] = {}
    for e in events:
        by_month.setdefault(_month_of(e.when), []).append(e)

    equity = peak = pool.capital
    worst_dd = worst_dd_pct = 0.0
    totals = {
        "gross_premium": 0.0,
        "net_premium": 0.0,
        "fees": 0.0,
        "payouts": 0.0,
        "recoveries": 0.0,
    }
    series = []
    min_ratio, insolvent_months = float("inf"), 0
    for m in months:
        live = [it.product for it in book.items if active[it.product.name] <= m]
        cover = sum(p.amount for p in live)
        gross = sum(p.amount * p.rate_bps / MAX_BPS / 12.0 for p in live)
        net = gross * (1.0 - pool.expense_ratio)
        month_events = by_month.get(m, [])
        paid = sum(e.amount for e in month_events if e.amount > 0)
        back = -sum(e.amount for e in month_events if e.amount < 0)
        equity += net - paid + back
        totals["gross_premium"] += gross
        totals["net_premium"] += net
        totals["fees"] += gross - net
        totals["payouts"] += paid
        totals["recoveries"] += back
        peak = max(peak, equity)
        worst_dd = max(worst_dd, peak - equity)
        worst_dd_pct = max(worst_dd_pct, (peak - equity) / peak if peak > 0 else 0.0)
        locked = cover * MAX_BPS / pool.max_leverage_bps
        ratio = equity / locked if locked > 0 else None
        if ratio is not None:
            min_ratio = min(min_ratio, ratio)
        if equity < 0:
            insolvent_months += 1
        series.append(
            {
                "month": m.strftime("%Y-%m"),
                "active_cover": cover,
                "premium": gross,
                "net_premium": net,
                "payouts": paid,
                "recoveries": back,
                "equity": equity,
                "locked_capital": locked,
                "solvency_ratio": ratio,
            }
        )
    return {
        "book": book.name,
        "window": [pool.start.isoformat(), pool.end.isoformat()],
        "initial_capital": pool.capital,
        "final_equity": equity,
        "return_on_capital": (equity - pool.capital) / pool.capital,
        **totals,
        "loss_ratio": totals["payouts"] / totals["gross_premium"]
        if totals["gross_premium"]
        else None,
        "worst_drawdown": worst_dd,
        "worst_drawdown_pct": worst_dd_pct,
        "min_solvency_ratio": None if min_ratio == float("inf") else min_ratio,
        "solvency_ratio_rule": "equity / locked capital (active cover * 10000 / max_leverage_bps)",
        "months_insolvent": insolvent_months,
        "events": [e.to_json() for e in events],
        "monthly": series,
        "notes": [
            "in-sample: rates come from a model fitted on 2021-2024 incidents",
            "parametric proof-of-reserve products have no feed history here: no trigger replayed",
            "payout = cover amount x share of deposits lost; covers renew monthly at full amount",
        ],
    }
