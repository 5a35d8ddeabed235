"""The iCalendar and Atom documents, read back by real parsers."""

from __future__ import annotations

from xml.etree import ElementTree as ET

import icalendar

from safetynet.api import atom, calendar
from tests.utils.constants import DAY


def _covers() -> list[calendar.CoverDates]:
    return [
        calendar.CoverDates(1, "Aave v3", "1,000 USDC", 1_800_000_000, 1_800_000_000 + 30 * DAY,
                            1_800_000_000 + 60 * DAY),
        calendar.CoverDates(2, "A long product name, with; commas and semicolons " * 3,
                            "5 USDC", 1_800_100_000, 1_800_100_000 + 7 * DAY,
                            1_800_100_000 + 37 * DAY),
    ]  # fmt: skip


def test_render_ics__two_covers__rfc5545_parser_reads_start_end_deadline():
    text = calendar.render("0xabc", _covers(), stamp=1_799_000_000, block=42, host="example")
    assert all(line.endswith("\r") or not line for line in text.split("\n"))
    assert all(len(line.encode()) <= 76 for line in text.split("\n"))  # 75 + CR
    cal = icalendar.Calendar.from_ical(text)
    events = list(cal.walk("VEVENT"))
    assert len(events) == 4
    period = {str(e["UID"]): e for e in events}
    first = period["cover-1-period@example"]
    assert int(first.decoded("DTSTART").timestamp()) == 1_800_000_000
    assert int(first.decoded("DTEND").timestamp()) == 1_800_000_000 + 30 * DAY
    deadline = period["cover-1-claim-deadline@example"]
    assert int(deadline.decoded("DTSTART").timestamp()) == 1_800_000_000 + 60 * DAY
    long_name = str(period["cover-2-period@example"]["SUMMARY"])
    assert "with; commas and semicolons" in long_name  # escaped, folded, read back whole
    assert len(list(cal.walk("VALARM"))) == 4


def test_render_ics__same_index__same_bytes():
    a = calendar.render("0xabc", _covers(), stamp=1, block=2, host="h")
    assert a == calendar.render("0xabc", _covers(), stamp=1, block=2, host="h")


def test_render_ics__no_covers__valid_empty_calendar():
    cal = icalendar.Calendar.from_ical(calendar.render("0xabc", [], stamp=0, block=0, host="h"))
    assert list(cal.walk("VEVENT")) == []


def test_render_atom__markup_in_titles__escaped_and_parsed():
    body = atom.render(
        title="Product <b>&</b> claims", feed_key="product/1", self_link="http://h/x",
        host="h", updated=1_800_000_000,
        entries=[atom.Entry("claim/1", "Claim #1 <script>", "accepted", 1_800_000_000, "http://h/c")],
    )  # fmt: skip
    root = ET.fromstring(body)
    ns = {"a": atom.ATOM}
    assert root.find("a:title", ns).text == "Product <b>&</b> claims"
    entry = root.find("a:entry", ns)
    assert entry.find("a:id", ns).text == "tag:h,2026:claim/1"
    assert entry.find("a:title", ns).text == "Claim #1 <script>"
    assert entry.find("a:updated", ns).text == "2027-01-15T08:00:00Z"
