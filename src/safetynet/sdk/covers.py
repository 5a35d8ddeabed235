"""Covers: quotes, purchases, and the cover NFTs with their status at chain time."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from safetynet import chain
from safetynet.errors import SafetyNetError
from safetynet.sdk.products import (
    product,
    trigger_active,
)
from safetynet.sdk.record import Record
from safetynet.sdk.transactions import (
    acting_as,
    approve_if_needed,
    require_balance,
    require_positive,
    transact,
)
from safetynet.units import DAY

if TYPE_CHECKING:
    from safetynet.deploy import Protocol


@dataclass(frozen=True)
class CoverInfo(Record):
    """A cover NFT and its terms, judged at the chain's current time: `status` is waiting
    (bought, waiting period running), active, paid out (nothing left to pay) or expired;
    `active` is status == "active"; `payable` what it can still pay (amount - paid)."""

    cover_id: int
    product_id: int
    owner: str
    amount: int
    premium: int
    start: int
    end: int
    paid: int
    active: bool
    status: str = ""
    payable: int = 0


def cover_status(start: int, end: int, amount: int, paid: int, now: int) -> str:
    """waiting | active | paid out | expired, at chain time `now`."""
    if paid >= amount:
        return "paid out"
    if now < start:
        return "waiting"
    if now > end:
        return "expired"
    return "active"


def cover(p: Protocol, cover_id: int) -> CoverInfo:
    """One cover by id."""
    raw = transact(p.cover.covers, cover_id)
    now = chain.now()
    status = cover_status(raw.start, raw.end, raw.amount, raw.paid, now)
    return CoverInfo.from_struct(
        raw, cover_id=cover_id, owner=str(raw.owner), active=status == "active", status=status,
        payable=max(raw.amount - raw.paid, 0),
    )  # fmt: skip


def covers(p: Protocol, owner: str | None = None, product_id: int | None = None) -> list[CoverInfo]:
    """Covers, optionally only those held by `owner` or on one product."""
    found = []
    for cover_id in range(1, p.pool.cover_count() + 1):
        info = cover(p, cover_id)
        if owner is not None and info.owner.lower() != owner.lower():
            continue
        if product_id is not None and info.product_id != product_id:
            continue
        found.append(info)
    return found


def _require_trigger_quiet(p: Protocol, product_id: int) -> None:
    """Parametric cover is not sold while its trigger is active; say so before an approve."""
    if p.parametric is None or product(p, product_id).kind != "parametric":
        return
    if trigger_active(p, product_id):
        raise SafetyNetError(
            "refused before sending: cover: trigger active: sales paused (the product's feed "
            f"is below its threshold; product {product_id} is sold again once it recovers)"
        )


def _require_whole_days(period: int) -> None:
    if period <= 0 or period % DAY:
        raise SafetyNetError(
            f"cover period {period} s is not a whole number of days ({period / DAY:g} d): "
            "buy whole days, e.g. 7, 30 or 365"
        )


def quote(p: Protocol, product_id: int, amount: int, period: int) -> int:
    """Premium for `amount` of cover over `period` seconds bought now (the contract's own math).
    Periods are whole days: the contract would round a fraction away, so it is refused here."""
    require_positive(amount, "cover amount")
    _require_whole_days(period)
    return transact(p.cover.quote, product_id, amount, period)


def buy_cover(
    p: Protocol,
    product_id: int,
    amount: int,
    period: int,
    *,
    owner: str | None = None,
    max_premium: int | None = None,
    sender: str | None = None,
) -> int:
    """Buy cover; the premium may not exceed `max_premium` (default: the quote). Returns the id."""
    premium = quote(p, product_id, amount, period)  # refuses paused products and sales
    limit = premium if max_premium is None else max_premium
    _require_trigger_quiet(p, product_id)
    with acting_as(sender) as who:
        require_balance(p, who, premium)
        approve_if_needed(p, who, p.cover.address, premium)
        return transact(p.cover.buy_cover, product_id, amount, period, limit, owner or who)


def renew_cover(
    p: Protocol,
    cover_id: int,
    period: int,
    *,
    max_premium: int | None = None,
    sender: str | None = None,
) -> int:
    """Renew a cover (its owner): a follow-on cover of the same product and amount starting
    exactly at its end, at the current quote (default limit). Returns the new cover's id."""
    old = cover(p, cover_id)
    premium = quote(p, old.product_id, old.amount, period)
    limit = premium if max_premium is None else max_premium
    with acting_as(sender) as who:
        if old.owner.lower() != who.lower():
            raise SafetyNetError(
                f"cover {cover_id} belongs to {old.owner}, not {who}: only its owner may renew"
            )
        if chain.now() > old.end:
            raise SafetyNetError(
                f"cover {cover_id} ended at {old.end}: buy a new cover (`safetynet buy`)"
            )
        _require_trigger_quiet(p, old.product_id)
        require_balance(p, who, premium)
        approve_if_needed(p, who, p.cover.address, premium)
        return transact(p.cover.renew_cover, cover_id, period, limit)
