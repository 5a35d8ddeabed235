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


def _silent(*args: object, **kwargs: object) -> None:
    """Drops titanoboa's progress prints (see `silence_titanoboa`)."""


def silence_titanoboa() -> None:
    """titanoboa's network mode `print`s "tx broadcasted: 0x…", "0x… mined in block …!" and
    "contract deployed at …" (module-level `print` calls in boa/network.py); `chain` sends
    them to stderr for the CLI. The keeper logs what it sent itself, as JSON: drop them in
    its process, so neither its log nor a terminal gets lines that are not JSON. Call after
    connecting (connecting re-points them)."""
    import boa.network

    boa.network.print = _silent  # type: ignore[attr-defined]
