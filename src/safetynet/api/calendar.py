"""iCalendar (RFC 5545) of an account's covers: when each starts, ends, and when its claim
window closes, so a holder's own calendar reminds them before protection lapses.

Per cover two events: the cover period (DTSTART = start, DTEND = end, with an alarm a week
before the end) and the claim deadline (end + the Claims contract's claim grace, with an
alarm three days before). UIDs are stable (`cover-<id>-period@<host>`), so a calendar that
subscribes to the URL updates events in place instead of adding copies. Lines end in CRLF
and fold at 75 octets, as RFC 5545 §3.1 requires.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

PRODID = "-//SafetyNet//cover reminders//EN"
EXPIRY_ALARM = "-P7D"
DEADLINE_ALARM = "-P3D"


@dataclass(frozen=True)
class CoverDates:
    """What the calendar needs of one cover (amount already in whole units, as text)."""

    cover_id: int
    product_name: str
    amount: str
    start: int
    end: int
    claim_deadline: int


def _stamp(ts: int) -> str:
    return datetime.fromtimestamp(ts, UTC).strftime("%Y%m%dT%H%M%SZ")


def _text(value: str) -> str:
    """Escape a TEXT value (RFC 5545 §3.3.11)."""
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    """Fold a content line at 75 octets (continuation lines start with one space)."""
    raw = line.encode()
    if len(raw) <= 75:
        return line
    parts, start, limit = [], 0, 75
    while start < len(raw):
        end = min(start + limit, len(raw))
        while end < len(raw) and (raw[end] & 0xC0) == 0x80:  # never split a UTF-8 sequence
            end -= 1
        parts.append(raw[start:end].decode())
        start, limit = end, 74
    return "\r\n ".join(parts)


def _event(uid: str, stamp: str, start: int, end: int, summary: str, description: str,
           alarm: str, alarm_text: str) -> list[str]:  # fmt: skip
    return [
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"DTSTAMP:{stamp}",
        f"DTSTART:{_stamp(start)}",
        f"DTEND:{_stamp(end)}",
        f"SUMMARY:{_text(summary)}",
        f"DESCRIPTION:{_text(description)}",
        "TRANSP:TRANSPARENT",
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        f"DESCRIPTION:{_text(alarm_text)}",
        f"TRIGGER;RELATED=END:{alarm}",
        "END:VALARM",
        "END:VEVENT",
    ]


def render(address: str, covers: Iterable[CoverDates], *, stamp: int, block: int, host: str) -> str:
    """The VCALENDAR document; `stamp` (DTSTAMP) is the indexed block's time, so the same
    index state always gives the same bytes."""
    dtstamp = _stamp(stamp)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_text(f'SafetyNet covers of {address}')}",
        f"X-WR-CALDESC:{_text(f'Indexed through block {block}')}",
    ]
    for c in covers:
        what = f"cover #{c.cover_id} on {c.product_name}, {c.amount}"
        lines += _event(
            f"cover-{c.cover_id}-period@{host}", dtstamp, c.start, c.end,
            f"SafetyNet cover #{c.cover_id} ({c.product_name})",
            f"Protection of {what}. Renew before the end to keep it without a gap.",
            EXPIRY_ALARM, f"SafetyNet {what} ends in 7 days",
        )  # fmt: skip
        lines += _event(
            f"cover-{c.cover_id}-claim-deadline@{host}", dtstamp, c.claim_deadline,
            c.claim_deadline,
            f"Claim deadline, SafetyNet cover #{c.cover_id}",
            f"Last moment to file a claim on {what} (cover end + claim grace).",
            DEADLINE_ALARM, f"Claims on SafetyNet {what} close in 3 days",
        )  # fmt: skip
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)
