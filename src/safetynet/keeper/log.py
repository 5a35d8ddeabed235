"""The keeper's log: one JSON object per line on stdout, nothing else."""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from typing import Any, TextIO


def log_action(action: str, stream: TextIO | None = None, **fields: Any) -> None:
    """One structured log line (JSON) per keeper action."""
    line = {"ts": datetime.now(UTC).isoformat(timespec="milliseconds"), "action": action}
    line.update(fields)
    out = stream or sys.stdout
    out.write(json.dumps(line, default=str) + "\n")
    out.flush()
