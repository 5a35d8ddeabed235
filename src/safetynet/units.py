"""Whole asset units at the edges (CLI, API), integers in the smallest unit inside."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation

from safetynet.errors import SafetyNetError

# Seconds: the one place the code base spells these out (tests: tests/utils/constants.py).
HOUR = 3_600
DAY = 24 * HOUR
YEAR = 365 * DAY

# Digits with "_" or grouped thousands ("1,000,000.5"); a decimal comma ("1,5") is refused.
_GROUPED = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d*)?")


def to_units(text: str | int | float | Decimal, decimals: int, *, what: str = "amount") -> int:
    """Parse a human amount ("1000.5", "1,000.5", "1_000") into smallest units, exactly;
    refuse anything lossy or ambiguous ("1,5" is not 15, nor 1.5)."""
    raw = str(text).strip()
    if "," in raw:
        if not _GROUPED.fullmatch(raw):
            raise SafetyNetError(
                f"{what} {raw!r}: use a dot for decimals (1.5); commas only group thousands (1,000)"
            )
        raw = raw.replace(",", "")
    try:
        value = Decimal(raw.replace("_", ""))
    except InvalidOperation as exc:
        raise SafetyNetError(f"{what} {text!r} is not a number (e.g. 1000.5)") from exc
    if not value.is_finite():
        raise SafetyNetError(f"{what} must be a finite number")
    if value < 0:
        raise SafetyNetError(f"{what} must not be negative")
    scaled = value.scaleb(decimals)
    if scaled != scaled.to_integral_value():
        raise SafetyNetError(f"{what} {text} has more than {decimals} decimals")
    if scaled >= 2**256:
        raise SafetyNetError(f"{what} {text} is too large")
    return int(scaled)


def parse_price(text: str, *, what: str = "price") -> Decimal:
    """A feed price for people ("0.93"): a finite positive number, dot for decimals."""
    try:
        value = Decimal(str(text).strip().replace("_", ""))
    except InvalidOperation as exc:
        raise SafetyNetError(f"{what} {text!r} is not a number (e.g. 0.93)") from exc
    if not value.is_finite() or value <= 0:
        raise SafetyNetError(f"{what} must be a finite number above 0 (got {text})")
    return value


def whole_days(days: float | str, *, what: str = "--days") -> int:
    """A cover period in whole days -> seconds; 7.5 days is refused, not rounded."""
    try:
        value = Decimal(str(days).strip())
    except InvalidOperation as exc:
        raise SafetyNetError(f"{what} {days!r} is not a number of days") from exc
    if not value.is_finite() or value <= 0:
        raise SafetyNetError(f"{what} must be a positive whole number of days (got {days})")
    if value != value.to_integral_value():
        raise SafetyNetError(f"{what} must be a whole number of days (got {days})")
    return int(value) * 86_400


def fmt_units(amount: int, decimals: int, places: int | None = None) -> str:
    """Smallest units -> "1,000.50" (all decimals unless `places` is given)."""
    value = Decimal(amount).scaleb(-decimals)
    shown = decimals if places is None else places
    text = f"{value:,.{shown}f}"
    if places is None and "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def to_float(amount: int, decimals: int) -> float:
    """For JSON and charts: smallest units -> float whole units."""
    return float(Decimal(amount).scaleb(-decimals))


def fmt_duration(seconds: int) -> str:
    """A span for people: "3 d 4 h", "2 h 5 min", "45 s"."""
    seconds = abs(int(seconds))
    days, rest = divmod(seconds, 86_400)
    hours, rest = divmod(rest, 3_600)
    minutes, secs = divmod(rest, 60)
    if days:
        return f"{days} d {hours} h" if hours else f"{days} d"
    if hours:
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    if minutes:
        return f"{minutes} min"
    return f"{secs} s"


def fmt_utc(ts: int, fmt: str = "%Y-%m-%d %H:%M") -> str:
    """A unix time in UTC as `fmt` says, without the zone (for tables, and sentences that
    name it)."""
    return datetime.fromtimestamp(int(ts), UTC).strftime(fmt)


def fmt_time(ts: int, now: int | None = None) -> str:
    """A unix time for people: "2026-12-01 05:30 UTC", plus "(in 3 d)" / "(2 h ago)" when
    `now` (chain time) is given."""
    text = fmt_utc(ts) + " UTC"
    if now is None:
        return text
    delta = int(ts) - int(now)
    if delta == 0:
        return f"{text} (now)"
    return f"{text} ({'in ' + fmt_duration(delta) if delta > 0 else fmt_duration(delta) + ' ago'})"


_AGO = re.compile(
    r"(\d+(?:\.\d+)?)\s*(s|sec|secs|seconds?|m|min|mins|minutes?|h|hours?|d|days?|w|weeks?)\s+ago"
)
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3_600, "d": 86_400, "w": 604_800}


def parse_time(text: str, now: int, *, what: str = "time") -> int:
    """A moment typed by a user -> unix seconds: "1764547200", "now", "2h ago", "3 days ago",
    or an ISO date/time ("2026-11-30", "2026-11-30T14:00", UTC unless it says otherwise).
    Relative times are resolved against `now` (chain time, not the wall clock)."""
    raw = str(text).strip().lower()
    if raw.isdigit():
        return int(raw)
    if raw == "now":
        return int(now)
    match = _AGO.fullmatch(raw)
    if match:
        amount = Decimal(match.group(1))
        unit = match.group(2)
        seconds = _UNIT_SECONDS["m" if unit.startswith("min") else unit[0]]
        return int(now) - int(amount * seconds)
    try:
        moment = datetime.fromisoformat(str(text).strip())
    except ValueError as exc:
        raise SafetyNetError(
            f"{what} {text!r} is not a time: use unix seconds, `2h ago`, `3 days ago`, or an "
            "ISO date like 2026-11-30T14:00 (UTC)"
        ) from exc
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return int(moment.timestamp())
