"""Service logs: one JSON object per line on stdout, nothing else; errors in one short field."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, TextIO

from safetynet import chain

# A service's log: log("name", **fields) writes one line (the keeper names it "action",
# the indexer "event").
LogFn = Callable[..., None]


def json_line(entry: dict[str, Any], stream: TextIO | None = None) -> None:
    """One structured log line: {"ts": <UTC time, ms>, **entry} as JSON, flushed."""
    line = {"ts": datetime.now(UTC).isoformat(timespec="milliseconds"), **entry}
    out = stream or sys.stdout
    out.write(json.dumps(line, default=str) + "\n")
    out.flush()


def short_error(exc: BaseException | None) -> str:
    """A refusal's reason, or the error's first lines (one log field, bounded)."""
    if exc is None:
        return ""
    reason = chain.revert_reason(exc)
    if reason:
        return reason
    lines = [ln.strip() for ln in str(exc).splitlines() if ln.strip() and "====" not in ln]
    return f"{type(exc).__name__}: {' | '.join(lines)}"[:600]
