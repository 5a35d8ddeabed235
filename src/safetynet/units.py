"""Whole asset units at the edges (CLI, API), integers in the smallest unit inside."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from safetynet.errors import SafetyNetError


def to_units(text: str | int | float | Decimal, decimals: int, *, what: str = "amount") -> int:
    """Parse a human amount ("1000.5") into smallest units, exactly; refuse anything lossy."""
    try:
        value = Decimal(str(text).replace("_", "").replace(",", ""))
    except InvalidOperation as exc:
        raise SafetyNetError(f"{what} {text!r} is not a number (e.g. 1000.5)") from exc
    if not value.is_finite():
        raise SafetyNetError(f"{what} must be a finite number")
    if value < 0:
        raise SafetyNetError(f"{what} must not be negative")
    scaled = value.scaleb(decimals)
    if scaled != scaled.to_integral_value():
        raise SafetyNetError(f"{what} {text} has more than {decimals} decimals")
    return int(scaled)


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
