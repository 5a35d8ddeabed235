"""Times relative to the chain's clock, for countdowns ("in 2 days 3 hours", "5 hours ago").

Pages judge time by the chain's latest block, not the server's clock: a local chain that
was time-travelled, or an index a few blocks behind, must not show a deadline as passed
when the contract does not think so."""

from __future__ import annotations

UNITS = (("day", 86_400), ("hour", 3_600), ("minute", 60))


def span(seconds: int) -> str:
    """A duration in its two largest units: 183_600 -> "2 days 3 hours"."""
    seconds = abs(int(seconds))
    if seconds < 60:
        return "less than a minute"
    parts: list[str] = []
    for name, size in UNITS:
        count, seconds = divmod(seconds, size)
        if count:
            parts.append(f"{count} {name}" + ("s" if count != 1 else ""))
        if len(parts) == 2:
            break
    return " ".join(parts)


def relative(timestamp: int, now: int) -> str:
    """ "in 2 days 3 hours" for the future, "5 hours ago" for the past, "now" for now."""
    if timestamp == now:
        return "now"
    if timestamp > now:
        return f"in {span(timestamp - now)}"
    return f"{span(now - timestamp)} ago"
