"""The keeper's log: one JSON object per line on stdout, nothing else."""

from __future__ import annotations

from typing import Any, TextIO

from safetynet.service.log import json_line


def log_action(action: str, stream: TextIO | None = None, **fields: Any) -> None:
    """One structured log line (JSON) per keeper action."""
    json_line({"action": action, **fields}, stream)
