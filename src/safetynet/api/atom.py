"""Atom (RFC 4287) feed of a product's incidents and claims, newest first.

Entry ids are tag URIs that never change (`tag:<host>,2026:claim/<id>`); `updated` is the
time of the latest event about the entry, so a feed reader shows a claim again when its
stage changes. Built with ElementTree, so names and evidence are escaped, never pasted.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from xml.etree import ElementTree as ET

ATOM = "http://www.w3.org/2005/Atom"


@dataclass(frozen=True)
class Entry:
    key: str  # e.g. "claim/3", "incident/1"
    title: str
    summary: str
    updated: int
    link: str


def _time(ts: int) -> str:
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def render(
    *, title: str, feed_key: str, self_link: str, host: str, updated: int,
    entries: Iterable[Entry],
) -> bytes:  # fmt: skip
    """The feed document as UTF-8 bytes."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    ET.SubElement(feed, f"{{{ATOM}}}id").text = f"tag:{host},2026:{feed_key}"
    ET.SubElement(feed, f"{{{ATOM}}}title").text = title
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = _time(updated)
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", href=self_link)
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    ET.SubElement(author, f"{{{ATOM}}}name").text = "SafetyNet indexer"
    for e in entries:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        ET.SubElement(entry, f"{{{ATOM}}}id").text = f"tag:{host},2026:{e.key}"
        ET.SubElement(entry, f"{{{ATOM}}}title").text = e.title
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = _time(e.updated)
        ET.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", href=e.link)
        ET.SubElement(entry, f"{{{ATOM}}}summary").text = e.summary
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="utf-8")
